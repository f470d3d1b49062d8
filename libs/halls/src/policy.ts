import { MUNICIPAL_TIME_ZONE, type BookableHours, type HallPolicy } from '@egov-box/contracts';
import { DateTime } from 'luxon';
import type { ErrorFactory } from '@egov-box/platform';
import { HallErrors } from './halls.errors.js';

export interface PolicyViolation {
  /** The hall's error the violation is answered with (400). */
  error: ErrorFactory;
  message: string;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Checks one occurrence against a hall's policy (all wall-clock rules in Europe/Sofia).
 * Returns the first rule broken, or null.
 */
export function checkBookingPolicy(
  policy: HallPolicy,
  range: { startsAt: Date; endsAt: Date },
  now: Date,
  zone = MUNICIPAL_TIME_ZONE,
): PolicyViolation | null {
  const minutes = (range.endsAt.getTime() - range.startsAt.getTime()) / 60_000;
  if (minutes > policy.maxDurationMinutes) {
    return { error: HallErrors.tooLong, message: `A booking lasts at most ${policy.maxDurationMinutes} minutes` };
  }
  if (range.startsAt.getTime() < now.getTime() + policy.minNoticeMinutes * 60_000) {
    return {
      error: HallErrors.tooShortNotice,
      message: `Book at least ${policy.minNoticeMinutes} minutes ahead`,
    };
  }
  if (range.startsAt.getTime() > now.getTime() + policy.bookingWindowDays * 86_400_000) {
    return {
      error: HallErrors.beyondBookingWindow,
      message: `Book at most ${policy.bookingWindowDays} days ahead`,
    };
  }
  if (!withinBookableHours(policy.bookableHours, range, zone)) {
    return { error: HallErrors.outsideBookableHours, message: 'The hall cannot be booked at that time' };
  }
  return null;
}

/**
 * True when the whole range lies in bookable time: one interval of its (local) day, or
 * intervals that follow one another without a gap — so a booking may run past midnight
 * into the next day when both days are bookable there (e.g. a hall open 00:00–24:00).
 */
export function withinBookableHours(
  hours: BookableHours[],
  range: { startsAt: Date; endsAt: Date },
  zone = MUNICIPAL_TIME_ZONE,
): boolean {
  const merged: { startsAt: Date; endsAt: Date }[] = [];
  for (const i of bookableIntervals(hours, range.startsAt, range.endsAt, zone).sort(
    (a, b) => a.startsAt.getTime() - b.startsAt.getTime(),
  )) {
    const last = merged.at(-1);
    if (last && i.startsAt.getTime() <= last.endsAt.getTime()) {
      if (i.endsAt > last.endsAt) last.endsAt = i.endsAt;
    } else merged.push({ ...i });
  }
  return merged.some((i) => i.startsAt <= range.startsAt && range.endsAt <= i.endsAt);
}

/** The bookable intervals (as instants) of every local day in [from, to). */
export function bookableIntervals(
  hours: BookableHours[],
  from: Date,
  to: Date,
  zone = MUNICIPAL_TIME_ZONE,
): { startsAt: Date; endsAt: Date }[] {
  const out: { startsAt: Date; endsAt: Date }[] = [];
  for (let day = DateTime.fromJSDate(from, { zone }).startOf('day'); day.toJSDate() < to; day = day.plus({ days: 1 })) {
    for (const h of hours.filter((x) => x.weekday === day.weekday).sort((a, b) => a.from.localeCompare(b.from))) {
      // set(), not plus(minutes): a day with a daylight-saving change is not 24 hours long.
      const at = (hhmm: string) => day.set({ hour: Math.floor(minutesOf(hhmm) / 60), minute: minutesOf(hhmm) % 60 });
      const s = at(h.from);
      const e = h.to === '24:00' ? day.plus({ days: 1 }) : at(h.to);
      out.push({ startsAt: s.toJSDate(), endsAt: e.toJSDate() });
    }
  }
  return out;
}

/** `intervals` minus `taken` (both sorted by start). */
export function subtract(
  intervals: { startsAt: Date; endsAt: Date }[],
  taken: { startsAt: Date; endsAt: Date }[],
): { startsAt: Date; endsAt: Date }[] {
  const out: { startsAt: Date; endsAt: Date }[] = [];
  for (const i of intervals) {
    let cursor = i.startsAt.getTime();
    const end = i.endsAt.getTime();
    for (const t of taken) {
      if (t.endsAt.getTime() <= cursor || t.startsAt.getTime() >= end) continue;
      if (t.startsAt.getTime() > cursor)
        out.push({ startsAt: new Date(cursor), endsAt: new Date(t.startsAt.getTime()) });
      cursor = Math.max(cursor, t.endsAt.getTime());
    }
    if (cursor < end) out.push({ startsAt: new Date(cursor), endsAt: new Date(end) });
  }
  return out;
}
