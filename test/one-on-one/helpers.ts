import { DateTime } from 'luxon';

export const ZONE = 'Europe/Sofia';

/** The k-th working day (Mon–Fri, k = 0, 1, …) starting two days from now, at hh:mm Sofia time. */
export function workday(k: number, hour: number, minute = 0): DateTime {
  let d = DateTime.now().setZone(ZONE).plus({ days: 2 }).startOf('day');
  let seen = -1;
  for (;;) {
    if (d.weekday <= 5 && ++seen === k) break;
    d = d.plus({ days: 1 });
  }
  return d.set({ hour, minute });
}

export function slot(start: DateTime, minutes = 30): { startsAt: string; endsAt: string } {
  return { startsAt: start.toUTC().toISO()!, endsAt: start.plus({ minutes }).toUTC().toISO()! };
}

/** Sofia wall-clock of an instant, yyyy-LL-ddTHH:mm. */
export const local = (iso: string) => DateTime.fromISO(iso).setZone(ZONE).toFormat("yyyy-LL-dd'T'HH:mm");

/** The Monday of the week of the next last-Sunday-of-March or -October at least a week away. */
export function mondayBeforeNextDstChange(): { monday: DateTime; sunday: DateTime } {
  const now = DateTime.now().setZone(ZONE);
  const candidates: DateTime[] = [];
  for (const year of [now.year, now.year + 1]) {
    for (const month of [3, 10]) {
      let sunday = DateTime.fromObject({ year, month, day: 1 }, { zone: ZONE }).endOf('month').startOf('day');
      while (sunday.weekday !== 7) sunday = sunday.minus({ days: 1 });
      if (sunday.minus({ days: 6 }) > now.plus({ days: 1 })) candidates.push(sunday);
    }
  }
  const sunday = candidates.sort((a, b) => a.toMillis() - b.toMillis())[0]!;
  return { monday: sunday.minus({ days: 6 }), sunday };
}
