import { describe, expect, it } from '@jest/globals';
import { QueryFailedError } from 'typeorm';
import {
  constraintOf,
  isExclusionViolation,
  isSlotTaken,
  isUniqueViolation,
  refusedBy,
  sqlStateOf,
} from './pg-errors.js';

/** What the pg driver and PGlite throw: an Error with the SQLSTATE as `code`. */
const pgError = (code: string) => Object.assign(new Error('database error'), { code });
/** What TypeORM throws around it. */
const wrapped = (code: string) => new QueryFailedError('INSERT …', [], pgError(code));
/** A refusal by a named constraint, as the drivers report it. */
const refusal = (code: string, constraint: string) => Object.assign(new Error('database error'), { code, constraint });

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

  it('names the constraint of a unique or exclusion violation, bare or wrapped; nothing for other errors', () => {
    expect(constraintOf(refusal('23505', 'UQ_knock_pending'))).toBe('UQ_knock_pending');
    expect(constraintOf(new QueryFailedError('INSERT …', [], refusal('23P01', 'EXC_x')))).toBe('EXC_x');
    expect(constraintOf(refusal('23503', 'FK_knock_space'))).toBeUndefined();
    expect(constraintOf(new Error('x'))).toBeUndefined();
  });

  it('refusedBy turns only the named constraints into the feature error', async () => {
    const featureError = new Error('knock_pending');
    const map = { UQ_knock_pending: () => featureError };
    await expect(refusedBy(Promise.reject(refusal('23505', 'UQ_knock_pending')), map)).rejects.toBe(featureError);
    const other = refusal('23505', 'UQ_something_else');
    await expect(refusedBy(Promise.reject(other), map)).rejects.toBe(other);
    const fk = refusal('23503', 'UQ_knock_pending');
    await expect(refusedBy(Promise.reject(fk), map)).rejects.toBe(fk);
    await expect(refusedBy(Promise.resolve(7), map)).resolves.toBe(7);
    // A name inherited from Object.prototype is not a mapping.
    const proto = refusal('23505', 'toString');
    await expect(refusedBy(Promise.reject(proto), map)).rejects.toBe(proto);
  });
});
