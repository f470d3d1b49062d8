import { describe, expect, it } from '@jest/globals';
import type { CouncilSessionView, VoteView } from '@egov-box/contracts';
import { displayState } from './display.service.js';

const vote = (over: Partial<VoteView>): VoteView => ({
  id: 'v',
  sessionId: 's',
  itemId: 'i1',
  mode: 'open',
  majority: 'present',
  status: 'open',
  openedAt: '2026-12-04T10:00:00.000Z',
  closedAt: null,
  ballotsCast: 3,
  counts: { for: 2, against: 1, abstain: 0 },
  atOpen: null,
  result: null,
  roll: null,
  ...over,
});

const sitting = (votes: VoteView[]): CouncilSessionView =>
  ({
    id: 's',
    number: 4,
    title: 'Заседание',
    status: 'open',
    currentItemId: 'i1',
    items: [{ id: 'i1', position: 1, title: 'Точка' }],
    quorum: { present: 26, total: 51, required: 26, reached: true },
    votes,
    speakers: [],
  }) as unknown as CouncilSessionView;

describe('the chamber screen: what a vote shows', () => {
  it.each<[string, Partial<VoteView>, 'live' | 'closed', boolean]>([
    ['an open vote, open: live totals', { mode: 'open' }, 'live', true],
    ['a roll-call vote, open: live totals', { mode: 'roll_call' }, 'live', true],
    // The public view already holds them back; the screen does not rely on it.
    ['a secret vote, open: only how many voted', { mode: 'secret' }, 'live', false],
    ['a secret vote, closed: the totals', { mode: 'secret', status: 'closed' }, 'closed', true],
    ['an open vote, closed: the totals', { mode: 'open', status: 'closed' }, 'closed', true],
  ])('%s', (_what, over, where, totals) => {
    const s = displayState(sitting([vote(over)]), new Date('2026-12-04T10:01:00Z'));
    const shown = where === 'live' ? s.vote : s.results[0];
    expect(shown).toMatchObject({ ballotsCast: 3, itemTitle: 'Точка', itemPosition: 1 });
    expect(shown!.counts).toEqual(totals ? { for: 2, against: 1, abstain: 0 } : null);
    expect(where === 'live' ? s.results : [s.vote]).toEqual(where === 'live' ? [] : [null]);
    expect(s.now).toBe('2026-12-04T10:01:00.000Z');
    expect(s.item).toEqual({ id: 'i1', position: 1, title: 'Точка' });
    expect(s.checkIn).toBeNull();
  });
});
