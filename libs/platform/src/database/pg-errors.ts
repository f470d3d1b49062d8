/**
 * The one place that knows PostgreSQL's error codes (SQLSTATE, Appendix A of the PostgreSQL
 * manual). Features ask these predicates and turn the answer into their own error; a
 * constraint that stops a write is the database's word, so nothing is checked twice.
 *
 * The pg driver and PGlite put the code on the error itself; TypeORM wraps it in a
 * QueryFailedError and keeps the driver's error as `driverError`: both are read.
 */
export const SQLSTATE = {
  /** A unique index or constraint already holds the value. */
  uniqueViolation: '23505',
  /** An exclusion constraint (the `&&` of two time ranges): the slot is taken. */
  exclusionViolation: '23P01',
  /** Two transactions waited on each other; PostgreSQL aborted one of them. */
  deadlockDetected: '40P01',
} as const;

type MaybePgError = { code?: unknown; driverError?: { code?: unknown } };

/** The SQLSTATE of a database error, wherever the driver or TypeORM put it; undefined otherwise. */
export function sqlStateOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as MaybePgError;
  const code = typeof e.code === 'string' ? e.code : e.driverError?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export const isUniqueViolation = (err: unknown): boolean => sqlStateOf(err) === SQLSTATE.uniqueViolation;

export const isExclusionViolation = (err: unknown): boolean => sqlStateOf(err) === SQLSTATE.exclusionViolation;

/**
 * A slot taken by a concurrent write: the exclusion constraint refused it, or two overlapping
 * multi-row bookings deadlocked and PostgreSQL aborted this one (the other one won).
 */
export const isSlotTaken = (err: unknown): boolean =>
  isExclusionViolation(err) || sqlStateOf(err) === SQLSTATE.deadlockDetected;
