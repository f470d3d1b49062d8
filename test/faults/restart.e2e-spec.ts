import type { Socket } from 'socket.io-client';
import { expectError, expectOk, ok } from '../support/api.js';
import { TestApp, nextEvent, type SignedIn } from '../support/app.js';
import type { EventPayload } from '../support/events.js';
import { restart } from '../support/fingerprint.js';
import { configuredLiveKit, type ConfiguredLiveKit } from '../support/livekit/real.js';
import { serverUrl } from '../support/database.js';

/**
 * Restarting the server mid-session loses nothing: a pending knock is still pending for its
 * owner and its visitor and can be admitted; a council session in progress is exactly as it
 * was (same version, status, current item, attendance). The process is killed outright
 * (SIGKILL) on PostgreSQL and stopped gracefully on the embedded database, whose files live in
 * the server process. (A reminder due during a restart: test/schedule/schedule.e2e-spec.ts,
 * 'reminders across processes and restarts'.)
 */
const STOP: NodeJS.Signals = serverUrl() ? 'SIGKILL' : 'SIGTERM';

describe(`restarting the server (${STOP}) mid-session`, () => {
  let lk: ConfiguredLiveKit;
  let app: TestApp;
  let owner: SignedIn;
  let visitor: SignedIn;
  let clerk: SignedIn;
  let chair: SignedIn;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    lk = await configuredLiveKit();
    app = await TestApp.start({ env: { ...lk.env } });
    [owner, visitor, clerk, chair] = await Promise.all(
      ['servant01', 'servant02', 'clerk', 'chair'].map((u) => app.login(u)),
    );
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await app?.close();
    await lk?.close();
  });

  it('a pending knock and a council session in progress survive; the knock can be admitted afterwards', async () => {
    // A knock, pending.
    const room = await ok(app.api.get('/api/rooms/me', { token: owner.token }), 'the room');
    const knock = await app.api.post('/api/spaces/:id/knocks', {
      params: { id: room.id },
      body: { message: 'Преди рестарта' },
      token: visitor.token,
    });
    expectOk(knock, 201);
    expect(knock.body.status).toBe('pending');

    // A council session, open, with people checked in and the second item current.
    const startsAt = new Date(Date.now() + 13 * 86_400_000);
    startsAt.setUTCHours(8, 0, 0, 0);
    const created = await app.api.post('/api/council/sessions', {
      body: {
        title: 'Заседание преди рестарта',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        agenda: [
          { title: 'Първа точка', voteMode: 'open', majority: 'present' },
          { title: 'Втора точка', voteMode: 'open', majority: 'present' },
        ],
      },
      token: clerk.token,
    });
    expectOk(created, 201);
    const url = `/api/council/sessions/${created.body.id}`;
    expect((await app.post(`${url}/publish`, {}, { token: clerk.token })).status).toBe(200);
    expect((await app.post(`${url}/open`, {}, { token: chair.token })).status).toBe(200);
    expect((await app.post(`${url}/attendance`, {}, { token: chair.token })).status).toBe(200);
    expect(
      (await app.post(`${url}/items/${created.body.items[1]!.id}/activate`, {}, { token: chair.token })).status,
    ).toBe(200);
    const before = (await app.get(url, { token: clerk.token })).body;
    expect(before).toMatchObject({ status: 'open', currentItemId: created.body.items[1]!.id });

    app = await restart(app, { signal: STOP });

    // The session is exactly as it was.
    const after = (await app.get(url, { token: clerk.token })).body;
    expect(after).toEqual(before);

    // The owner still sees the knock pending; the visitor cannot knock twice (one is pending).
    const history = await app.api.get('/api/rooms/me/knocks', { token: owner.token });
    expectOk(history, 200);
    expect(history.body.find((k) => k.id === knock.body.id)).toMatchObject({ status: 'pending' });
    const again = await app.api.post('/api/spaces/:id/knocks', {
      params: { id: room.id },
      body: {},
      token: visitor.token,
    });
    expectError(again, 409, 'knock_pending');

    // Admitting it after the restart reaches the visitor, who may then join once.
    const visitorSocket = await app.socket(visitor.token);
    sockets.push(visitorSocket);
    const resolved = nextEvent<EventPayload<'knock.resolved'>>(visitorSocket, 'knock.resolved');
    const admitted = await app.post(`/api/knocks/${knock.body.id}/admit`, undefined, { token: owner.token });
    expect(admitted.status).toBe(200);
    expect(await resolved).toMatchObject({ id: knock.body.id, status: 'admitted' });
    expect((await app.post(`/api/spaces/${room.id}/join`, undefined, { token: visitor.token })).status).toBe(200);
  });
});
