import { AppError } from './app-error.js';
import { defineErrors } from './define-errors.js';

const body = (e: AppError) => ({ status: e.getStatus(), ...(e.getResponse() as object) });

describe('defineErrors: each code with its status, once', () => {
  const Errors = defineErrors({
    taken: { code: 'name_taken', status: 409 },
    closed: { code: 'door_closed', status: 403, message: 'The door is closed' },
    busy: { code: 'slot_taken', status: 409, message: 'Busy', details: { conflicts: [] } },
  });

  it('a factory answers its definition’s status and code with the call site’s message and details', () => {
    const e = Errors.taken('That name is taken', { name: 'x' });
    expect(e).toBeInstanceOf(AppError);
    expect(body(e)).toEqual({ status: 409, code: 'name_taken', message: 'That name is taken', details: { name: 'x' } });
  });

  it('a definition’s message and details are used when the call site gives none', () => {
    expect(body(Errors.closed())).toEqual({
      status: 403,
      code: 'door_closed',
      message: 'The door is closed',
      details: undefined,
    });
    expect(body(Errors.closed('Not now'))).toMatchObject({ message: 'Not now' });
    expect(body(Errors.busy())).toMatchObject({ status: 409, details: { conflicts: [] } });
  });

  it('each factory carries its code and status', () => {
    expect([Errors.taken.code, Errors.taken.status]).toEqual(['name_taken', 409]);
    expect([Errors.closed.code, Errors.closed.status]).toEqual(['door_closed', 403]);
  });
});
