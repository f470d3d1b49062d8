/** The one shape of every error the API returns. */
export interface ErrorBody {
  statusCode: number;
  /** Stable machine-readable code, snake_case. */
  code: string;
  message: string;
  details?: unknown;
  requestId: string;
}

/** Error codes shared by every module (feature modules add their own). */
export const COMMON_ERROR_CODES = [
  'validation_failed',
  'malformed_json',
  'payload_too_large',
  'unsupported_media_type',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'too_many_requests',
  'database_unavailable',
  'internal_error',
] as const;
export type CommonErrorCode = (typeof COMMON_ERROR_CODES)[number];
