import { DateTime } from 'luxon';
import { columnDate, formatDayHeader } from '../../components/calendar/days';
import { daysOfWeek, equipmentList, firstDayShown, matchingPeople } from './booking';

const sofia = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Sofia' });

describe('halls page helpers', () => {
  it.each([
    [['projector', 'video_conferencing', 'wheelchair_access'], 'проектор, видеоконферентна връзка, достъп'],
    [['screen', 'Бяла дъска'], 'екран, Бяла дъска'],
    [[], ''],
  ])('equipment %j reads %s', (keys, expected) => {
    const labels: Record<string, string> = {
      projector: 'проектор',
      video_conferencing: 'видеоконферентна връзка',
      wheelchair_access: 'достъп',
      screen: 'екран',
    };
    expect(equipmentList(keys, (k) => labels[k] ?? `?${k}`)).toBe(expected);
  });

  it.each([
    // a week across a month, a year and the autumn and spring clock changes
    ['2026-11-30', ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']],
    ['2026-12-28', ['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']],
    ['2027-10-25', ['2027-10-25', '2027-10-26', '2027-10-27', '2027-10-28', '2027-10-29', '2027-10-30', '2027-10-31']],
    ['2027-03-22', ['2027-03-22', '2027-03-23', '2027-03-24', '2027-03-25', '2027-03-26', '2027-03-27', '2027-03-28']],
  ])('the days of the week of %s', (monday, days) => {
    expect(daysOfWeek(monday)).toEqual(days);
  });

  it.each([
    ['2026-11-30', '2026-12-03T10:00:00+02:00', '2026-12-03'],
    ['2026-11-30', '2026-12-06T23:30:00+02:00', '2026-12-06'],
    // 22:30 UTC on Sunday is already Monday in Sofia: the next week, so its Monday
    ['2026-11-30', '2026-12-06T22:30:00Z', '2026-11-30'],
    ['2026-12-07', '2026-12-03T10:00:00+02:00', '2026-12-07'],
    ['2027-10-25', '2027-10-31T03:30:00+02:00', '2027-10-31'],
  ])('a phone first shows, in the week of %s at %s, %s', (monday, now, day) => {
    expect(firstDayShown(monday, DateTime.fromISO(now))).toBe(day);
  });

  it.each([
    ['', 4],
    ['ан', 3],
    ['  ИВАН ', 1],
    ['иванов', 1],
    ['мария', 1],
    ['ю', 0],
  ])('the filter %j finds %i of four, never cut', (filter, count) => {
    const people = ['Иван Иванов', 'Анна Петрова', 'Стефан Ангелов', 'Мария Колева'].map((displayName) => ({
      displayName,
    }));
    expect(matchingPeople(people, filter)).toHaveLength(count);
  });

  it('keeps every one of 72 colleagues (the page once showed 30)', () => {
    const people = Array.from({ length: 72 }, (_, i) => ({ displayName: `Колега ${i}` }));
    expect(matchingPeople(people, '')).toHaveLength(72);
    expect(matchingPeople(people, 'колега')).toHaveLength(72);
  });

  it.each([
    ['week', '2026-12-02', 1, '2026-11-30', 'пн 30.11', 'Mon 30/11'],
    ['week', '2026-12-02', 0, '2026-12-06', 'нд 6.12', 'Sun 6/12'],
    ['week', '2027-10-31', 6, '2027-10-30', 'сб 30.10', 'Sat 30/10'],
    ['week', '2026-12-28', 5, '2027-01-01', 'пт 1.1', 'Fri 1/1'],
    ['day', '2027-03-28', 0, '2027-03-28', 'нд 28.3', 'Sun 28/3'],
  ] as const)('a %s view at %s, weekday %i: %s, headed %s / %s', (view, anchor, dow, date, bg, en) => {
    expect(columnDate(view, anchor, dow)).toBe(date);
    expect(formatDayHeader(date, 'bg')).toBe(bg);
    expect(formatDayHeader(date, 'en')).toBe(en);
  });

  it('works from Sofia dates whatever the zone of the machine', () => {
    expect(sofia('2026-12-07').weekday).toBe(1);
    expect(columnDate('week', '2026-12-07', 1)).toBe('2026-12-07');
  });
});
