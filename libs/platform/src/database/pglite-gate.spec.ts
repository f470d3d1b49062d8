import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.js';
import { gateTransactions, pgliteGate } from './pglite-gate.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Resolves when `flag()` is true (checked on every turn of the event loop). */
async function until(flag: () => boolean): Promise<void> {
  while (!flag()) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * The embedded database is one PGlite session shared by every query runner: without the gate
 * a transaction that failed was committed by another's COMMIT (its rows stayed), and a plain
 * read saw another transaction's rows before it rolled back.
 */
describe('the embedded database gives its one session to one transaction at a time', () => {
  let dir: string;
  let ds: DataSource;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'egov-gate-'));
    ds = gateTransactions(new DataSource(dataSourceOptions({ dataDir: dir }, [], [])));
    await ds.initialize();
    await ds.query('CREATE TABLE t (v text NOT NULL)');
  }, 60_000);

  afterAll(async () => {
    await ds?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const values = async () => ((await ds.query('SELECT v FROM t ORDER BY v')) as { v: string }[]).map((r) => r.v);

  it("a transaction that fails leaves nothing, though another committed meanwhile; the other's rows stay", async () => {
    await ds.query('DELETE FROM t');
    let inserted = false;
    const failing = ds
      .transaction(async (em) => {
        await em.query(`INSERT INTO t VALUES ('failed')`);
        inserted = true;
        await sleep(100);
        throw new Error('the request failed');
      })
      .catch((err: Error) => err.message);
    await until(() => inserted);
    const succeeding = ds.transaction(async (em) => {
      await em.query(`INSERT INTO t VALUES ('saved')`);
    });
    expect(await Promise.all([failing, succeeding])).toEqual(['the request failed', undefined]);
    expect(await values()).toEqual(['saved']);
    expect(pgliteGate.busy).toBe(false);
  });

  it('a read from outside never sees rows of a transaction that then rolls back', async () => {
    await ds.query('DELETE FROM t');
    let inserted = false;
    const failing = ds
      .transaction(async (em) => {
        await em.query(`INSERT INTO t VALUES ('uncommitted')`);
        inserted = true;
        await sleep(100);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await until(() => inserted);
    expect(await values()).toEqual([]);
    await failing;
  });

  it('inside a transaction, a query through the data source (another runner) is part of it and does not wait for it', async () => {
    await ds.query('DELETE FROM t');
    const seen = await ds.transaction(async (em) => {
      await em.query(`INSERT INTO t VALUES ('own')`);
      return values();
    });
    expect(seen).toEqual(['own']);
  });

  it('a failed statement ends nothing early: the transaction still rolls back whole, and the session is free after', async () => {
    await ds.query('DELETE FROM t');
    await expect(
      ds.transaction(async (em) => {
        await em.query(`INSERT INTO t VALUES ('first')`);
        await em.query(`INSERT INTO t VALUES (NULL)`);
      }),
    ).rejects.toThrow();
    expect(await values()).toEqual([]);
    expect(pgliteGate.busy).toBe(false);
  });
});
