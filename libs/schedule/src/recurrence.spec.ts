import { describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { expandRecurrence, shiftInWallClock } from './recurrence.js';

const zone = 'Europe/Sofia';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toJSDate();
const local = (d: Date) => DateTime.fromJSDate(d, { zone }).toFormat("yyyy-LL-dd'T'HH:mm");

describe('expandRecurrence', () => {
  it('keeps 10:00 Sofia time across the spring change (last Sunday of March 2027)', () => {
    const list = expandRecurrence('FREQ=WEEKLY;COUNT=3', at('2027-03-22T10:00'), at('2027-03-22T11:00'));
    expect(list.map((o) => local(o.startsAt))).toEqual(['2027-03-22T10:00', '2027-03-29T10:00', '2027-04-05T10:00']);
    expect(list[0]!.startsAt.toISOString()).toBe('2027-03-22T08:00:00.000Z');
    expect(list[1]!.startsAt.toISOString()).toBe('2027-03-29T07:00:00.000Z');
    expect(list.every((o) => o.endsAt.getTime() - o.startsAt.getTime() === 3_600_000)).toBe(true);
  });

  it('keeps 10:00 Sofia time across the autumn change (last Sunday of October 2027)', () => {
    const list = expandRecurrence('RRULE:FREQ=WEEKLY;COUNT=2', at('2027-10-25T10:00'), at('2027-10-25T11:30'));
    expect(list.map((o) => local(o.startsAt))).toEqual(['2027-10-25T10:00', '2027-11-01T10:00']);
    expect(list[0]!.startsAt.toISOString()).toBe('2027-10-25T07:00:00.000Z');
    // After the change Sofia is UTC+2.
    expect(list[1]!.startsAt.toISOString()).toBe('2027-11-01T08:00:00.000Z');
  });

  it('understands daily rules with weekdays and UNTIL', () => {
    const list = expandRecurrence(
      'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20270312T235959Z',
      at('2027-03-08T09:00'),
      at('2027-03-08T09:15'),
    );
    expect(list).toHaveLength(5);
  });

  it('refuses unbounded or oversized series and nonsense', () => {
    expect(() => expandRecurrence('FREQ=DAILY', at('2027-03-08T09:00'), at('2027-03-08T10:00'))).toThrow(
      expect.objectContaining({ code: 'too_many_occurrences' }),
    );
    expect(() => expandRecurrence('FREQ=DAILY;COUNT=201', at('2027-03-08T09:00'), at('2027-03-08T10:00'))).toThrow(
      expect.objectContaining({ code: 'too_many_occurrences' }),
    );
    expect(() => expandRecurrence('COUNT=3', at('2027-03-08T09:00'), at('2027-03-08T10:00'))).toThrow(
      expect.objectContaining({ code: 'invalid_recurrence' }),
    );
    expect(() => expandRecurrence('FREQ=HOURLY;COUNT=3', at('2027-03-08T09:00'), at('2027-03-08T10:00'))).toThrow(
      expect.objectContaining({ code: 'invalid_recurrence' }),
    );
  });
});

describe('shiftInWallClock', () => {
  it('moves a later occurrence to the new local time across a DST change', () => {
    const from = { startsAt: at('2027-03-22T10:00'), endsAt: at('2027-03-22T11:00') };
    const to = { startsAt: at('2027-03-22T14:00'), endsAt: at('2027-03-22T15:30') };
    const moved = shiftInWallClock({ startsAt: at('2027-03-29T10:00'), endsAt: at('2027-03-29T11:00') }, from, to);
    expect(local(moved.startsAt)).toBe('2027-03-29T14:00');
    expect(moved.endsAt.getTime() - moved.startsAt.getTime()).toBe(90 * 60_000);
  });
});
