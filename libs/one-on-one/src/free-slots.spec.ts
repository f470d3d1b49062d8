import { DateTime } from 'luxon';
import {
  absenceDuring,
  freeSlots,
  toDayIntervals,
  withinWorkingHours,
  workingHoursProblem,
  workingPeriods,
  type FreeSlotsInput,
} from './free-slots.js';

const ZONE = 'Europe/Sofia';
const DEFAULT = toDayIntervals([1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '09:00', to: '17:30' })));
const at = (s: string) => DateTime.fromISO(s, { zone: ZONE }).toJSDate();
const local = (d: Date) => DateTime.fromJSDate(d, { zone: ZONE }).toFormat("yyyy-LL-dd'T'HH:mm");

function input(over: Partial<FreeSlotsInput>): FreeSlotsInput {
  return {
    from: at('2030-03-04T00:00'), // a Monday
    to: at('2030-03-05T00:00'),
    minutes: 30,
    now: at('2030-03-01T00:00'),
    zone: ZONE,
    intervals: DEFAULT,
    absences: [],
    busy: [],
    noticeMinutes: 120,
    bufferMinutes: 15,
    gridMinutes: 15,
    ...over,
  };
}

describe('freeSlots', () => {
  it('offers every 15-minute start inside the working hours of the day', () => {
    const slots = freeSlots(input({}));
    expect(local(slots[0]!.startsAt)).toBe('2030-03-04T09:00');
    expect(local(slots.at(-1)!.startsAt)).toBe('2030-03-04T17:00');
    expect(local(slots.at(-1)!.endsAt)).toBe('2030-03-04T17:30');
    // 09:00 … 17:00 every 15 minutes
    expect(slots).toHaveLength(33);
  });

  it('offers nothing on a weekend or outside the window', () => {
    expect(freeSlots(input({ from: at('2030-03-09T00:00'), to: at('2030-03-11T00:00') }))).toHaveLength(0);
    const partial = freeSlots(input({ from: at('2030-03-04T16:00'), to: at('2030-03-04T17:00') }));
    expect(partial.map((s) => local(s.startsAt))).toEqual(['2030-03-04T16:00', '2030-03-04T16:15', '2030-03-04T16:30']);
  });

  it('keeps the minimum notice and snaps to the grid', () => {
    const slots = freeSlots(input({ now: at('2030-03-04T10:07') }));
    expect(local(slots[0]!.startsAt)).toBe('2030-03-04T12:15');
  });

  // An invitation not yet answered: 10:00–11:00; an accepted meeting: 14:00–15:00 (buffer 15 min).
  const unanswered = { startsAt: at('2030-03-04T10:00'), endsAt: at('2030-03-04T11:00') };
  const accepted = { startsAt: at('2030-03-04T14:00'), endsAt: at('2030-03-04T15:00') };
  it.each([
    // [slot start, what it is]
    ['09:00', 'free'],
    ['09:15', 'free'], // ends 09:45, a buffer before the invitation
    ['09:30', 'tentative'], // ends 10:00: inside the buffer
    ['10:00', 'tentative'],
    ['10:30', 'tentative'],
    ['11:00', 'tentative'], // starts right at its end: inside the buffer
    ['11:15', 'free'],
    ['13:15', 'free'],
    ['13:30', 'missing'], // the accepted meeting's buffer
    ['14:30', 'missing'],
    ['15:00', 'missing'],
    ['15:15', 'free'],
  ])('beside an unanswered invitation, %s is %s', (start, expected) => {
    const slots = freeSlots(input({ busy: [accepted], tentative: [unanswered] }));
    const found = slots.find((x) => local(x.startsAt) === `2030-03-04T${start}`);
    expect(found === undefined ? 'missing' : found.tentative ? 'tentative' : 'free').toBe(expected);
  });

  it('counts a meeting both busy and tentative as busy', () => {
    const slots = freeSlots(input({ busy: [unanswered], tentative: [unanswered] }));
    expect(slots.some((x) => local(x.startsAt) === '2030-03-04T10:00')).toBe(false);
    expect(slots.some((x) => x.tentative)).toBe(false);
  });

  it('keeps a buffer around meetings', () => {
    const slots = freeSlots(input({ busy: [{ startsAt: at('2030-03-04T10:00'), endsAt: at('2030-03-04T11:00') }] }));
    const starts = slots.map((s) => local(s.startsAt));
    expect(starts).toContain('2030-03-04T09:15'); // ends 09:45, 15 min before
    expect(starts).not.toContain('2030-03-04T09:30');
    expect(starts).not.toContain('2030-03-04T10:30');
    expect(starts).not.toContain('2030-03-04T11:00');
    expect(starts).toContain('2030-03-04T11:15');
  });

  it('leaves out the days of an absence', () => {
    const slots = freeSlots(
      input({ to: at('2030-03-07T00:00'), absences: [{ startsOn: '2030-03-04', endsOn: '2030-03-05' }] }),
    );
    expect(new Set(slots.map((s) => local(s.startsAt).slice(0, 10)))).toEqual(new Set(['2030-03-06']));
  });

  it('follows the wall clock across the spring DST change (last Sunday of March)', () => {
    // 2030-03-31 is the last Sunday of March: Sofia moves from +02:00 to +03:00.
    const slots = freeSlots(input({ from: at('2030-03-29T00:00'), to: at('2030-04-02T00:00') }));
    const friday = slots.find((s) => local(s.startsAt) === '2030-03-29T09:00')!;
    const monday = slots.find((s) => local(s.startsAt) === '2030-04-01T09:00')!;
    expect(friday.startsAt.toISOString()).toBe('2030-03-29T07:00:00.000Z');
    expect(monday.startsAt.toISOString()).toBe('2030-04-01T06:00:00.000Z');
    expect(slots.filter((s) => local(s.startsAt).startsWith('2030-04-01'))).toHaveLength(33);
  });

  it('follows the wall clock across the autumn DST change (last Sunday of October)', () => {
    // 2030-10-27 is the last Sunday of October: Sofia moves from +03:00 to +02:00.
    const slots = freeSlots(input({ from: at('2030-10-25T00:00'), to: at('2030-10-29T00:00') }));
    expect(slots.find((s) => local(s.startsAt) === '2030-10-25T09:00')!.startsAt.toISOString()).toBe(
      '2030-10-25T06:00:00.000Z',
    );
    expect(slots.find((s) => local(s.startsAt) === '2030-10-28T09:00')!.startsAt.toISOString()).toBe(
      '2030-10-28T07:00:00.000Z',
    );
    expect(slots.every((s) => DateTime.fromJSDate(s.startsAt, { zone: ZONE }).minute % 15 === 0)).toBe(true);
  });

  it('handles a night shift crossing the DST change', () => {
    const night = toDayIntervals([{ weekday: 7, from: '00:00', to: '06:00' }]);
    // 2030-03-31: 03:00 does not exist, the night is 5 hours long.
    const periods = workingPeriods(at('2030-03-31T00:00'), at('2030-04-01T00:00'), ZONE, night);
    expect(periods).toHaveLength(1);
    expect(periods[0]!.endsAt.getTime() - periods[0]!.startsAt.getTime()).toBe(5 * 3600_000);
    const slots = freeSlots(
      input({ from: at('2030-03-31T00:00'), to: at('2030-04-01T00:00'), intervals: night, minutes: 60 }),
    );
    expect(slots.map((s) => local(s.startsAt))).not.toContain('2030-03-31T03:00');
    expect(slots).toHaveLength(17); // 5 h of 15-min starts for 60-min slots
  });
});

describe('working hours rules', () => {
  it('finds start after end and overlaps', () => {
    expect(workingHoursProblem(DEFAULT)).toBeNull();
    expect(workingHoursProblem(toDayIntervals([{ weekday: 1, from: '12:00', to: '09:00' }]))).toBe('start_after_end');
    expect(
      workingHoursProblem(
        toDayIntervals([
          { weekday: 1, from: '09:00', to: '12:00' },
          { weekday: 1, from: '11:30', to: '17:00' },
        ]),
      ),
    ).toBe('overlap');
    expect(
      workingHoursProblem(
        toDayIntervals([
          { weekday: 1, from: '09:00', to: '12:00' },
          { weekday: 1, from: '12:00', to: '17:00' },
          { weekday: 2, from: '10:00', to: '11:00' },
        ]),
      ),
    ).toBeNull();
  });

  it('tells whether a slot lies inside the working hours, in the zone', () => {
    expect(
      withinWorkingHours({ startsAt: at('2030-03-04T09:00'), endsAt: at('2030-03-04T09:30') }, ZONE, DEFAULT),
    ).toBe(true);
    expect(
      withinWorkingHours({ startsAt: at('2030-03-04T17:15'), endsAt: at('2030-03-04T17:45') }, ZONE, DEFAULT),
    ).toBe(false);
    expect(
      withinWorkingHours({ startsAt: at('2030-03-09T10:00'), endsAt: at('2030-03-09T10:30') }, ZONE, DEFAULT),
    ).toBe(false);
    // 09:00 in London is 11:00 in Sofia: inside for a Londoner, an hour's difference matters.
    expect(
      withinWorkingHours(
        { startsAt: at('2030-03-04T18:00'), endsAt: at('2030-03-04T18:30') },
        'Europe/London',
        DEFAULT,
      ),
    ).toBe(true);
  });

  it('lets a slot run over midnight when the working hours do', () => {
    const night = toDayIntervals([
      { weekday: 1, from: '22:00', to: '24:00' },
      { weekday: 2, from: '00:00', to: '06:00' },
    ]);
    expect(withinWorkingHours({ startsAt: at('2030-03-04T23:30'), endsAt: at('2030-03-05T00:30') }, ZONE, night)).toBe(
      true,
    );
    expect(
      withinWorkingHours({ startsAt: at('2030-03-04T23:30'), endsAt: at('2030-03-05T00:30') }, ZONE, DEFAULT),
    ).toBe(false);
  });

  it('finds the absence a slot falls in', () => {
    const absences = [{ startsOn: '2030-03-05', endsOn: '2030-03-06', id: 'a' }];
    expect(
      absenceDuring({ startsAt: at('2030-03-05T10:00'), endsAt: at('2030-03-05T10:30') }, ZONE, absences)?.id,
    ).toBe('a');
    expect(
      absenceDuring({ startsAt: at('2030-03-04T10:00'), endsAt: at('2030-03-04T10:30') }, ZONE, absences),
    ).toBeUndefined();
  });
});
