import { describe, expect, it } from '@jest/globals';
import { DEFAULT_HALL_POLICY } from '@egov-box/contracts';
import { DateTime } from 'luxon';
import { bookableIntervals, checkBookingPolicy, subtract, withinBookableHours } from './policy.js';

const zone = 'Europe/Sofia';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toJSDate();
const now = at('2027-03-01T09:00'); // a Monday
const policy = { ...DEFAULT_HALL_POLICY, minNoticeMinutes: 60, maxDurationMinutes: 240, bookingWindowDays: 30 };
const check = (s: string, e: string) =>
  checkBookingPolicy(policy, { startsAt: at(s), endsAt: at(e) }, now)?.error.code ?? null;

describe('checkBookingPolicy', () => {
  it('accepts a booking inside the rules', () => {
    expect(check('2027-03-02T10:00', '2027-03-02T11:00')).toBeNull();
    expect(check('2027-03-02T08:00', '2027-03-02T12:00')).toBeNull();
  });
  it('names each broken rule', () => {
    expect(check('2027-03-02T08:00', '2027-03-02T12:01')).toBe('too_long');
    expect(check('2027-03-01T09:30', '2027-03-01T10:00')).toBe('too_short_notice');
    expect(check('2027-04-05T10:00', '2027-04-05T11:00')).toBe('beyond_booking_window');
    expect(check('2027-03-02T07:30', '2027-03-02T08:30')).toBe('outside_bookable_hours');
    expect(check('2027-03-02T19:30', '2027-03-02T20:30')).toBe('outside_bookable_hours');
    expect(check('2027-03-06T10:00', '2027-03-06T11:00')).toBe('outside_bookable_hours'); // Saturday
  });
  it('allows ranges ending at midnight when the day is bookable to 24:00', () => {
    const hours = [{ weekday: 2, from: '00:00', to: '24:00' }];
    expect(withinBookableHours(hours, { startsAt: at('2027-03-02T22:00'), endsAt: at('2027-03-03T00:00') })).toBe(true);
    expect(withinBookableHours(hours, { startsAt: at('2027-03-02T22:00'), endsAt: at('2027-03-03T00:30') })).toBe(
      false,
    );
  });
  it('allows a booking across midnight when the next day is bookable from 00:00, not across a gap', () => {
    const allDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));
    const within = (h: typeof allDay, s: string, e: string) =>
      withinBookableHours(h, { startsAt: at(s), endsAt: at(e) });
    expect(within(allDay, '2027-03-02T22:00', '2027-03-03T01:00')).toBe(true);
    const evening = [
      { weekday: 2, from: '18:00', to: '24:00' },
      { weekday: 3, from: '00:00', to: '02:00' },
      { weekday: 3, from: '08:00', to: '20:00' },
    ];
    expect(within(evening, '2027-03-02T23:00', '2027-03-03T01:30')).toBe(true);
    expect(within(evening, '2027-03-02T23:00', '2027-03-03T02:30')).toBe(false); // 02:00–08:00 is closed
    expect(within(evening, '2027-03-03T01:00', '2027-03-03T09:00')).toBe(false);
    expect(within(evening, '2027-03-02T17:30', '2027-03-02T19:00')).toBe(false);
    // The night the clocks go forward (Sofia, 28 March 2027): still one stretch.
    expect(within(allDay, '2027-03-27T23:00', '2027-03-28T05:00')).toBe(true);
  });
});

describe('free time', () => {
  it('is the bookable hours minus what is taken, on a DST day too', () => {
    const hours = [{ weekday: 7, from: '08:00', to: '20:00' }];
    const [day] = bookableIntervals(hours, at('2027-03-28T00:00'), at('2027-03-29T00:00'));
    expect(DateTime.fromJSDate(day!.startsAt, { zone }).toFormat('HH:mm')).toBe('08:00');
    const free = subtract([day!], [{ startsAt: at('2027-03-28T10:00'), endsAt: at('2027-03-28T11:00') }]);
    expect(free.map((f) => DateTime.fromJSDate(f.startsAt, { zone }).toFormat('HH:mm'))).toEqual(['08:00', '11:00']);
  });
});
