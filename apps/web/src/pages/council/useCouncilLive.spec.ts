import type { CouncilSessionView, VoteView } from '@egov-box/contracts';
import { applyAttendance, applyVote, mergeVote, missedEvents, newerSitting, SpeakersTracker } from './useCouncilLive';

const vote = (over: Partial<VoteView> = {}): VoteView => ({
  id: 'v1',
  sessionId: 's1',
  itemId: 'i1',
  mode: 'roll_call',
  majority: 'present',
  status: 'open',
  openedAt: '2026-01-01T08:00:00Z',
  closedAt: null,
  atOpen: null,
  ballotsCast: 0,
  counts: { for: 0, against: 0, abstain: 0 },
  result: null,
  roll: null,
  ...over,
});

const sitting = (over: Partial<CouncilSessionView> = {}): CouncilSessionView => ({
  id: 's1',
  number: 1,
  title: 'Заседание',
  status: 'open',
  startsAt: '2026-01-01T08:00:00Z',
  endsAt: '2026-01-01T12:00:00Z',
  version: 5,
  currentItemId: 'i1',
  publishedAt: '2025-12-20T08:00:00Z',
  extraordinary: false,
  extraordinaryReason: null,
  description: null,
  meetingId: 'm1',
  spaceId: 'sp1',
  openedAt: null,
  closedAt: null,
  items: [],
  attendance: [],
  quorum: { present: 0, total: 51, required: 26, reached: false },
  votes: [],
  ...over,
});

describe('council live updates', () => {
  it('an event keeps the viewer’s own ballot, which events never carry', () => {
    const mine = { voted: true, choice: 'for' as const };
    const merged = mergeVote([vote({ mine })], vote({ ballotsCast: 3 }));
    expect(merged).toEqual([vote({ ballotsCast: 3, mine })]);
    expect(mergeVote([], vote())).toEqual([vote()]);
  });

  it('a vote event raises the version, so an older refetch does not undo it', () => {
    const closed = vote({ status: 'closed' });
    const s = applyVote(sitting(), { sessionId: 's1', version: 7, vote: closed });
    expect(s.version).toBe(7);
    const stale = sitting({ version: 6, votes: [vote()] });
    expect(newerSitting(s, stale)).toBe(s);
    const fresh = sitting({ version: 8 });
    expect(newerSitting(s, fresh)).toBe(fresh);
  });

  it('attendance events move the quorum and the member; older ones are ignored', () => {
    const quorum = { present: 1, total: 51, required: 26, reached: false };
    const member = { id: 'u1', displayName: 'Анна' };
    const s = applyAttendance(sitting(), { sessionId: 's1', version: 6, member, present: true, quorum });
    expect(s.quorum).toEqual(quorum);
    expect(s.attendance).toEqual([{ member, present: true, checkedInAt: null, checkedOutAt: null }]);
    expect(applyAttendance(s, { sessionId: 's1', version: 4, member, present: false, quorum })).toBe(s);
  });

  it('speakers: an older event never replaces a newer list; a load overtaken by an event is dropped', () => {
    const t = new SpeakersTracker();
    expect(t.event(5)).toBe(true);
    expect(t.event(4)).toBe(false);
    expect(t.event(5)).toBe(true);
    const ticket = t.loading();
    expect(t.loaded(ticket)).toBe(true);
    const overtaken = t.loading();
    expect(t.event(6)).toBe(true);
    expect(t.loaded(overtaken)).toBe(false);
  });

  it('an event more than one version ahead of the cached view means events were missed', () => {
    expect(missedEvents(sitting({ version: 5 }), 6)).toBe(false);
    expect(missedEvents(sitting({ version: 5 }), 5)).toBe(false);
    expect(missedEvents(sitting({ version: 5 }), 4)).toBe(false);
    expect(missedEvents(sitting({ version: 5 }), 7)).toBe(true);
    expect(missedEvents(undefined, 9)).toBe(false);
  });
});
