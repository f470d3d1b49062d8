import { DateTime } from 'luxon';
import type { HallPolicyInput, HallView } from '../../libs/contracts/src/index.js';
import type { TestApp } from '../support/app.js';

export const ZONE = 'Europe/Sofia';

/** A weekday (Mon–Fri) at least `daysAhead` days from now, at hh:mm Sofia time. */
export function weekdayAt(daysAhead: number, hour: number, minute = 0): DateTime {
  let d = DateTime.now().setZone(ZONE).plus({ days: daysAhead }).startOf('day');
  while (d.weekday > 5) d = d.plus({ days: 1 });
  return d.set({ hour, minute });
}

export function range(start: DateTime, minutes: number): { startsAt: string; endsAt: string } {
  return { startsAt: start.toISO()!, endsAt: start.plus({ minutes }).toISO()! };
}

/** The Monday of the week holding the next last-Sunday-of-`month` that is at least two weeks away. */
export function mondayBeforeDstChange(month: 3 | 10): DateTime {
  const now = DateTime.now().setZone(ZONE);
  for (let year = now.year; ; year++) {
    let sunday = DateTime.fromObject({ year, month, day: 1 }, { zone: ZONE }).endOf('month').startOf('day');
    while (sunday.weekday !== 7) sunday = sunday.minus({ days: 1 });
    if (sunday > now.plus({ days: 14 })) return sunday.minus({ days: 6 });
  }
}

export const local = (iso: string) => DateTime.fromISO(iso).setZone(ZONE).toFormat("yyyy-LL-dd'T'HH:mm");

export async function hallNamed(app: TestApp, token: string, name: string): Promise<HallView> {
  const res = await app.api.get('/api/halls', { token });
  const hall = res.ok ? res.body.find((h) => h.name === name) : undefined;
  if (!hall) throw new Error(`no hall ${name}: ${JSON.stringify(res.body)}`);
  return hall;
}

/** An admin-made hall open every day, all day, with a long window and no notice. */
export async function openHall(app: TestApp, adminToken: string, policy: HallPolicyInput = {}): Promise<HallView> {
  const res = await app.api.post('/api/halls', {
    body: {
      name: `Test hall ${Math.random().toString(36).slice(2, 8)}`,
      capacity: 10,
      equipment: ['projector'],
      policy: {
        bookableHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' })),
        minNoticeMinutes: 0,
        bookingWindowDays: 3650,
        maxDurationMinutes: 1440,
        ...policy,
      },
    },
    token: adminToken,
  });
  if (res.status !== 201 || !res.ok) throw new Error(`hall not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
