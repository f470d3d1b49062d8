import type { UpcomingMeetingView } from '@egov-box/contracts';
import { ApiError } from '../../api/client';
import {
  canCancel,
  canReschedule,
  conflictsOf,
  groupByDay,
  periodOf,
  rescheduleTimes,
  shiftAnchor,
  sofiaToday,
  wallClock,
} from './range';

const meeting = (id: string, startsAt: string, endsAt = startsAt): UpcomingMeetingView => ({
  id,
  kind: 'booking',
  title: id,
  status: 'confirmed',
  startsAt,
  endsAt,
  space: { id: 's', kind: 'hall', name: 'Зала', location: null },
  organizerId: 'o',
  seriesId: null,
  role: 'organizer',
  response: 'accepted',
});

describe('schedule periods', () => {
  it('today is the Sofia date, not the UTC one', () => {
    expect(sofiaToday(new Date('2026-03-10T22:30:00Z'))).toBe('2026-03-11');
  });

  it('a week runs Monday to Monday in Sofia; a day is one Sofia day', () => {
    const week = periodOf('week', '2026-03-12')!;
    expect(week.from.toISO()).toBe('2026-03-09T00:00:00.000+02:00');
    expect(week.to.toISO()).toBe('2026-03-16T00:00:00.000+02:00');
    // The week of the spring change is 167 hours long.
    const dst = periodOf('week', '2026-03-25')!;
    expect(dst.to.diff(dst.from, 'hours').hours).toBe(167);
    expect(periodOf('day', '2026-03-29')!.to.toISO()).toBe('2026-03-30T00:00:00.000+03:00');
    expect(periodOf('list', '2026-03-12')).toBeNull();
  });

  it('moves by days or weeks', () => {
    expect(shiftAnchor('day', '2026-02-28', 1)).toBe('2026-03-01');
    expect(shiftAnchor('week', '2026-03-12', -1)).toBe('2026-03-05');
  });

  it('groups the meetings of the shown week by Sofia day, later weeks left out', () => {
    const now = new Date('2026-03-10T10:00:00Z');
    const items = [
      meeting('sunday-late', '2026-03-15T22:30:00Z', '2026-03-15T23:30:00Z'), // Monday 16th in Sofia
      meeting('thursday', '2026-03-12T08:00:00Z', '2026-03-12T09:00:00Z'),
    ];
    expect(groupByDay(items, 'week', now).map(([d, l]) => [d, l.map((m) => m.id)])).toEqual([
      ['2026-03-12', ['thursday']],
    ]);
    expect(groupByDay(items, 'week', now, '2026-03-16').map(([d]) => d)).toEqual(['2026-03-16']);
    expect(groupByDay(items, 'day', now, '2026-03-12').map(([d]) => d)).toEqual(['2026-03-12']);
  });
});

describe('reschedule form', () => {
  it('starts from the meeting in Sofia wall-clock time', () => {
    expect(wallClock({ startsAt: '2026-07-15T07:00:00Z', endsAt: '2026-07-15T08:30:00Z' })).toEqual({
      date: '2026-07-15',
      start: '10:00',
      end: '11:30',
    });
  });

  it('reads the new times in Sofia (with the offset of that date) and refuses an end before the start', () => {
    expect(rescheduleTimes('2026-01-15', '14:00', '15:00')).toEqual({
      startsAt: '2026-01-15T14:00:00+02:00',
      endsAt: '2026-01-15T15:00:00+02:00',
    });
    expect(rescheduleTimes('2026-07-15', '14:00', '15:00')).toEqual({
      startsAt: '2026-07-15T14:00:00+03:00',
      endsAt: '2026-07-15T15:00:00+03:00',
    });
    expect(rescheduleTimes('2026-07-15', '15:00', '15:00')).toEqual({ error: 'end_before_start' });
    expect(rescheduleTimes('', '15:00', '16:00')).toEqual({ error: 'invalid' });
  });

  it('lists the meetings in the way from 409 slot_taken only', () => {
    const inTheWay = { id: 'm1', title: 'Бюджет', status: 'confirmed', startsAt: 'a', endsAt: 'b' };
    const taken = new ApiError(409, 'slot_taken', 'taken', 'r', { conflicts: [inTheWay, { bogus: true }] });
    expect(conflictsOf(taken)).toEqual([inTheWay]);
    expect(conflictsOf(new ApiError(409, 'slot_taken', 'taken'))).toEqual([]);
    expect(conflictsOf(new ApiError(400, 'outside_bookable_hours', 'no'))).toBeNull();
    expect(conflictsOf(new Error('x'))).toBeNull();
  });

  it('the organizer moves hall bookings only, and cancels bookings and one-on-ones — never a session', () => {
    const m = meeting('m', '2026-03-12T08:00:00Z');
    expect(canReschedule(m)).toBe(true);
    expect(canReschedule({ ...m, kind: 'committee_meeting' })).toBe(false);
    expect(canReschedule({ ...m, kind: 'one_on_one' })).toBe(false);
    expect(canReschedule({ ...m, kind: 'council_session' })).toBe(false);
    expect(canReschedule({ ...m, role: 'invitee' })).toBe(false);
    expect(canReschedule({ ...m, status: 'cancelled' })).toBe(false);
    expect(canCancel(m)).toBe(true);
    expect(canCancel({ ...m, kind: 'one_on_one' })).toBe(true);
    expect(canCancel({ ...m, kind: 'committee_meeting' })).toBe(false);
    expect(canCancel({ ...m, kind: 'council_session' })).toBe(false);
    expect(canCancel({ ...m, role: 'invitee' })).toBe(false);
  });
});
