import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { ErrorBody } from '@egov-box/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './app-error.js';
import { isRedisUnavailable } from '../redis/redis.service.js';
import { loggedUrl } from '../logging/logger.js';

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  429: 'too_many_requests',
  503: 'service_unavailable',
};

/** Fastify's own errors (body parsing, limits) mapped to our codes. */
const FASTIFY_CODES: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json', message: 'The body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed_json', message: 'The JSON body is empty' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'The body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'Send the body as application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'bad_request', message: 'Wrong Content-Length' },
};

/** Database could not be reached: a 503 the client may retry, not a 500. */
function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string; severity?: string } | undefined;
  if (!e) return false;
  const code = e.code ?? '';
  return (
    // A FATAL error always ends the database session: the server refused or lost us.
    e.severity === 'FATAL' ||
    code.startsWith('08') || // connection exception
    ['57P01', '57P02', '57P03', '53300', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code) ||
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(e.message ?? '')
  );
}

/**
 * The single place that shapes error answers. Anything unexpected becomes a 500 with
 * no internals in the body; the details go to the log with the request id.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const body = this.toBody(exception, request);
    if (body.statusCode >= 500 && body.code !== 'database_unavailable' && body.code !== 'video_unavailable') {
      this.logger.error({ err: exception, requestId: body.requestId, url: loggedUrl(request.url) }, 'unexpected error');
    }
    if (body.statusCode === 429) {
      const retry = (body.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retry) void reply.header('retry-after', String(retry));
    }
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  toBody(exception: unknown, request: FastifyRequest): ErrorBody {
    const requestId = String(request.id);
    if (exception instanceof AppError) {
      return {
        statusCode: exception.getStatus(),
        code: exception.code,
        message: exception.message,
        ...(exception.details !== undefined ? { details: exception.details } : {}),
        requestId,
      };
    }
    // Fastify's own errors (body parsing, limits), raw or wrapped by the Nest adapter.
    const fastifyCode =
      (exception as { code?: string })?.code ?? ((exception as { cause?: { code?: string } })?.cause?.code as string);
    if (fastifyCode && FASTIFY_CODES[fastifyCode]) {
      const m = FASTIFY_CODES[fastifyCode];
      return { statusCode: m.status, code: m.code, message: m.message, requestId };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      let message = exception.message;
      if (typeof response === 'object' && response && 'message' in response) {
        const m = (response as { message: unknown }).message;
        message = Array.isArray(m) ? m.join('; ') : String(m);
      }
      if (status === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)/.test(message)) {
        message = `No route ${request.method} ${request.url.split('?')[0]}`;
      }
      return {
        statusCode: status,
        code: STATUS_CODES[status] ?? (status >= 500 ? 'internal_error' : 'bad_request'),
        message,
        requestId,
      };
    }
    const statusCode = (exception as { statusCode?: number })?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      return { statusCode, code: STATUS_CODES[statusCode] ?? 'bad_request', message: 'Bad request', requestId };
    }
    if (isRedisUnavailable(exception)) {
      return {
        statusCode: 503,
        code: 'service_unavailable',
        message: 'A shared service is not answering; try again shortly',
        requestId,
      };
    }
    if (isDatabaseUnavailable(exception)) {
      return {
        statusCode: 503,
        code: 'database_unavailable',
        message: 'The database is not answering; try again shortly',
        requestId,
      };
    }
    return { statusCode: 500, code: 'internal_error', message: 'Something went wrong on our side', requestId };
  }
}
