import { defineErrors } from '../errors/define-errors.js';

/** Why a request's sign-in is not accepted (the directory's sign-in adds its own). */
export const AuthErrors = defineErrors({
  tokenExpired: { code: 'token_expired', status: 401 },
  invalidToken: { code: 'invalid_token', status: 401 },
  signInSessionEnded: { code: 'session_ended', status: 401 },
});
