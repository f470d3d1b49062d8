import { MUNICIPAL_TIME_ZONE } from '@egov-box/contracts';
import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
  type ICalCalendar,
} from 'ical-generator';
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
 * The calendar itself carries no time zone: ical-generator writes DTSTAMP, CREATED and
 * LAST-MODIFIED in the calendar's zone when it has one — as floating local times of the
 * server's clock, which RFC 5545 forbids (they MUST be UTC). Each event names Europe/Sofia
 * instead (DTSTART/DTEND with TZID, and the VTIMEZONE is still written).
 */
function calendar(name: string | undefined, method?: ICalCalendarMethod): ICalCalendar {
  return ical({
    name,
    method,
    prodId: { company: 'eGov Box', product: 'schedule', language: 'BG' },
    timezone: { name: null, generator: vtimezone },
    ttl: method ? undefined : 15 * 60,
  });
}

function addEvent(cal: ICalCalendar, m: Meeting) {
  return cal.createEvent({
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

/**
 * A user's meetings as iCalendar: one VEVENT per occurrence with a stable UID, a
 * SEQUENCE that rises with every change and STATUS:CANCELLED for cancellations, so that
 * Outlook, Thunderbird and phones follow changes.
 */
export function buildCalendar(name: string, meetings: Meeting[]): string {
  const cal = calendar(name);
  for (const m of meetings) addEvent(cal, m);
  return cal.toString();
}

/** Someone named in a meeting request. */
export interface MailPerson {
  name: string;
  email: string;
}

/**
 * A meeting request (`REQUEST`: invitation or change) or cancellation (`CANCEL`) for mail
 * (iTIP, RFC 5546): the same UID and SEQUENCE as the calendar feed, with ORGANIZER and the
 * ATTENDEEs, so that Outlook and Thunderbird show it as a meeting request and file it with the
 * meeting they already have. Answers are given in the portal (RSVP=FALSE).
 */
export function buildMeetingRequest(
  meeting: Meeting,
  method: 'REQUEST' | 'CANCEL',
  organizer: MailPerson,
  attendees: MailPerson[],
): string {
  const cal = calendar(undefined, method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST);
  const event = addEvent(cal, meeting);
  event.organizer({ name: organizer.name, email: organizer.email });
  for (const a of attendees) {
    event.createAttendee({
      name: a.name,
      email: a.email,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: false,
    });
  }
  if (method === 'CANCEL') event.status(ICalEventStatus.CANCELLED);
  return cal.toString();
}
