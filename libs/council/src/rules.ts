import {
  DECISION_DISPATCH_DAYS,
  MUNICIPAL_TIME_ZONE,
  type CouncilQuorum,
  type Majority,
  type VoteCounts,
  type VoteResult,
  type VoteSnapshot,
} from '@egov-box/contracts';
import { DateTime } from 'luxon';

/**
 * The law's arithmetic (ЗМСМА чл. 27): a sitting is lawful when more than half of ALL the
 * body's seats are present (ал. 2) — the seats by law, an empty seat included; a decision
 * needs more than half of those present unless a law says otherwise (ал. 3), or more than
 * half of all the seats, or two thirds of all the seats (rounded up) where a law asks for it.
 * Abstentions count as present and not "for".
 *
 * Conflicts of interest (Закон за противодействие на корупцията): a member who declared a
 * private interest in an item takes no part in its debate or vote; they count for the quorum
 * (they are present) but not in the base of "more than half of those present".
 */
export function moreThanHalf(n: number): number {
  return Math.floor(n / 2) + 1;
}

export function quorum(seats: number, present: number): CouncilQuorum {
  const required = moreThanHalf(seats);
  return { present, total: seats, required, reached: present >= required };
}

/** Votes "for" a decision needs under a majority rule: `entitled` are the present members without a conflict. */
export function requiredFor(majority: Majority, seats: number, entitled: number): number {
  switch (majority) {
    case 'present':
      return moreThanHalf(entitled);
    case 'all':
      return moreThanHalf(seats);
    case 'two_thirds_all':
      return Math.ceil((2 * seats) / 3);
  }
}

/** What a vote stands on at one moment: the seats, who is present, who may vote, the counts. */
export function voteSnapshot(input: {
  majority: Majority;
  seats: number;
  present: number;
  entitled: number;
  counts: VoteCounts;
}): VoteSnapshot {
  const q = quorum(input.seats, input.present);
  return {
    seats: input.seats,
    present: input.present,
    entitled: input.entitled,
    quorumRequired: q.required,
    quorumReached: q.reached,
    required: requiredFor(input.majority, input.seats, input.entitled),
    counts: { ...input.counts },
  };
}

/**
 * The result at close. Without a quorum at that moment the vote decides nothing ("no
 * quorum"), whatever the counts; otherwise it is adopted when "for" reaches the majority.
 */
export function voteResult(input: Parameters<typeof voteSnapshot>[0]): VoteResult {
  const snap = voteSnapshot(input);
  const outcome = !snap.quorumReached ? 'no_quorum' : snap.counts.for >= snap.required ? 'adopted' : 'rejected';
  return { ...snap, outcome, passed: outcome === 'adopted', members: snap.seats };
}

/**
 * `days` days of the municipality's calendar after `from`: the same wall-clock time in Sofia
 * (a daylight-saving change or a new year in between changes nothing). The council's periods
 * are counted in days: notice, review, dispatch.
 */
function inMunicipalDays(from: Date, days: number): DateTime {
  return DateTime.fromJSDate(from).setZone(MUNICIPAL_TIME_ZONE).plus({ days });
}

/**
 * The earliest start a regular sitting may have when its agenda is published `now`: the
 * body's notice period counted in days of the municipality's calendar.
 *
 * ЗМСМА чл. 25 has the chair convene the council and prepare its sittings; how long before a
 * sitting the councillors and the public are told of it (the invitation with the draft agenda
 * and its materials) each council sets in its rulebook adopted under ЗМСМА чл. 21, ал. 3 —
 * e.g. Хасково, Правилник чл. 46, ал. 4 (Решение № 401 от 28.04.2017): the invitation with the
 * draft agenda and materials not less than 7 days before the sitting, 5 in the urgent cases of
 * its ал. 3; Мадан: the public is told at least 6 days before. Hence a per-body setting,
 * 7 days by default, and extraordinary sittings (извънредно заседание) exempt, their reason kept.
 */
export function earliestRegularStart(now: Date, noticeDays: number): Date {
  return inMunicipalDays(now, noticeDays).toJSDate();
}

/**
 * The end of a minutes' review period: `reviewDays` days of the municipality's calendar after
 * the sitting closed (or a new version was started), at the same wall-clock time.
 */
export function reviewEnds(from: Date, reviewDays: number): Date {
  return inMunicipalDays(from, reviewDays).toJSDate();
}

/**
 * By when an adopted decision is sent to the mayor and the regional governor and made public
 * (ЗМСМА чл. 22: within 7 days of its adoption): the end of the 7th day after it, by the
 * municipality's calendar.
 */
export function decisionDeadline(decidedAt: Date): Date {
  return inMunicipalDays(decidedAt, DECISION_DISPATCH_DAYS).endOf('day').toJSDate();
}

/** The Sofia calendar day of a moment, `YYYY-MM-DD` (mandates and seat holdings are dated by it). */
export function sofiaDay(at: Date): string {
  return DateTime.fromJSDate(at).setZone(MUNICIPAL_TIME_ZONE).toISODate()!;
}
