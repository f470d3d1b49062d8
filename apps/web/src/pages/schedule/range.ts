import type { UpcomingMeetingView } from '@egov-box/contracts';
import { DateTime } from 'luxon';
import { ApiError } from '../../api/client';
import { PORTAL_ZONE } from '../../format/datetime';

export type View = 'day' | 'week' | 'list';
export const VIEWS: View[] = ['day', 'week', 'list'];

/** Today in Sofia as YYYY-MM-DD. */
export function sofiaToday(now: Date = new Date()): string {
  return DateTime.fromJSDate(now).setZone(PORTAL_ZONE).toISODate()!;
}

/**
 * The Sofia days a view shows around `anchor` (YYYY-MM-DD): the day itself, its week from
 * Monday, or everything (null).
 */
export function periodOf(view: View, anchor: string): { from: DateTime; to: DateTime } | null {
  const day = DateTime.fromISO(anchor, { zone: PORTAL_ZONE }).startOf('day');
  if (view === 'day') return { from: day, to: day.plus({ days: 1 }) };
  if (view === 'week') {
    const monday = day.startOf('week');
    return { from: monday, to: monday.plus({ weeks: 1 }) };
  }
  return null;
}

/** The anchor moved by `steps` days (day view) or weeks (week view). */
export function shiftAnchor(view: View, anchor: string, steps: number): string {
  const day = DateTime.fromISO(anchor, { zone: PORTAL_ZONE });
  return (view === 'week' ? day.plus({ weeks: steps }) : day.plus({ days: steps })).toISODate()!;
}

/** The meetings that fall into the chosen view, grouped by their day in Sofia. */
export function groupByDay(
  items: UpcomingMeetingView[],
  view: View,
  now: Date = new Date(),
  anchor: string = sofiaToday(now),
): [string, UpcomingMeetingView[]][] {
  const period = periodOf(view, anchor);
  const groups = new Map<string, UpcomingMeetingView[]>();
  for (const m of [...items].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const start = DateTime.fromISO(m.startsAt).setZone(PORTAL_ZONE);
    const end = DateTime.fromISO(m.endsAt).setZone(PORTAL_ZONE);
    // A meeting belongs to the period when it overlaps it (one that started earlier still shows).
    if (period && (start >= period.to || end <= period.from)) continue;
    const day = (period && start < period.from ? period.from : start).toISODate()!;
    groups.set(day, [...(groups.get(day) ?? []), m]);
  }
  return [...groups.entries()];
}

/** A meeting's start and end as Sofia wall-clock date and times, for the reschedule form. */
export function wallClock(m: Pick<UpcomingMeetingView, 'startsAt' | 'endsAt'>): {
  date: string;
  start: string;
  end: string;
} {
  const a = DateTime.fromISO(m.startsAt).setZone(PORTAL_ZONE);
  const b = DateTime.fromISO(m.endsAt).setZone(PORTAL_ZONE);
  return { date: a.toISODate()!, start: a.toFormat('HH:mm'), end: b.toFormat('HH:mm') };
}

/**
 * The new times from the form, read in Sofia wall-clock time; an end at or before the start
 * is an error the form shows before asking the server.
 */
export function rescheduleTimes(
  date: string,
  start: string,
  end: string,
): { startsAt: string; endsAt: string } | { error: 'invalid' | 'end_before_start' } {
  const a = DateTime.fromISO(`${date}T${start}`, { zone: PORTAL_ZONE });
  const b = DateTime.fromISO(`${date}T${end}`, { zone: PORTAL_ZONE });
  if (!a.isValid || !b.isValid) return { error: 'invalid' };
  if (b <= a) return { error: 'end_before_start' };
  return { startsAt: a.toISO({ suppressMilliseconds: true })!, endsAt: b.toISO({ suppressMilliseconds: true })! };
}

export interface MeetingInTheWay {
  id: string;
  /** Null for a meeting the person takes no part in (its title is not theirs to see). */
  title: string | null;
  startsAt: string;
  endsAt: string;
  status?: string;
}

/** The meetings in the way from a 409 `slot_taken` answer, or null for any other error. */
export function conflictsOf(err: unknown): MeetingInTheWay[] | null {
  if (!(err instanceof ApiError) || err.status !== 409 || err.code !== 'slot_taken') return null;
  const list = (err.details as { conflicts?: unknown } | undefined)?.conflicts;
  return Array.isArray(list)
    ? list.filter(
        (c): c is MeetingInTheWay =>
          !!c &&
          typeof c === 'object' &&
          typeof (c as MeetingInTheWay).id === 'string' &&
          typeof (c as MeetingInTheWay).startsAt === 'string',
      )
    : [];
}

/**
 * Who may move a meeting from the schedule: the organizer of a hall booking. A council or
 * committee session moves with its session, a one-on-one by proposing (the API refuses
 * those here with 409).
 */
export function canReschedule(m: Pick<UpcomingMeetingView, 'role' | 'kind' | 'status'>): boolean {
  return m.role === 'organizer' && m.status !== 'cancelled' && m.kind === 'booking';
}

/** Who may cancel from the schedule: the organizer of a booking or a one-on-one (not a session). */
export function canCancel(m: Pick<UpcomingMeetingView, 'role' | 'kind' | 'status'>): boolean {
  return m.role === 'organizer' && m.status !== 'cancelled' && (m.kind === 'booking' || m.kind === 'one_on_one');
}
