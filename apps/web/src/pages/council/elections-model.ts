import type { CouncilElectionEvent, CouncilSessionView, ElectionView } from '@egov-box/contracts';

/** A round's live event applied to the cached sitting: the round replaced (or added), the version raised. */
export function applyElection(s: CouncilSessionView, e: CouncilElectionEvent): CouncilSessionView {
  const list = s.elections ?? [];
  const known = list.some((x) => x.id === e.election.id);
  // Keep the member's own "voted" (events carry the public picture only).
  const merged = (x: ElectionView) => (x.id === e.election.id ? { ...e.election, mine: x.mine } : x);
  return {
    ...s,
    version: Math.max(s.version, e.version),
    elections: known ? list.map(merged) : [...list, e.election],
  };
}
