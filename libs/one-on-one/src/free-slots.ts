import { DateTime, IANAZone } from 'luxon';
import type { WorkingInterval } from '@egov-box/contracts';

/** Working hours as minutes of the day, in the person's zone. */
export interface DayInterval {
  weekday: number;
  startMinute: number;
  endMinute: number;
}

export interface Range {
  startsAt: Date;
  endsAt: Date;
}

/** Whole days (inclusive), YYYY-MM-DD in the person's zone. */
export interface DayRange {
  startsOn: string;
  endsOn: string;
}

export interface FreeSlotsInput {
  from: Date;
  to: Date;
  minutes: number;
  now: Date;
  zone: string;
  intervals: DayInterval[];
  absences: DayRange[];
  busy: Range[];
  /**
   * Meetings the person is invited to and has not answered (or answered „maybe“): they may
   * still come, so a slot touching one is offered but marked tentative.
   */
  tentative?: Range[];
  noticeMinutes: number;
  bufferMinutes: number;
  gridMinutes: number;
}

/** A free slot; `tentative` when it touches a meeting the person has not answered yet. */
export interface FreeRange extends Range {
  tentative?: true;
}

const MINUTE = 60_000;

export function parseClock(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function toDayIntervals(intervals: WorkingInterval[]): DayInterval[] {
  return intervals.map((i) => ({ weekday: i.weekday, startMinute: parseClock(i.from), endMinute: parseClock(i.to) }));
}

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** What is wrong with a set of working intervals, if anything. */
export function workingHoursProblem(intervals: DayInterval[]): 'start_after_end' | 'overlap' | null {
  if (intervals.some((i) => i.startMinute >= i.endMinute)) return 'start_after_end';
  const sorted = [...intervals].sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute);
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1]!;
    const cur = sorted[k]!;
    if (prev.weekday === cur.weekday && cur.startMinute < prev.endMinute) return 'overlap';
  }
  return null;
}

/** The instant a wall-clock minute of a day begins in the zone (24:00 = next midnight). */
function wallClock(day: DateTime, minute: number): DateTime {
  if (minute >= 1440) return day.plus({ days: 1 }).startOf('day');
  return day.set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 });
}

/** Working periods (absolute instants) of every day touching [from, to), absences left out. */
export function workingPeriods(
  from: Date,
  to: Date,
  zone: string,
  intervals: DayInterval[],
  absences: DayRange[] = [],
): Range[] {
  const out: Range[] = [];
  let day = DateTime.fromJSDate(from, { zone }).startOf('day');
  const last = DateTime.fromJSDate(to, { zone }).startOf('day');
  while (day <= last) {
    const iso = day.toISODate()!;
    const absent = absences.some((a) => a.startsOn <= iso && iso <= a.endsOn);
    if (!absent) {
      for (const i of intervals
        .filter((x) => x.weekday === day.weekday)
        .sort((a, b) => a.startMinute - b.startMinute)) {
        const s = wallClock(day, i.startMinute).toJSDate();
        const e = wallClock(day, i.endMinute).toJSDate();
        if (e > from && s < to) out.push({ startsAt: s, endsAt: e });
      }
    }
    day = day.plus({ days: 1 }).startOf('day');
  }
  return out;
}

/** True when the range lies inside one working interval of its day (in the zone). */
export function withinWorkingHours(range: Range, zone: string, intervals: DayInterval[]): boolean {
  // Back-to-back periods (…–24:00 then 00:00–… the next day) count as one.
  const merged: Range[] = [];
  for (const p of workingPeriods(range.startsAt, range.endsAt, zone, intervals)) {
    const last = merged.at(-1);
    if (last && last.endsAt.getTime() === p.startsAt.getTime()) last.endsAt = p.endsAt;
    else merged.push({ ...p });
  }
  return merged.some((p) => p.startsAt <= range.startsAt && range.endsAt <= p.endsAt);
}

/** The absence (if any) covering any day the range touches, in the zone. */
export function absenceDuring<T extends DayRange>(range: Range, zone: string, absences: T[]): T | undefined {
  const first = DateTime.fromJSDate(range.startsAt, { zone }).toISODate()!;
  const last = DateTime.fromJSDate(new Date(range.endsAt.getTime() - 1), { zone }).toISODate()!;
  return absences.find((a) => a.startsOn <= last && first <= a.endsOn);
}

/**
 * Free slots of `minutes` inside the working periods, starting on a grid of wall-clock
 * minutes (e.g. :00/:15/:30/:45 in the zone), no earlier than `now + notice`, and at least
 * `buffer` minutes away from every busy range. A slot within `buffer` of a tentative range
 * (an invitation not yet answered) is kept, marked `tentative`. Candidate starts may overlap
 * each other: each is a time one could propose.
 */
export function freeSlots(input: FreeSlotsInput): FreeRange[] {
  const { minutes, zone, gridMinutes } = input;
  const earliest = Math.max(input.from.getTime(), input.now.getTime() + input.noticeMinutes * MINUTE);
  const pad = input.bufferMinutes * MINUTE;
  const padded = (list: Range[]) =>
    list.map((b) => ({ s: b.startsAt.getTime() - pad, e: b.endsAt.getTime() + pad })).sort((a, b) => a.s - b.s);
  const busy = padded(input.busy);
  const tentative = padded(input.tentative ?? []);
  const out: FreeRange[] = [];
  for (const p of workingPeriods(input.from, input.to, zone, input.intervals, input.absences)) {
    // The grid is in wall-clock minutes of the zone: snap the first start up to it.
    let start = DateTime.fromJSDate(new Date(Math.max(p.startsAt.getTime(), earliest)), { zone });
    start = start.set({ second: 0, millisecond: 0 });
    if (start.toMillis() < Math.max(p.startsAt.getTime(), earliest)) start = start.plus({ minutes: 1 });
    const rest = (start.hour * 60 + start.minute) % gridMinutes;
    if (rest) start = start.plus({ minutes: gridMinutes - rest });
    const limit = Math.min(p.endsAt.getTime(), input.to.getTime());
    for (let t = start.toMillis(); t + minutes * MINUTE <= limit; t += gridMinutes * MINUTE) {
      const e = t + minutes * MINUTE;
      if (busy.some((b) => b.s < e && t < b.e)) continue;
      const maybe = tentative.some((b) => b.s < e && t < b.e);
      out.push(
        maybe
          ? { startsAt: new Date(t), endsAt: new Date(e), tentative: true }
          : { startsAt: new Date(t), endsAt: new Date(e) },
      );
    }
  }
  return out;
}
