import { describe, expect, it } from '@jest/globals';
import {
  CHECK_IN_STEP_SECONDS,
  checkInCodeAt,
  checkInCodeValid,
  checkInStep,
  currentCheckInCode,
  newCheckInSecret,
} from './check-in-code.js';

describe('check-in code', () => {
  const secret = newCheckInSecret();
  const t0 = new Date('2026-12-04T10:00:00.000Z');
  const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

  it('is six digits, the same within a step and different for another secret', () => {
    const { code, step, validUntil } = currentCheckInCode(secret, at(5));
    expect(code).toMatch(/^\d{6}$/);
    expect(currentCheckInCode(secret, at(29)).code).toBe(code);
    expect(step).toBe(checkInStep(t0));
    expect(validUntil).toEqual(at(30));
    expect(checkInCodeAt(newCheckInSecret(), step)).not.toBe(code);
  });

  it.each([
    ['the current step', 0, true],
    ['the previous step', -1, true],
    ['two steps back (stale)', -2, false],
    ['ten minutes back (stale)', -20, false],
    ['the next step (not yet shown)', 1, false],
  ])('a code of %s is %s', (_what, offset, accepted) => {
    const now = at(10);
    const code = checkInCodeAt(secret, checkInStep(now) + offset);
    expect(checkInCodeValid(secret, code, now)).toBe(accepted);
  });

  it('refuses anything that is not the code', () => {
    const code = currentCheckInCode(secret, t0).code;
    for (const wrong of ['', '12345', `${code}0`, code.replace(/^./, (d) => String((Number(d) + 1) % 10))])
      expect(checkInCodeValid(secret, wrong, t0)).toBe(false);
    expect(CHECK_IN_STEP_SECONDS).toBe(30);
  });
});
