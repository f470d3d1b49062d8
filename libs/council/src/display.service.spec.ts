import { describe, expect, it } from '@jest/globals';
import type { CouncilSessionView, ElectionResult, ElectionView, VoteView } from '@egov-box/contracts';
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

describe('the chamber screen: what an election shows', () => {
  const round = (over: Partial<ElectionView>): ElectionView => ({
    id: 'e1',
    sessionId: 's',
    itemId: 'i1',
    office: 'председател на Общинския съвет',
    round: 1,
    firstRoundId: null,
    mode: 'electronic',
    status: 'open',
    openedAt: '2026-12-04T10:00:00.000Z',
    closedAt: null,
    candidates: [
      { id: 'a', displayName: 'Анна Петрова' },
      { id: 'b', displayName: 'Борис Иванов' },
    ],
    ballotsCast: 7,
    result: null,
    commission: null,
    ...over,
  });
  const closed = (outcome: ElectionResult['outcome'], electedId: string | null): Partial<ElectionView> => ({
    status: 'closed',
    result: {
      round: 1,
      seats: 51,
      present: 40,
      quorumRequired: 26,
      quorumReached: true,
      required: 26,
      votes: [
        { candidateId: 'a', votes: electedId ? 30 : 20 },
        { candidateId: 'b', votes: 9 },
      ],
      blank: 1,
      invalid: 0,
      voters: 40,
      outcome,
      electedId,
      runoff: outcome === 'second_round' ? ['a', 'b'] : [],
    },
  });

  it.each<[string, ElectionView[], object | null]>([
    ['no election at the sitting', [], null],
    ['an open round: only how many voted, no totals', [round({})], { status: 'open', ballotsCast: 7, result: null }],
    [
      'a closed round that elected: the votes by name and who is elected',
      [round(closed('elected', 'a'))],
      {
        status: 'closed',
        result: {
          elected: 'Анна Петрова',
          outcome: 'elected',
          blank: 1,
          votes: [
            { name: 'Анна Петрова', votes: 30 },
            { name: 'Борис Иванов', votes: 9 },
          ],
        },
      },
    ],
    [
      'a first round without a majority, then the open second round: the open one is shown',
      [round(closed('second_round', null)), round({ id: 'e2', round: 2, firstRoundId: 'e1', ballotsCast: 2 })],
      { id: 'e2', round: 2, status: 'open', ballotsCast: 2, result: null },
    ],
    [
      'two closed rounds: the last one',
      [round(closed('second_round', null)), round({ id: 'e2', round: 2, ...closed('elected', 'a') })],
      { id: 'e2', result: { elected: 'Анна Петрова' } },
    ],
  ])('%s', (_what, rounds, shown) => {
    const s = displayState({ ...sitting([]), elections: rounds } as CouncilSessionView, new Date());
    if (shown === null) expect(s.election).toBeNull();
    else expect(s.election).toMatchObject(shown);
  });
});
