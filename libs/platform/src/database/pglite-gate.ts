import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import type { DataSource } from 'typeorm';
import { PGliteDriver } from 'typeorm-pglite';

/**
 * The embedded database is one PGlite session, and typeorm-pglite hands that one session to
 * every TypeORM query runner. Left alone, two requests' transactions interleave in it: one's
 * COMMIT commits the other's half-done writes, one's ROLLBACK undoes the other's, and a row lock
 * taken by one does not stop the other. The gate gives the session to one transaction at a time,
 * as PostgreSQL gives each transaction its own connection:
 *
 * - a statement that starts a transaction (`START TRANSACTION`, `BEGIN`) makes its owner the
 *   owner of the session until the `COMMIT` or `ROLLBACK` that ends it;
 * - while the session has an owner, statements of anyone else wait; the owner's run;
 * - the owner is the transaction of `DataSource.transaction` (`gateTransactions` runs its work in
 *   an async context of its own, so every query made inside it — through its entity manager or
 *   any other — belongs to it), or else the query runner that started the transaction.
 *
 * PostgreSQL (DATABASE_URL) does not use it: there every transaction has its own connection.
 */
export class ConnectionGate {
  private readonly context = new AsyncLocalStorage<object>();
  private owner: object | null = null;
  /** Transactions the owner has started and not ended (a nested start is PGlite's warning, not a new one). */
  private depth = 0;
  private waiting: (() => void)[] = [];

  /** Runs `work` as one owner: every statement made inside it belongs to it. */
  within<T>(work: () => Promise<T>): Promise<T> {
    return this.context.run({}, work);
  }

  /** Runs one statement of `runner` when the session is free or already theirs. */
  async statement<T>(runner: object, sql: string, run: () => Promise<T>): Promise<T> {
    const mine = this.context.getStore() ?? runner;
    while (this.owner !== null && this.owner !== mine && this.owner !== runner)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    const starts = STARTS.test(sql);
    const ends = ENDS.test(sql);
    if (starts) {
      if (this.owner === null) this.owner = mine;
      this.depth += 1;
    }
    let failed = false;
    try {
      return await run();
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      // The session is free again once its transaction has ended (or failed to start).
      if ((ends || (failed && starts)) && this.depth > 0) {
        this.depth -= 1;
        if (this.depth === 0) this.release();
      }
    }
  }

  /** A runner let go without ending its transaction (a lost connection): free the session. */
  released(runner: object): void {
    if (this.owner === runner) this.release();
  }

  /** Whether a transaction holds the session now (for tests and metrics). */
  get busy(): boolean {
    return this.owner !== null;
  }

  private release(): void {
    this.owner = null;
    this.depth = 0;
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake();
  }
}

const STARTS = /^\s*(START\s+TRANSACTION|BEGIN)\b/i;
const ENDS = /^\s*(COMMIT|ROLLBACK|END)\s*;?\s*$/i;

type Callback = (err: Error | null, result?: unknown) => void;
interface InnerPool {
  connect(cb: (err: Error | null, client: unknown, done: () => void) => void): void;
  query(sql: string, params?: unknown[] | Callback, cb?: Callback): Promise<unknown>;
  end(cb: (err: Error | null) => void): void;
}

/** The process's gate (one PGlite session per process). */
export const pgliteGate = new ConnectionGate();

/**
 * The typeorm-pglite driver with every statement passed through the gate: each query runner
 * gets a client of its own (so the gate knows whose statement it is) over the one session.
 */
export function gatedPgliteDriver(options: ConstructorParameters<typeof PGliteDriver>[0], gate = pgliteGate): unknown {
  const Inner = (new PGliteDriver(options).driver as unknown as { Pool: new () => InnerPool }).Pool;
  class GatedPool extends EventEmitter {
    private readonly inner = new Inner();

    connect(cb: (err: Error | null, client: unknown, done: () => void) => void): void {
      this.inner.connect((err) => {
        if (err) return cb(err, null, () => undefined);
        // An emitter, as TypeORM listens for a connection's errors.
        const client = Object.assign(new EventEmitter(), {
          query: (sql: string, params?: unknown[] | Callback, done?: Callback) =>
            gate.statement(client, sql, () => this.inner.query(sql, params, done)),
        });
        cb(null, client, () => gate.released(client));
      });
    }

    query(sql: string, params?: unknown[] | Callback, done?: Callback): Promise<unknown> {
      const runner = {};
      return gate.statement(runner, sql, () => this.inner.query(sql, params, done));
    }

    end(cb: (err: Error | null) => void): void {
      this.inner.end(cb);
    }
  }
  return class {
    static Pool = GatedPool;
  };
}

/**
 * Makes every `DataSource.transaction` (and `manager.transaction`) of an embedded data source
 * its own owner at the gate, so that work inside it never waits for itself.
 */
export function gateTransactions(ds: DataSource, gate = pgliteGate): DataSource {
  const manager = ds.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  (manager as { transaction: unknown }).transaction = (...args: unknown[]) => gate.within(() => transaction(...args));
  return ds;
}
