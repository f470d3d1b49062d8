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

type MaybeConstraintError = { constraint?: unknown; driverError?: { constraint?: unknown } };

/**
 * The name of the constraint or unique index that refused a write (both drivers report it),
 * when the error is a unique or exclusion violation; undefined for anything else.
 */
export function constraintOf(err: unknown): string | undefined {
  const state = sqlStateOf(err);
  if (state !== SQLSTATE.uniqueViolation && state !== SQLSTATE.exclusionViolation) return undefined;
  const e = err as MaybeConstraintError;
  const name = typeof e.constraint === 'string' ? e.constraint : e.driverError?.constraint;
  return typeof name === 'string' ? name : undefined;
}

/**
 * Runs a write and turns a refusal by one of the named constraints into the feature's error.
 * Repositories call it around their inserts and updates, naming each constraint they expect
 * to refuse (`{ UQ_knock_pending: RoomErrors.knockPending }`); any other error, including a
 * refusal by a constraint not named, passes through unchanged.
 */
export async function refusedBy<T>(write: Promise<T>, errors: Record<string, () => Error>): Promise<T> {
  try {
    return await write;
  } catch (err) {
    const name = constraintOf(err);
    const make = name !== undefined && Object.hasOwn(errors, name) ? errors[name] : undefined;
    throw make ? make() : err;
  }
}
