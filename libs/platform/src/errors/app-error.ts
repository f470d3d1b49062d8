import { HttpException } from '@nestjs/common';

/**
 * A domain error with a stable machine code. Services throw these; the global filter
 * turns them into `{ statusCode, code, message, details?, requestId }`. Every factory takes
 * its arguments in one order — code, message, details — except where the code is fixed
 * (`notFound`: `not_found`; `tooMany`: `too_many_requests`).
 */
export class AppError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super({ code, message, details }, status);
  }

  static badRequest(code: string, message: string, details?: unknown): AppError {
    return new AppError(400, code, message, details);
  }
  static unauthenticated(code = 'unauthenticated', message = 'Sign in first'): AppError {
    return new AppError(401, code, message);
  }
  static forbidden(code = 'forbidden', message = 'You may not do this', details?: unknown): AppError {
    return new AppError(403, code, message, details);
  }
  /** `what` names the thing: „Meeting“ gives „Meeting not found“. */
  static notFound(what: string): AppError {
    return new AppError(404, 'not_found', `${what} not found`);
  }
  static conflict(code: string, message: string, details?: unknown): AppError {
    return new AppError(409, code, message, details);
  }
  static tooMany(message: string, retryAfterSeconds?: number): AppError {
    return new AppError(429, 'too_many_requests', message, retryAfterSeconds ? { retryAfterSeconds } : undefined);
  }
  static unavailable(code: string, message: string): AppError {
    return new AppError(503, code, message);
  }
}
