import type { CouncilSessionView, ElectionView } from '@egov-box/contracts';
import { applyElection } from './elections-model';

const round = (id: string, over: Partial<ElectionView> = {}): ElectionView => ({
  id,
  sessionId: 's',
  itemId: 'i',
  office: 'Председател',
  round: 1,
  firstRoundId: null,
  mode: 'electronic',
  status: 'open',
  openedAt: '2026-01-01T10:00:00.000Z',
  closedAt: null,
  candidates: [],
  ballotsCast: 0,
  result: null,
  commission: null,
  ...over,
});
const sitting = (elections?: ElectionView[]) => ({ id: 's', version: 5, elections }) as unknown as CouncilSessionView;

describe('applyElection: a round event on the cached sitting', () => {
  it('adds a new round and raises the version', () => {
    const s = applyElection(sitting(), { sessionId: 's', version: 6, election: round('a') });
    expect(s.elections!.map((e) => e.id)).toEqual(['a']);
    expect(s.version).toBe(6);
  });

  it('replaces a known round, keeping the member’s own "voted"', () => {
    const before = sitting([round('a', { mine: { voted: true, candidateId: null } }), round('b')]);
    const s = applyElection(before, { sessionId: 's', version: 7, election: round('a', { ballotsCast: 3 }) });
    expect(s.elections!.map((e) => [e.id, e.ballotsCast, e.mine?.voted])).toEqual([
      ['a', 3, true],
      ['b', 0, undefined],
    ]);
  });

  it('an older event never lowers the version', () => {
    expect(applyElection(sitting([]), { sessionId: 's', version: 2, election: round('a') }).version).toBe(5);
  });
});
