import { defineErrors } from './define-errors.js';

/**
 * The errors every module may answer (`COMMON_ERROR_CODES` in the contracts), each with its
 * one status. `AppError.notFound(what)`, `AppError.tooMany(…)`, `AppError.forbidden()` and
 * `AppError.unauthenticated()` make the ones whose message is built or fixed; the exception
 * filter answers the framework's and the database's.
 */
export const CommonErrors = defineErrors({
  validationFailed: { code: 'validation_failed', status: 400 },
  malformedJson: { code: 'malformed_json', status: 400 },
  badRequest: { code: 'bad_request', status: 400 },
  unauthenticated: { code: 'unauthenticated', status: 401, message: 'Sign in first' },
  forbidden: { code: 'forbidden', status: 403, message: 'You may not do this' },
  notFound: { code: 'not_found', status: 404 },
  methodNotAllowed: { code: 'method_not_allowed', status: 405 },
  notAcceptable: { code: 'not_acceptable', status: 406 },
  conflict: { code: 'conflict', status: 409 },
  payloadTooLarge: { code: 'payload_too_large', status: 413 },
  unsupportedMediaType: { code: 'unsupported_media_type', status: 415 },
  tooManyRequests: { code: 'too_many_requests', status: 429 },
  internalError: { code: 'internal_error', status: 500 },
  serviceUnavailable: { code: 'service_unavailable', status: 503 },
  databaseUnavailable: { code: 'database_unavailable', status: 503 },
});
