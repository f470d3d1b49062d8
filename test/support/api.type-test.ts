/**
 * What the typed client refuses, proved by `npm run typecheck` (tsc fails on an
 * `@ts-expect-error` line that has no error). Never run: jest does not match this file, and
 * the function is not called.
 */
import { expectError, expectOk } from './api.js';
import type { TestApp } from './app.js';

export async function typedClientRefuses(app: TestApp, token: string) {
  const startsAt = '2027-03-11T08:00:00.000Z';
  const endsAt = '2027-03-11T10:00:00.000Z';

  // A body the contract accepts, with its defaults left out.
  const created = await app.api.post('/api/council/sessions', {
    body: { title: 'Заседание', startsAt, endsAt, agenda: [{ title: 'Точка' }] },
    token,
  });
  expectOk(created, 201);
  const id: string = created.body.id;
  const status: 'draft' | 'published' | 'open' | 'paused' | 'closed' = created.body.status;

  // @ts-expect-error a misspelt field of the view
  void created.body.stauts;

  // @ts-expect-error a misspelt field of the body
  await app.api.post('/api/council/sessions', { body: { titel: 'x', startsAt, endsAt, agenda: [] }, token });

  // A vote mode the contract does not have.
  const badItem = { title: 'x', voteMode: 'hands' } as const;
  // @ts-expect-error a field of the wrong type
  await app.api.post('/api/council/sessions', { body: { title: 'x', startsAt, endsAt, agenda: [badItem] }, token });

  // @ts-expect-error a required field left out (`agenda`)
  await app.api.post('/api/council/sessions', { body: { title: 'x', startsAt, endsAt }, token });

  // @ts-expect-error a route that takes a body called without one
  await app.api.post('/api/council/votes/:id/ballots', { params: { id }, token });

  // @ts-expect-error a path the API does not have
  await app.api.get('/api/council/sesions/:id', { params: { id }, token });

  // @ts-expect-error a path with the wrong method
  await app.api.get('/api/council/sessions/:id/publish', { params: { id }, token });

  // @ts-expect-error a path parameter left out
  await app.api.get('/api/council/sessions/:id', { token });

  // @ts-expect-error a misspelt path parameter
  await app.api.get('/api/council/sessions/:id', { params: { sessionId: id }, token });

  const read = await app.api.get('/api/council/sessions/:id', { params: { id }, token });
  // @ts-expect-error the view is only there once the answer is known to be a success
  void read.body.items;
  if (!read.ok) {
    const code: string = read.body.code;
    // @ts-expect-error an error's body is an ErrorBody, not the view
    void read.body.items;
    void code;
  }

  const refused = await app.api.post('/api/council/sessions/:id/publish', { params: { id }, body: {}, token });
  expectError(refused, 409, 'not_draft');
  const message: string = refused.body.message;
  // @ts-expect-error a refused answer has no view
  void refused.body.status.length;

  void status;
  void message;
}
