import { describe, expect, it } from '@jest/globals';
import type { Majority } from '@egov-box/contracts';
import { decisionDeadline, moreThanHalf, reviewEnds, quorum, requiredFor, voteResult } from './rules.js';

describe('quorum: more than half of all members', () => {
  it.each([
    // total, present, required, reached
    [51, 25, 26, false],
    [51, 26, 26, true],
    [51, 51, 26, true],
    [50, 25, 26, false],
    [50, 26, 26, true],
    [7, 3, 4, false],
    [7, 4, 4, true],
    [9, 5, 5, true],
    [9, 4, 5, false],
    [11, 6, 6, true],
    [11, 5, 6, false],
    [1, 1, 1, true],
    [0, 0, 1, false],
  ])('%i members, %i present -> needs %i, reached %s', (total, present, required, reached) => {
    expect(quorum(total, present)).toEqual({ present, total, required, reached });
  });
});

describe('votes "for" required', () => {
  it.each<[Majority, number, number, number]>([
    // majority, seats, entitled (present without a conflict), required
    ['present', 51, 51, 26],
    ['present', 51, 26, 14],
    ['present', 51, 30, 16],
    ['present', 51, 31, 16],
    ['all', 51, 26, 26],
    ['all', 51, 51, 26],
    ['all', 50, 40, 26],
    ['two_thirds_all', 51, 51, 34],
    ['two_thirds_all', 51, 34, 34],
    ['two_thirds_all', 50, 50, 34],
    ['two_thirds_all', 45, 45, 30],
    ['present', 7, 4, 3],
    ['all', 7, 7, 4],
    ['two_thirds_all', 7, 7, 5],
    ['present', 9, 5, 3],
    ['all', 9, 9, 5],
    ['two_thirds_all', 9, 9, 6],
    ['present', 11, 6, 4],
    ['all', 11, 11, 6],
    ['two_thirds_all', 11, 11, 8],
  ])('%s of %i members with %i present -> %i', (majority, members, present, required) => {
    expect(requiredFor(majority, members, present)).toBe(required);
  });

  it('more than half is strict', () => {
    expect(moreThanHalf(10)).toBe(6);
    expect(moreThanHalf(11)).toBe(6);
  });
});

describe('vote results', () => {
  const cases: {
    name: string;
    majority: Majority;
    members: number;
    present: number;
    counts: [number, number, number];
    passed: boolean;
    required: number;
  }[] = [
    {
      name: 'tie among those present fails',
      majority: 'present',
      members: 51,
      present: 40,
      counts: [20, 20, 0],
      passed: false,
      required: 21,
    },
    {
      name: 'one more than half of present passes',
      majority: 'present',
      members: 51,
      present: 40,
      counts: [21, 19, 0],
      passed: true,
      required: 21,
    },
    {
      name: 'abstentions count as present and not for',
      majority: 'present',
      members: 51,
      present: 40,
      counts: [20, 5, 15],
      passed: false,
      required: 21,
    },
    {
      name: 'all abstain fails',
      majority: 'present',
      members: 51,
      present: 30,
      counts: [0, 0, 30],
      passed: false,
      required: 16,
    },
    {
      name: 'all abstain fails (two thirds)',
      majority: 'two_thirds_all',
      members: 51,
      present: 51,
      counts: [0, 0, 51],
      passed: false,
      required: 34,
    },
    {
      name: '25 of 51 is not a majority of all',
      majority: 'all',
      members: 51,
      present: 30,
      counts: [25, 0, 5],
      passed: false,
      required: 26,
    },
    {
      name: '26 of 51 is a majority of all',
      majority: 'all',
      members: 51,
      present: 26,
      counts: [26, 0, 0],
      passed: true,
      required: 26,
    },
    {
      name: '33 of 51 is not two thirds',
      majority: 'two_thirds_all',
      members: 51,
      present: 51,
      counts: [33, 18, 0],
      passed: false,
      required: 34,
    },
    {
      name: '34 of 51 is two thirds',
      majority: 'two_thirds_all',
      members: 51,
      present: 40,
      counts: [34, 6, 0],
      passed: true,
      required: 34,
    },
    {
      name: 'a majority of present may fall short of all',
      majority: 'present',
      members: 51,
      present: 30,
      counts: [16, 14, 0],
      passed: true,
      required: 16,
    },
    {
      name: 'committee of 7, tie fails',
      majority: 'present',
      members: 7,
      present: 6,
      counts: [3, 3, 0],
      passed: false,
      required: 4,
    },
    {
      name: 'committee of 9, all',
      majority: 'all',
      members: 9,
      present: 6,
      counts: [5, 1, 0],
      passed: true,
      required: 5,
    },
    {
      name: 'committee of 11, two thirds',
      majority: 'two_thirds_all',
      members: 11,
      present: 11,
      counts: [7, 4, 0],
      passed: false,
      required: 8,
    },
  ];
  it.each(cases)('$name', (c) => {
    const r = voteResult({
      majority: c.majority,
      seats: c.members,
      present: c.present,
      entitled: c.present,
      counts: { for: c.counts[0], against: c.counts[1], abstain: c.counts[2] },
    });
    expect(r.passed).toBe(c.passed);
    expect(r.outcome).toBe(c.passed ? 'adopted' : 'rejected');
    expect(r.required).toBe(c.required);
    expect(r.counts).toEqual({ for: c.counts[0], against: c.counts[1], abstain: c.counts[2] });
  });
});

describe('a vote decides only with a quorum at close (ЗМСМА чл. 27, ал. 2)', () => {
  it.each<[string, Majority, number, number, number, number, string]>([
    // name, majority, seats, present at close, entitled, for, outcome
    ['26 present of 51 seats, 10 for of 18 is not enough anyway', 'present', 51, 26, 26, 10, 'rejected'],
    ['18 present after 8 left: no quorum, though 10 of 18 voted for', 'present', 51, 18, 18, 10, 'no_quorum'],
    ['25 present: no quorum even with 25 for', 'all', 51, 25, 25, 25, 'no_quorum'],
    ['26 present, 26 for of all: adopted', 'all', 51, 26, 26, 26, 'adopted'],
    ['committee of 7, 3 present: no quorum', 'present', 7, 3, 3, 3, 'no_quorum'],
  ])('%s', (_name, majority, seats, present, entitled, votesFor, outcome) => {
    const r = voteResult({ majority, seats, present, entitled, counts: { for: votesFor, against: 0, abstain: 0 } });
    expect(r.outcome).toBe(outcome);
    expect(r.passed).toBe(outcome === 'adopted');
    expect(r.quorumRequired).toBe(Math.floor(seats / 2) + 1);
    expect(r.members).toBe(seats);
  });
});

describe('conflicts of interest: present for the quorum, out of the base of "those present"', () => {
  it.each<[Majority, number, number, number, number]>([
    // majority, seats, present, entitled, required
    ['present', 51, 30, 30, 16],
    ['present', 51, 30, 26, 14], // four declared a conflict: 14 of the 26 entitled
    ['present', 51, 27, 20, 11],
    ['all', 51, 30, 26, 26], // "of all" counts the seats whoever is conflicted
    ['two_thirds_all', 51, 40, 30, 34],
  ])('%s, %i seats, %i present, %i entitled -> %i', (majority, seats, present, entitled, required) => {
    const r = voteResult({ majority, seats, present, entitled, counts: { for: 0, against: 0, abstain: 0 } });
    expect(r.required).toBe(required);
    expect(r.quorumReached).toBe(present >= Math.floor(seats / 2) + 1);
  });
});

describe('the 7-day deadline of a decision (ЗМСМА чл. 22): the end of the 7th day, Sofia calendar', () => {
  it.each([
    // decided (UTC), deadline (UTC): 23:59:59.999 Sofia time
    ['2027-03-24T08:00:00Z', '2027-03-31T20:59:59.999Z'], // across the spring change: EET → EEST
    ['2026-10-21T21:30:00Z', '2026-10-29T21:59:59.999Z'], // 00:30 Sofia on the 22nd; autumn change: EEST → EET
    ['2026-12-31T21:45:00Z', '2027-01-07T21:59:59.999Z'], // 23:45 on New Year's Eve
    ['2028-02-22T10:00:00Z', '2028-02-29T21:59:59.999Z'], // into a 29 February
  ])('decided %s → by %s', (decided, deadline) => {
    expect(decisionDeadline(new Date(decided)).toISOString()).toBe(deadline);
  });
});

describe('the review period of the minutes: days of the Sofia calendar', () => {
  it.each([
    // closed (UTC), days, ends (UTC)
    ['2027-10-28T14:00:00Z', 7, '2027-11-04T15:00:00.000Z'], // 17:00 EEST → 17:00 EET, across the autumn change
    ['2027-03-25T15:00:00Z', 7, '2027-04-01T14:00:00.000Z'], // 17:00 EET → 17:00 EEST, across the spring change
    ['2026-12-31T21:30:00Z', 7, '2027-01-07T21:30:00.000Z'], // 23:30 on New Year's Eve
    ['2026-12-02T10:00:00Z', 0, '2026-12-02T10:00:00.000Z'], // no review period
  ])('closed %s, %i days → %s', (closed, days, ends) => {
    expect(reviewEnds(new Date(closed), days).toISOString()).toBe(ends);
  });
});
