import { ApiError } from '../api/client';

/**
 * The translation key of an error's message: the contract's error code when the client has a
 * text for it, else a text for its status class, else the generic one. A 429 on the sign-in
 * form is the lockout after failed attempts; anywhere else it is a rate limit (knocks, viewer
 * tokens, uploads) and must not talk about passwords.
 */
export function errorMessageKey(
  err: unknown,
  has: (key: string) => boolean,
  context: 'signIn' | 'any' = 'any',
): string {
  if (err instanceof ApiError) {
    if (err.status === 429) return context === 'signIn' ? 'login.tooManyAttempts' : 'errors.too_many_requests';
    const key = `errors.${err.code}`;
    if (has(key)) return key;
    if (err.status === 403) return 'errors.forbidden';
  }
  return 'errors.generic';
}

/** Whole minutes to wait before trying again (from `details.retryAfterSeconds`), at least 1. */
export function retryAfterMinutes(err: unknown): number | undefined {
  if (!(err instanceof ApiError) || err.status !== 429) return undefined;
  const seconds = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? Math.max(1, Math.ceil(seconds / 60)) : undefined;
}
