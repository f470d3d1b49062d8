import type { ElectionOutcome, ElectionResult } from '@egov-box/contracts';
import { moreThanHalf, quorum } from './rules.js';

/**
 * The arithmetic of an election (a secret vote with candidates).
 *
 * ЗМСМА чл. 24, ал. 1: the council elects its chair from among its members by secret vote;
 * "за избран се смята кандидатът, който е получил повече от половината от гласовете от общия
 * брой на съветниците" — more than half of ALL the seats ({@link moreThanHalf}(seats)), not of
 * those present or voting: a blank ballot, an invalid one and an absent member all count
 * against every candidate. The same rule is used for the chairs and deputy chairs of
 * committees and the council's deputy chairs, which the councils' rulebooks (adopted under
 * ЗМСМА чл. 21, ал. 3) elect the same way.
 *
 * When nobody reaches it, a second round is held between the two who came first. The law
 * says nothing of a second round, nor of a tie for the second (or first) place; the rulebooks
 * we read (e.g. Шумен, Процедурни правила за избор на председател, Решение № 1 от 10.12.2007)
 * settle the ballot and the commission, not the tie. Where the law is silent we exclude no
 * one by chance: every candidate tied for a place that goes on goes on (three tied for second
 * → four in the second round). A second round that elects nobody ends the election
 * ("not elected"): a new election, with new nominations, is a new agenda step.
 *
 * Without a quorum when the round closes (ЗМСМА чл. 27, ал. 2) the round decides nothing.
 */
export interface RoundInput {
  round: number;
  seats: number;
  /** Members present when the round closed. */
  present: number;
  /** Votes per candidate id, in the ballot's order. */
  votes: { candidateId: string; votes: number }[];
  blank: number;
  /** Paper ballots found invalid by the counting commission (0 for electronic rounds). */
  invalid: number;
}

/** The candidates who go on to a second round: the first two by votes, every one tied for a place included. */
export function runoffCandidates(votes: RoundInput['votes']): string[] {
  const sorted = [...votes].sort((a, b) => b.votes - a.votes);
  if (sorted.length <= 2) return sorted.map((c) => c.candidateId);
  const first = sorted[0]!.votes;
  const atFirst = sorted.filter((c) => c.votes === first);
  // Two or more share the first place: they are "the two first" (all of them, when more tie).
  if (atFirst.length >= 2) return atFirst.map((c) => c.candidateId);
  const second = sorted[1]!.votes;
  return [sorted[0]!.candidateId, ...sorted.filter((c) => c.votes === second).map((c) => c.candidateId)];
}

/** The result of a round at its close: a snapshot that is never recomputed. */
export function electionResult(input: RoundInput): ElectionResult {
  const q = quorum(input.seats, input.present);
  const required = moreThanHalf(input.seats);
  const cast = input.votes.reduce((n, c) => n + c.votes, 0);
  const winners = input.votes.filter((c) => c.votes >= required);
  let outcome: ElectionOutcome;
  let electedId: string | null = null;
  let runoff: string[] = [];
  if (!q.reached) outcome = 'no_quorum';
  else if (winners.length === 1) {
    // Two candidates can never both have more than half of the seats: one ballot names one candidate.
    outcome = 'elected';
    electedId = winners[0]!.candidateId;
  } else if (input.round === 1 && input.votes.length >= 2) {
    outcome = 'second_round';
    runoff = runoffCandidates(input.votes);
  } else outcome = 'not_elected';
  return {
    round: input.round,
    seats: input.seats,
    present: input.present,
    quorumRequired: q.required,
    quorumReached: q.reached,
    required,
    votes: input.votes.map((c) => ({ ...c })),
    blank: input.blank,
    invalid: input.invalid,
    voters: cast + input.blank + input.invalid,
    outcome,
    electedId,
    runoff,
  };
}
