import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from './app-error.js';
import { ErrorFilter } from './error.filter.js';

const request = { id: 'req-1', url: '/api/x?y=1', method: 'GET' } as unknown as FastifyRequest;

describe('ErrorFilter.toBody', () => {
  const filter = new ErrorFilter();

  it('keeps the code, message and details of a domain error', () => {
    const body = filter.toBody(AppError.conflict('slot_taken', 'Taken', { meetings: [1] }), request);
    expect(body).toEqual({
      statusCode: 409,
      code: 'slot_taken',
      message: 'Taken',
      details: { meetings: [1] },
      requestId: 'req-1',
    });
  });

  it('gives framework HTTP errors a code from their status', () => {
    expect(filter.toBody(new BadRequestException('nope'), request)).toMatchObject({
      statusCode: 400,
      code: 'bad_request',
    });
    expect(filter.toBody(new NotFoundException('Cannot GET /api/x'), request)).toMatchObject({
      statusCode: 404,
      code: 'not_found',
      message: 'No route GET /api/x',
    });
    expect(filter.toBody(new HttpException('slow down', 429), request).code).toBe('too_many_requests');
  });

  it('turns an unexpected error into a 500 that reveals nothing', () => {
    const body = filter.toBody(new Error('password=hunter2 at /srv/secret.ts:12'), request);
    expect(body).toEqual({
      statusCode: 500,
      code: 'internal_error',
      message: 'Something went wrong on our side',
      requestId: 'req-1',
    });
  });

  it('maps a lost database connection to 503 database_unavailable', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(filter.toBody(err, request)).toMatchObject({ statusCode: 503, code: 'database_unavailable' });
    const refused = Object.assign(new Error('database "x" is not currently accepting connections'), {
      code: '55000',
      severity: 'FATAL',
    });
    expect(filter.toBody(refused, request).code).toBe('database_unavailable');
    const constraint = Object.assign(new Error('duplicate key'), { code: '23505', severity: 'ERROR' });
    expect(filter.toBody(constraint, request).code).toBe('internal_error');
  });

  it('maps Fastify body errors, raw or wrapped', () => {
    const raw = Object.assign(new Error('bad json'), { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 });
    expect(filter.toBody(raw, request).code).toBe('malformed_json');
    const wrapped = new HttpException('too big', 413, { cause: { code: 'FST_ERR_CTP_BODY_TOO_LARGE' } });
    expect(filter.toBody(wrapped, request)).toMatchObject({ statusCode: 413, code: 'payload_too_large' });
  });
});
