import { AppError } from './app-error.js';

/** Issue 19 item 3: every factory takes code, then message, then details. */
describe('AppError factories: code, message, details — one order', () => {
  const body = (e: AppError) => ({ status: e.getStatus(), ...(e.getResponse() as object) });

  it.each([
    ['badRequest', AppError.badRequest('bad_thing', 'Bad thing', { field: 'x' }), 400],
    ['unauthenticated', AppError.unauthenticated('token_expired', 'Expired'), 401],
    ['forbidden', AppError.forbidden('door_closed', 'The door is closed', { why: 1 }), 403],
    ['conflict', AppError.conflict('slot_taken', 'Taken', { conflicts: [] }), 409],
    ['unavailable', AppError.unavailable('video_unavailable', 'No video'), 503],
  ])('%s', (_name, error, status) => {
    const b = body(error) as { status: number; code: string; message: string };
    expect(b.status).toBe(status);
    expect(b.code).toMatch(/^[a-z_]+$/);
    expect(b.message).toMatch(/^[A-Z]/);
  });

  it('defaults: forbidden and unauthenticated with no arguments', () => {
    expect(body(AppError.forbidden())).toMatchObject({
      status: 403,
      code: 'forbidden',
      message: 'You may not do this',
    });
    expect(body(AppError.unauthenticated())).toMatchObject({ status: 401, code: 'unauthenticated' });
  });

  it('the fixed codes: not_found names the thing, too_many_requests carries the wait', () => {
    expect(body(AppError.notFound('Meeting'))).toMatchObject({
      status: 404,
      code: 'not_found',
      message: 'Meeting not found',
    });
    expect(body(AppError.tooMany('Slow down', 7))).toMatchObject({
      status: 429,
      code: 'too_many_requests',
      details: { retryAfterSeconds: 7 },
    });
  });
});
