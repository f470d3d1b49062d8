import { COMMON_ERROR_CODES } from '@egov-box/contracts';
import { CouncilErrors, DisplayErrors, ElectionErrors, FloorErrors, RemoteErrors } from '@egov-box/council';
import { DirectoryErrors } from '@egov-box/directory';
import { HallErrors } from '@egov-box/halls';
import { OneOnOneErrors } from '@egov-box/one-on-one';
import {
  AuthErrors,
  CommonErrors,
  PERMISSIONS,
  type Denial,
  type ErrorFactory,
  type ErrorStatus,
} from '@egov-box/platform';
import { RoomErrors } from '@egov-box/rooms';
import { ScheduleErrors } from '@egov-box/schedule';
import { VideoErrors } from '@egov-box/video';

/** Every library's error definitions (`defineErrors`), by name. */
export const ERROR_DEFINITIONS: Record<string, Record<string, ErrorFactory>> = {
  CommonErrors,
  AuthErrors,
  DirectoryErrors,
  HallErrors,
  ScheduleErrors,
  OneOnOneErrors,
  RoomErrors,
  VideoErrors,
  CouncilErrors,
  ElectionErrors,
  FloorErrors,
  RemoteErrors,
  DisplayErrors,
};

/**
 * The codes the API answers with two statuses, each documented so in docs/api.md with its
 * route. Every other code has exactly one status; a code joins this list only with its docs.
 */
export const TWO_STATUSES: Readonly<Record<string, readonly ErrorStatus[]>> = {
  /** 400 when the request names someone who is not a member; 403 when the actor is not one. */
  not_a_member: [400, 403],
  /** 403 for a ballot by a member not present; 409 when the clerk identifies one not checked in. */
  not_present: [403, 409],
  /** 400 for an empty upload; 415 for a file of another type. */
  unsupported_material: [400, 415],
  /** 400 when proposing a time in the past; 409 when accepting a slot that has begun. */
  slot_in_past: [400, 409],
  /** 403 when joining a cancelled meeting's video; 409 when changing or answering it. */
  meeting_cancelled: [403, 409],
};

/** One answer the API may give: a code, its status, and who defines it. */
export interface ErrorEntry {
  code: string;
  status: ErrorStatus;
  source: string;
}

const refusals = (): ErrorEntry[] =>
  Object.entries(PERMISSIONS).flatMap(([name, rule]) =>
    [(rule as { denied?: Denial }).denied, (rule as { refused?: Denial }).refused]
      .filter((d): d is Denial => d !== undefined)
      .map((d) => ({ code: d.status === 404 ? 'not_found' : d.code, status: d.status, source: `PERMISSIONS.${name}` })),
  );

/** Every (code, status) the API answers: the libraries' definitions and the permissions' refusals. */
export function errorEntries(): ErrorEntry[] {
  const defined = Object.entries(ERROR_DEFINITIONS).flatMap(([name, factories]) =>
    Object.entries(factories).map(([key, f]) => ({ code: f.code, status: f.status, source: `${name}.${key}` })),
  );
  return [...defined, ...refusals()];
}

/**
 * The one map from code to HTTP status: each code's status, or for the codes of
 * `TWO_STATUSES` both. Throws when a code is answered with a status it does not list.
 */
export function errorStatusMap(entries = errorEntries()): Map<string, ErrorStatus | readonly ErrorStatus[]> {
  const statuses = new Map<string, Set<ErrorStatus>>();
  for (const e of entries) statuses.set(e.code, (statuses.get(e.code) ?? new Set()).add(e.status));
  for (const code of COMMON_ERROR_CODES) if (!statuses.has(code)) throw new Error(`common code ${code} has no status`);
  const map = new Map<string, ErrorStatus | readonly ErrorStatus[]>();
  for (const [code, set] of statuses) {
    const all = [...set].sort();
    const allowed = TWO_STATUSES[code];
    if (all.length === 1 && !allowed) map.set(code, all[0]!);
    else if (allowed && all.join() === [...allowed].sort().join()) map.set(code, allowed);
    else {
      const where = entries.filter((e) => e.code === code).map((e) => `${e.source} ${e.status}`);
      throw new Error(`${code} is answered with ${all.join(' and ')}: ${where.join(', ')}`);
    }
  }
  return map;
}
