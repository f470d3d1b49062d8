import { describe, expect, it } from '@jest/globals';
import { electionResult, runoffCandidates } from './election-rules.js';

const v = (counts: Record<string, number>) =>
  Object.entries(counts).map(([candidateId, votes]) => ({ candidateId, votes }));

describe('runoffCandidates: the two first, every one tied for a place that goes on included', () => {
  it.each([
    ['one candidate', { a: 3 }, ['a']],
    ['two candidates', { a: 3, b: 9 }, ['b', 'a']],
    ['clear first and second', { a: 10, b: 7, c: 5 }, ['a', 'b']],
    ['two tied for first', { a: 10, b: 10, c: 5 }, ['a', 'b']],
    ['three tied for first', { a: 8, b: 8, c: 8, d: 1 }, ['a', 'b', 'c']],
    ['two tied for second', { a: 12, b: 6, c: 6, d: 2 }, ['a', 'b', 'c']],
    ['nobody voted for anyone', { a: 0, b: 0, c: 0 }, ['a', 'b', 'c']],
  ])('%s', (_name, counts, expected) => {
    expect(runoffCandidates(v(counts))).toEqual(expected);
  });
});

describe('electionResult: more than half of ALL seats elects (ЗМСМА чл. 24)', () => {
  const base = { blank: 0, invalid: 0 };
  it.each([
    // seats 51: required 26; seats 50: required 26; seats 11: 6
    ['51 seats, 26 votes elects', { round: 1, seats: 51, present: 40, votes: v({ a: 26, b: 14 }) }, 'elected', 'a', 26],
    [
      '26 of 51 elects, 25 does not',
      { round: 1, seats: 51, present: 51, votes: v({ a: 25, b: 26 }) },
      'elected',
      'b',
      26,
    ],
    [
      '50 seats needs 26, 25 is a second round',
      { round: 1, seats: 50, present: 50, votes: v({ a: 25, b: 25 }) },
      'second_round',
      null,
      26,
    ],
    [
      'everyone present for one but seats not reached',
      { round: 1, seats: 51, present: 26, votes: v({ a: 25, b: 1 }) },
      'second_round',
      null,
      26,
    ],
    [
      'second round that does not elect',
      { round: 2, seats: 11, present: 11, votes: v({ a: 5, b: 5 }) },
      'not_elected',
      null,
      6,
    ],
    ['second round that elects', { round: 2, seats: 11, present: 7, votes: v({ a: 6, b: 1 }) }, 'elected', 'a', 6],
    [
      'one candidate who fails: no second round',
      { round: 1, seats: 11, present: 11, votes: v({ a: 5 }) },
      'not_elected',
      null,
      6,
    ],
    ['no quorum decides nothing', { round: 1, seats: 51, present: 25, votes: v({ a: 25 }) }, 'no_quorum', null, 26],
  ])('%s', (_name, input, outcome, electedId, required) => {
    const r = electionResult({ ...base, ...input });
    expect(r).toMatchObject({ outcome, electedId, required });
  });

  it('blank and invalid ballots count as voters and against every candidate', () => {
    const r = electionResult({ round: 1, seats: 11, present: 11, votes: v({ a: 5, b: 2 }), blank: 3, invalid: 1 });
    expect(r).toMatchObject({ voters: 11, blank: 3, invalid: 1, outcome: 'second_round', runoff: ['a', 'b'] });
  });

  it('the snapshot copies its input: changing the input later changes nothing', () => {
    const votes = v({ a: 6, b: 1 });
    const r = electionResult({ round: 1, seats: 11, present: 7, votes, blank: 0, invalid: 0 });
    votes[0]!.votes = 0;
    expect(r.votes[0]).toEqual({ candidateId: 'a', votes: 6 });
  });
});
