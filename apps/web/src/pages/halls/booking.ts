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
