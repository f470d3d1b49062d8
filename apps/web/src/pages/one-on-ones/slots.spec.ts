import { formatSlotTime, keepUnits, slotDays } from './slots';

const slot = (startsAt: string, minutes = 30) => ({
  startsAt,
  endsAt: new Date(Date.parse(startsAt) + minutes * 60_000).toISOString(),
});

describe('the days of a free-slot window', () => {
  it.each([
    // [what, from, to, days (YYYY-MM-DD), slots, slots per day]
    [
      'two weeks from a Friday afternoon: 15 Sofia days, weekends included',
      '2026-12-04T13:01:00.000Z',
      '2026-12-18T13:01:00.000Z',
      15,
      [],
      [],
    ],
    [
      'slots go to their Sofia day (00:30 Sofia is still the day before in UTC)',
      '2026-12-07T00:00:00+02:00',
      '2026-12-09T00:00:00+02:00',
      2,
      [slot('2026-12-07T22:30:00.000Z'), slot('2026-12-07T07:00:00.000Z'), slot('2026-12-07T07:15:00.000Z')],
      [
        ['2026-12-07', 2],
        ['2026-12-08', 1],
      ],
    ],
    [
      'a window ending at midnight does not add the next day',
      '2026-12-07T00:00:00+02:00',
      '2026-12-08T00:00:00+02:00',
      1,
      [slot('2026-12-07T07:00:00.000Z')],
      [['2026-12-07', 1]],
    ],
    [
      'across the spring clock change (Sunday 29 March 2026 has 23 hours)',
      '2026-03-28T12:00:00+02:00',
      '2026-03-31T12:00:00+03:00',
      4,
      [slot('2026-03-30T06:00:00.000Z')],
      [['2026-03-30', 1]],
    ],
    [
      'across the autumn clock change (Sunday 25 October 2026 has 25 hours)',
      '2026-10-24T23:30:00+03:00',
      '2026-10-26T23:30:00+02:00',
      3,
      [slot('2026-10-26T21:45:00.000Z')],
      [['2026-10-26', 1]],
    ],
    [
      'over New Year and 29 February',
      '2027-12-31T10:00:00+02:00',
      '2028-03-01T10:00:00+02:00',
      62,
      [slot('2028-02-29T08:00:00.000Z'), slot('2027-12-31T12:00:00.000Z')],
      [
        ['2027-12-31', 1],
        ['2028-02-29', 1],
      ],
    ],
  ])('%s', (_what, from, to, count, slots, perDay) => {
    const days = slotDays(slots, from, to);
    expect(days).toHaveLength(count);
    expect(new Set(days.map((d) => d.day)).size).toBe(count);
    expect([...days.map((d) => d.day)].sort()).toEqual(days.map((d) => d.day));
    expect(days.filter((d) => d.slots.length).map((d) => [d.day, d.slots.length])).toEqual(perDay);
    for (const d of days) expect(d.slots.map((s) => s.startsAt)).toEqual([...d.slots.map((s) => s.startsAt)].sort());
  });

  it('the first and last day are those of the window in Sofia', () => {
    const days = slotDays([], '2026-12-04T22:30:00.000Z', '2026-12-18T22:30:00.000Z');
    expect([days[0]!.day, days.at(-1)!.day]).toEqual(['2026-12-05', '2026-12-19']);
  });
});

describe('slot times', () => {
  it.each([
    ['bg', slot('2026-12-07T07:00:00.000Z'), '09:00–09:30\u00a0ч.'],
    ['en', slot('2026-12-07T07:00:00.000Z'), '09:00–09:30'],
    ['bg', slot('2026-07-07T06:00:00.000Z', 60), '09:00–10:00\u00a0ч.'],
    ['bg', slot('2026-12-07T21:30:00.000Z'), '23:30–00:00\u00a0ч.'],
  ] as const)('%s %j → %s', (lang, s, expected) => {
    expect(formatSlotTime(s, lang)).toBe(expected);
  });

  it.each([
    ['7 декември 2026 г., 11:00–11:30 ч.', '7 декември 2026\u00a0г., 11:00–11:30\u00a0ч.'],
    ['7 December 2026, 11:00–11:30', '7 December 2026, 11:00–11:30'],
    ['без единици', 'без единици'],
  ])('%s', (text, expected) => {
    expect(keepUnits(text)).toBe(expected);
  });
});
