import type { UpcomingMeetingView } from '@egov-box/contracts';
import { recurrenceRule, sofiaInstant, weekStart } from './halls/booking';
import { MAX_SLOTS, toggleSlot } from './one-on-ones/slots';
import { groupByDay } from './schedule/range';
import { DateTime } from 'luxon';

const meeting = (id: string, startsAt: string): UpcomingMeetingView => ({
  id,
  kind: 'booking',
  title: id,
  status: 'confirmed',
  startsAt,
  endsAt: startsAt,
  space: { id: 's', name: 'Зала' } as UpcomingMeetingView['space'],
  organizerId: 'o',
  seriesId: null,
  role: 'invitee',
  response: 'needs_action',
});

describe('page helpers', () => {
  it('groups meetings by their day in Sofia, not in UTC', () => {
    const now = new Date('2026-03-10T10:00:00Z');
    // 22:30 UTC on the 10th is 00:30 on the 11th in Sofia (UTC+2).
    const items = [meeting('late', '2026-03-10T22:30:00Z'), meeting('early', '2026-03-10T12:00:00Z')];
    expect(groupByDay(items, 'list', now)).toEqual([
      ['2026-03-10', [items[1]]],
      ['2026-03-11', [items[0]]],
    ]);
    expect(groupByDay(items, 'day', now).map(([d]) => d)).toEqual(['2026-03-10']);
    expect(groupByDay([meeting('far', '2026-03-20T10:00:00Z')], 'week', now)).toEqual([]);
  });

  it('reads the booking form in Sofia wall-clock time across DST', () => {
    expect(sofiaInstant('2026-01-15', '10:00')).toBe('2026-01-15T10:00:00+02:00');
    expect(sofiaInstant('2026-07-15', '10:00')).toBe('2026-07-15T10:00:00+03:00');
    expect(sofiaInstant('', '10:00')).toBeNull();
    expect(weekStart(DateTime.fromISO('2026-03-15T23:30:00Z'))).toBe('2026-03-16');
  });

  it('builds the recurrence rule', () => {
    expect(recurrenceRule('none', 4)).toBeUndefined();
    expect(recurrenceRule('weekly', 4)).toBe('FREQ=WEEKLY;COUNT=4');
    expect(recurrenceRule('daily', 3)).toBe('FREQ=DAILY;COUNT=3');
    expect(recurrenceRule('daily', 1)).toBeUndefined();
  });

  it('chooses at most three slots and toggles them off', () => {
    const slot = (h: number) => ({ startsAt: `2026-03-10T0${h}:00:00Z`, endsAt: `2026-03-10T0${h}:30:00Z` });
    let chosen = [1, 2, 3, 4].reduce((acc, h) => toggleSlot(acc, slot(h)), [] as ReturnType<typeof slot>[]);
    expect(chosen).toHaveLength(MAX_SLOTS);
    chosen = toggleSlot(chosen, slot(2));
    expect(chosen).toEqual([slot(1), slot(3)]);
  });
});
