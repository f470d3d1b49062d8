import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import { isExclusionViolation, isSlotTaken, isUniqueViolation, sqlStateOf } from './pg-errors.js';

/** What the pg driver and PGlite throw: an Error with the SQLSTATE as `code`. */
const pgError = (code: string) => Object.assign(new Error('database error'), { code });
/** What TypeORM throws around it. */
const wrapped = (code: string) => new QueryFailedError('INSERT …', [], pgError(code));

describe('PostgreSQL error codes', () => {
  it.each([
    ['a driver error', pgError('23505'), '23505'],
    ["TypeORM's QueryFailedError", wrapped('23P01'), '23P01'],
    ['a Node system error (not a SQLSTATE)', Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), undefined],
    ['a plain Error', new Error('x'), undefined],
    ['a string', '23505', undefined],
    ['null', null, undefined],
  ])('reads the SQLSTATE of %s', (_what, err, code) => {
    expect(sqlStateOf(err)).toBe(code);
  });

  it.each([
    ['23505', { unique: true, exclusion: false, slot: false }],
    ['23P01', { unique: false, exclusion: true, slot: true }],
    ['40P01', { unique: false, exclusion: false, slot: true }],
    ['23503', { unique: false, exclusion: false, slot: false }],
    ['40001', { unique: false, exclusion: false, slot: false }],
  ])('%s, bare or wrapped by TypeORM', (code, expected) => {
    for (const err of [pgError(code), wrapped(code)]) {
      expect({ unique: isUniqueViolation(err), exclusion: isExclusionViolation(err), slot: isSlotTaken(err) }).toEqual(
        expected,
      );
    }
  });
});
