import { MUNICIPAL_TIME_ZONE } from '@egov-box/contracts';
import { DateTime } from 'luxon';
// rrule ships CommonJS only: its module object is the default export under Node ESM.
import rrule from 'rrule';
import { MAX_OCCURRENCES, ScheduleErrors } from './schedule.errors.js';

export interface Occurrence {
  startsAt: Date;
  endsAt: Date;
}

/**
 * Expands an RFC 5545 RRULE read in wall-clock time of `zone`: the first occurrence is
 * `startsAt`, every other one starts at the same local time (10:00 stays 10:00 across
 * daylight-saving changes) and lasts as long as the first.
 *
 * rrule computes in "floating" time: we hand it the local wall-clock fields as if they
 * were UTC and read the results back as wall-clock fields of `zone`.
 */
export function expandRecurrence(
  rule: string,
  startsAt: Date,
  endsAt: Date,
  options: { zone?: string; max?: number } = {},
): Occurrence[] {
  const zone = options.zone ?? MUNICIPAL_TIME_ZONE;
  const max = options.max ?? MAX_OCCURRENCES;
  const text = rule.trim().replace(/^RRULE:/i, '');
  if (!/^FREQ=/i.test(text) && !/;FREQ=/i.test(text)) {
    throw ScheduleErrors.invalidRecurrence('The recurrence needs a FREQ (e.g. FREQ=WEEKLY;COUNT=4)');
  }
  if (/DTSTART|TZID|\n/i.test(text)) {
    throw ScheduleErrors.invalidRecurrence('Give only the RRULE; the start is the booking start (Europe/Sofia)');
  }
  let parsed: ReturnType<typeof rrule.RRule.parseString>;
  try {
    parsed = rrule.RRule.parseString(text);
  } catch (err) {
    throw ScheduleErrors.invalidRecurrence(`Not a valid RRULE: ${(err as Error).message}`);
  }
  if (parsed.freq === undefined || parsed.freq === null) {
    throw ScheduleErrors.invalidRecurrence('The recurrence needs a FREQ');
  }
  if (parsed.freq > rrule.RRule.DAILY) {
    throw ScheduleErrors.invalidRecurrence('Meetings repeat at most daily');
  }
  const local = DateTime.fromJSDate(startsAt, { zone });
  const floating = new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second));
  const durationMs = endsAt.getTime() - startsAt.getTime();
  let dates: Date[];
  try {
    dates = new rrule.RRule({ ...parsed, dtstart: floating, tzid: null }).all((_, i) => i <= max);
  } catch (err) {
    throw ScheduleErrors.invalidRecurrence(`Not a valid RRULE: ${(err as Error).message}`);
  }
  if (dates.length > max) {
    throw ScheduleErrors.tooManyOccurrences(`A series holds at most ${max} occurrences: add COUNT or UNTIL`, { max });
  }
  if (dates.length === 0) {
    throw ScheduleErrors.invalidRecurrence('The recurrence has no occurrence');
  }
  return dates.map((d) => {
    const start = DateTime.fromObject(
      {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        hour: d.getUTCHours(),
        minute: d.getUTCMinutes(),
        second: d.getUTCSeconds(),
      },
      { zone },
    ).toJSDate();
    return { startsAt: start, endsAt: new Date(start.getTime() + durationMs) };
  });
}

/**
 * Moves an occurrence the way its series' edited occurrence moved, in wall-clock time:
 * the same number of calendar days, the new local start time, the new length.
 */
export function shiftInWallClock(
  occurrence: Occurrence,
  from: Occurrence,
  to: Occurrence,
  zone: string = MUNICIPAL_TIME_ZONE,
): Occurrence {
  const fromLocal = DateTime.fromJSDate(from.startsAt, { zone });
  const toLocal = DateTime.fromJSDate(to.startsAt, { zone });
  const days = Math.round(toLocal.startOf('day').diff(fromLocal.startOf('day'), 'days').days);
  const local = DateTime.fromJSDate(occurrence.startsAt, { zone })
    .plus({ days })
    .set({ hour: toLocal.hour, minute: toLocal.minute, second: toLocal.second, millisecond: 0 });
  const startsAt = local.toJSDate();
  return { startsAt, endsAt: new Date(startsAt.getTime() + (to.endsAt.getTime() - to.startsAt.getTime())) };
}
