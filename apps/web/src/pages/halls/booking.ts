import { DateTime } from 'luxon';
import { PORTAL_ZONE } from '../../format/datetime';

/** Monday of the week holding `instant`, in Sofia, as YYYY-MM-DD. */
export function weekStart(instant: DateTime): string {
  return instant.setZone(PORTAL_ZONE).startOf('week').toISODate()!;
}

/** Sofia wall-clock date + time to an instant with its offset. */
export function sofiaInstant(date: string, time: string): string | null {
  const dt = DateTime.fromISO(`${date}T${time}`, { zone: PORTAL_ZONE });
  return dt.isValid ? dt.toISO({ suppressMilliseconds: true }) : null;
}

export type Recurrence = 'none' | 'daily' | 'weekly';

/** The RRULE the server reads in Sofia wall-clock time, or undefined for a single booking. */
export function recurrenceRule(kind: Recurrence, count: number): string | undefined {
  if (kind === 'none' || count < 2) return undefined;
  return `FREQ=${kind === 'daily' ? 'DAILY' : 'WEEKLY'};COUNT=${count}`;
}

/** Equipment the portal names in both languages; anything else an administrator typed is shown as typed. */
export const KNOWN_EQUIPMENT = [
  'projector',
  'screen',
  'video_conferencing',
  'wheelchair_access',
  'microphones',
  'voting_system',
  'streaming',
] as const;
export type KnownEquipment = (typeof KNOWN_EQUIPMENT)[number];

/** "projector, video_conferencing" → "проектор, видеоконферентна връзка" (by `label` of a known key). */
export function equipmentList(keys: string[], label: (key: KnownEquipment) => string): string {
  return keys
    .map((k) => ((KNOWN_EQUIPMENT as readonly string[]).includes(k) ? label(k as KnownEquipment) : k))
    .join(', ');
}

/** The seven days (YYYY-MM-DD, Sofia) of the week starting on `monday`. */
export function daysOfWeek(monday: string): string[] {
  const start = DateTime.fromISO(monday, { zone: PORTAL_ZONE });
  return Array.from({ length: 7 }, (_, i) => start.plus({ days: i }).toISODate()!);
}

/** The day a phone shows first: today when the week holds it, else the week's Monday. */
export function firstDayShown(monday: string, now: DateTime): string {
  const today = now.setZone(PORTAL_ZONE).toISODate()!;
  return daysOfWeek(monday).includes(today) ? today : monday;
}

/**
 * The colleagues whose name holds `filter` (any case, any spaces around), every one of them:
 * the list is never cut, the page says how many it shows.
 */
export function matchingPeople<P extends { displayName: string }>(people: P[], filter: string): P[] {
  const q = filter.trim().toLocaleLowerCase('bg');
  return q ? people.filter((p) => p.displayName.toLocaleLowerCase('bg').includes(q)) : people;
}
