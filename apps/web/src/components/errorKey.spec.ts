import { ApiError } from '../api/client';
import { bg } from '../i18n/bg';
import { errorMessageKey, retryAfterMinutes } from './errorKey';

function has(key: string): boolean {
  let node: unknown = bg;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string';
}

const limited = new ApiError(429, 'too_many_requests', 'slow down', 'r1', { retryAfterSeconds: 61 });

describe('errorMessageKey', () => {
  it('a rate limit away from the sign-in form does not speak of sign-in attempts', () => {
    expect(errorMessageKey(limited, has)).toBe('errors.too_many_requests');
    expect(bg.errors.too_many_requests).not.toMatch(/вход/);
  });

  it('on the sign-in form a 429 is the lockout after failed attempts', () => {
    expect(errorMessageKey(limited, has, 'signIn')).toBe('login.tooManyAttempts');
    expect(bg.login.tooManyAttempts).toMatch(/опити за вход/);
  });

  it('a known code has its own text; an unknown 403 the generic refusal; anything else the generic text', () => {
    expect(errorMessageKey(new ApiError(401, 'invalid_credentials', 'x'), has)).toBe('errors.invalid_credentials');
    expect(errorMessageKey(new ApiError(503, 'directory_unavailable', 'x'), has)).toBe('errors.directory_unavailable');
    expect(errorMessageKey(new ApiError(403, 'some_new_rule', 'x'), has)).toBe('errors.forbidden');
    expect(errorMessageKey(new Error('boom'), has)).toBe('errors.generic');
  });

  it('the wait is given in whole minutes, only for a 429 that says it', () => {
    expect(retryAfterMinutes(limited)).toBe(2);
    expect(retryAfterMinutes(new ApiError(429, 'too_many_requests', 'x', 'r', { retryAfterSeconds: 5 }))).toBe(1);
    expect(retryAfterMinutes(new ApiError(429, 'too_many_requests', 'x'))).toBeUndefined();
    expect(
      retryAfterMinutes(new ApiError(400, 'validation_failed', 'x', 'r', { retryAfterSeconds: 5 })),
    ).toBeUndefined();
  });
});
