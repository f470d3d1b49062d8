import type { CouncilQuorum, Majority, VoteCounts, VoteResult } from '@egov-box/contracts';

/**
 * The law's arithmetic (ЗМСМА): quorum is more than half of ALL members of the body;
 * a decision needs more than half of those present, more than half of all members, or
 * two thirds of all members (rounded up). Abstentions count as present and not "for".
 */
export function moreThanHalf(n: number): number {
  return Math.floor(n / 2) + 1;
}

export function quorum(total: number, present: number): CouncilQuorum {
  const required = moreThanHalf(total);
  return { present, total, required, reached: present >= required };
}

/** Votes "for" a decision needs under a majority rule. */
export function requiredFor(majority: Majority, members: number, present: number): number {
  switch (majority) {
    case 'present':
      return moreThanHalf(present);
    case 'all':
      return moreThanHalf(members);
    case 'two_thirds_all':
      return Math.ceil((2 * members) / 3);
  }
}

export function voteResult(input: {
  majority: Majority;
  members: number;
  present: number;
  entitled: number;
  counts: VoteCounts;
}): VoteResult {
  const required = requiredFor(input.majority, input.members, input.present);
  return {
    passed: input.counts.for >= required,
    counts: { ...input.counts },
    members: input.members,
    present: input.present,
    entitled: input.entitled,
    required,
  };
}
