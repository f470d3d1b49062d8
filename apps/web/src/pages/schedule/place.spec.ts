import type { MeetingSpaceView, UpcomingMeetingView } from '@egov-box/contracts';
import { offersRsvp, placeOf } from './place';

type Row = Pick<UpcomingMeetingView, 'kind' | 'role' | 'status' | 'space'>;
const personal: MeetingSpaceView = { id: 'p', kind: 'personal', name: 'Емил Василев', location: null };
const hall: MeetingSpaceView = { id: 'h', kind: 'hall', name: 'Голяма зала', location: 'ет. 2' };
const row = (kind: Row['kind'], role: Row['role'], space = personal, status: Row['status'] = 'confirmed'): Row => ({
  kind,
  role,
  space,
  status,
});

describe('where a meeting takes place', () => {
  it.each([
    [
      'a one-on-one, seen by the one who asked',
      row('one_on_one', 'organizer'),
      { key: 'schedule.place.roomOf', name: 'Емил Василев' },
    ],
    ['a one-on-one, seen by its host', row('one_on_one', 'invitee'), { key: 'schedule.place.yourRoom' }],
    ['a booking in a personal room', row('booking', 'invitee'), { key: 'schedule.place.roomOf', name: 'Емил Василев' }],
    ['a booking in a hall', row('booking', 'invitee', hall), { key: 'schedule.place.space', name: 'Голяма зала' }],
    [
      'a council session',
      row('council_session', 'invitee', hall),
      { key: 'schedule.place.space', name: 'Голяма зала' },
    ],
  ])('%s', (_name, meeting, expected) => {
    expect(placeOf(meeting)).toEqual(expected);
  });
});

describe('which rows offer an RSVP', () => {
  it.each([
    ['an invitation to a booking', row('booking', 'invitee', hall), true],
    ['an invitation to a session', row('council_session', 'invitee', hall), true],
    ['an agreed one-on-one, for its host', row('one_on_one', 'invitee'), false],
    ['an agreed one-on-one, for the one who asked', row('one_on_one', 'organizer'), false],
    ['my own booking', row('booking', 'organizer', hall), false],
    ['a cancelled invitation', row('booking', 'invitee', hall, 'cancelled'), false],
  ])('%s', (_name, meeting, expected) => {
    expect(offersRsvp(meeting)).toBe(expected);
  });
});
