import { describe, expect, it } from '@jest/globals';
import type { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { Metrics } from '../metrics/metrics.js';
import { retentionCutoff, sofiaDay, type RetentionSweep } from './retention.js';
import { RetentionService } from './retention.service.js';

/** A database that answers the claim as told and records every statement. */
function fakeDb(claimed: boolean) {
  const statements: { sql: string; params: unknown[] }[] = [];
  const em = { marker: 'em' } as unknown as EntityManager;
  const db = {
    statements,
    em,
    query: async (sql: string, params: unknown[]) => {
      statements.push({ sql, params });
      if (sql.includes('INSERT INTO retention_run')) return claimed ? [{ day: params[0] }] : [];
      return [];
    },
    transaction: async <T>(work: (em: EntityManager) => Promise<T>) => work(em),
  };
  return db;
}

function service(db: ReturnType<typeof fakeDb>) {
  return new RetentionService(db as unknown as DataSource, AppConfig.fromEnv({}), new Metrics());
}

function sweep(kind: string, days: number, remove: RetentionSweep['remove']): RetentionSweep {
  return { kind, setting: `RETENTION_${kind.toUpperCase()}_DAYS`, days, remove };
}

describe('retention cutoffs', () => {
  it('are whole days before the moment, by the process clock', () => {
    const now = new Date('2027-01-10T12:00:00.000Z');
    expect(retentionCutoff(now, 30).toISOString()).toBe('2026-12-11T12:00:00.000Z');
    expect(retentionCutoff(now, 1).toISOString()).toBe('2027-01-09T12:00:00.000Z');
  });

  it('refuse a period that is not a whole number of days from 1', () => {
    const now = new Date();
    for (const days of [0, -1, 1.5, Number.NaN]) expect(() => retentionCutoff(now, days)).toThrow(/whole number/);
  });

  it('the claimed day is the calendar day in Sofia, across midnight and the clock changes', () => {
    // 23:30 UTC is already the next day in Sofia (UTC+2 in winter, UTC+3 in summer).
    expect(sofiaDay(new Date('2027-01-10T21:59:59Z'))).toBe('2027-01-10');
    expect(sofiaDay(new Date('2027-01-10T22:00:00Z'))).toBe('2027-01-11');
    expect(sofiaDay(new Date('2027-07-10T20:59:59Z'))).toBe('2027-07-10');
    expect(sofiaDay(new Date('2027-07-10T21:00:00Z'))).toBe('2027-07-11');
    // The night the clocks go forward (28 March 2027, 03:00 → 04:00 Sofia).
    expect(sofiaDay(new Date('2027-03-27T22:30:00Z'))).toBe('2027-03-28');
  });
});

describe('RetentionService', () => {
  it('takes one sweep per kind and refuses a wrong period at boot', () => {
    const retention = service(fakeDb(true));
    retention.register(sweep('knocks', 30, async () => 0));
    expect(() => retention.register(sweep('knocks', 60, async () => 0))).toThrow(/registered twice/);
    expect(() => retention.register(sweep('sessions', 0, async () => 0))).toThrow(/whole number/);
    expect(retention.kinds()).toEqual([{ kind: 'knocks', setting: 'RETENTION_KNOCKS_DAYS', days: 30 }]);
  });

  it('a claimed day runs every sweep with its own cutoff, in a transaction, and records the counts', async () => {
    const db = fakeDb(true);
    const retention = service(db);
    const seen: { kind: string; cutoff: string; em: unknown }[] = [];
    retention.register(
      sweep(
        'sessions',
        90,
        async (cutoff, em) => (seen.push({ kind: 'sessions', cutoff: cutoff.toISOString(), em }), 4),
      ),
    );
    retention.register(
      sweep('knocks', 30, async (cutoff, em) => (seen.push({ kind: 'knocks', cutoff: cutoff.toISOString(), em }), 0)),
    );
    const now = new Date('2027-06-01T08:00:00.000Z');
    const run = await retention.runIfDue(now);
    expect(run).toEqual({ day: '2027-06-01', removed: { sessions: 4, knocks: 0 }, failed: {} });
    expect(seen).toEqual([
      { kind: 'sessions', cutoff: '2027-03-03T08:00:00.000Z', em: db.em },
      { kind: 'knocks', cutoff: '2027-05-02T08:00:00.000Z', em: db.em },
    ]);
    expect(db.statements[0]!.params).toEqual(['2027-06-01', now]);
    const update = db.statements.find((s) => s.sql.includes('UPDATE retention_run'))!;
    expect(update.params[0]).toBe('2027-06-01');
    expect(JSON.parse(update.params[2] as string)).toEqual({ sessions: 4, knocks: 0 });
    // Nothing but the claim and the record of the run goes through the service itself.
    expect(db.statements).toHaveLength(2);
  });

  it('a day already claimed (by this or another process) runs nothing', async () => {
    const db = fakeDb(false);
    const retention = service(db);
    let ran = false;
    retention.register(sweep('knocks', 30, async () => ((ran = true), 1)));
    expect(await retention.runIfDue(new Date('2027-06-01T08:00:00Z'))).toBeUndefined();
    expect(ran).toBe(false);
    expect(db.statements).toHaveLength(1);
  });

  it('a failed sweep is recorded and the others still run', async () => {
    const db = fakeDb(true);
    const retention = service(db);
    retention.register(
      sweep('sessions', 90, async () => {
        throw new Error('lost the database');
      }),
    );
    retention.register(sweep('knocks', 30, async () => 2));
    const run = await retention.runIfDue(new Date('2027-06-01T08:00:00Z'));
    expect(run!.removed).toEqual({ knocks: 2 });
    expect(run!.failed).toEqual({ sessions: 'Error: lost the database' });
    const update = db.statements.find((s) => s.sql.includes('UPDATE retention_run'))!;
    expect(JSON.parse(update.params[3] as string)).toEqual({ sessions: 'Error: lost the database' });
  });
});
