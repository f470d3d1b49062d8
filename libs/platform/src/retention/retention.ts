import type { EntityManager } from 'typeorm';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One kind of personal data that is removed some days after it is finished. The library that
 * owns the table gives the sweep (no library deletes from another's tables); the platform's
 * {@link RetentionService} runs every sweep once a day.
 */
export interface RetentionSweep {
  /** The kind of data, e.g. `sessions`: a key of `retention_run.removed` and a metric label. */
  kind: string;
  /** The setting that gives its period (for logs and messages), e.g. `RETENTION_SESSIONS_DAYS`. */
  setting: string;
  /** Whole days the data is kept after it is finished. */
  days: number;
  /**
   * Removes, inside the transaction `em`, the rows finished before `cutoff` (never one still in
   * use); resolves with how many went. Compares with `cutoff` only, never with the database's
   * `now()`: the process's clock is the one that counts.
   */
  remove(cutoff: Date, em: EntityManager): Promise<number>;
}

/** The moment before which data kept `days` days is past its time, seen at `now`. */
export function retentionCutoff(now: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 1) throw new Error(`retention: ${days} is not a whole number of days ≥ 1`);
  return new Date(now.getTime() - days * DAY_MS);
}

const SOFIA_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Sofia',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day (YYYY-MM-DD) in Sofia at `at`: the key of the once-a-day claim. */
export function sofiaDay(at: Date): string {
  return SOFIA_DAY.format(at);
}

/** Counts the rows a `DELETE … RETURNING 1` removed, the same on PostgreSQL and PGlite. */
export async function deleteCounting(em: EntityManager, deleteReturning: string, params: unknown[]): Promise<number> {
  const rows: { n: number | string }[] = await em.query(
    `WITH gone AS (${deleteReturning}) SELECT count(*)::int AS n FROM gone`,
    params,
  );
  return Number(rows[0]?.n ?? 0);
}
