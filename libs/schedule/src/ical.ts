import { MUNICIPAL_TIME_ZONE } from '@egov-box/contracts';
import ical, { ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import type { Meeting } from './entities/meeting.entity.js';

/** The Europe/Sofia rules (EU daylight saving since 1997), so clients need no tz database. */
const SOFIA_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Sofia',
  'X-LIC-LOCATION:Europe/Sofia',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0300',
  'TZNAME:EEST',
  'DTSTART:19700329T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0300',
  'TZOFFSETTO:+0200',
  'TZNAME:EET',
  'DTSTART:19701025T040000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\n');

export function vtimezone(tz: string): string | null {
  return tz === MUNICIPAL_TIME_ZONE ? SOFIA_VTIMEZONE : null;
}

/**
 * A user's meetings as iCalendar: one VEVENT per occurrence with a stable UID, a
 * SEQUENCE that rises with every change and STATUS:CANCELLED for cancellations, so that
 * Outlook, Thunderbird and phones follow changes.
 */
export function buildCalendar(name: string, meetings: Meeting[]): string {
  const cal = ical({
    name,
    prodId: { company: 'eGov Box', product: 'schedule', language: 'BG' },
    timezone: { name: MUNICIPAL_TIME_ZONE, generator: vtimezone },
    ttl: 15 * 60,
  });
  for (const m of meetings) {
    cal.createEvent({
      id: m.icalUid,
      sequence: m.sequence,
      start: DateTime.fromJSDate(m.startsAt, { zone: MUNICIPAL_TIME_ZONE }),
      end: DateTime.fromJSDate(m.endsAt, { zone: MUNICIPAL_TIME_ZONE }),
      timezone: MUNICIPAL_TIME_ZONE,
      stamp: m.updatedAt,
      lastModified: m.updatedAt,
      created: m.createdAt,
      summary: m.title,
      description: m.description ?? undefined,
      location: m.space ? [m.space.name, m.space.location].filter(Boolean).join(', ') : undefined,
      status:
        m.status === 'cancelled'
          ? ICalEventStatus.CANCELLED
          : m.status === 'pending'
            ? ICalEventStatus.TENTATIVE
            : ICalEventStatus.CONFIRMED,
    });
  }
  return cal.toString();
}
