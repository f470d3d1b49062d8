import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import type { ErrorBody, PresenceUpdated, SpaceView } from '../../libs/contracts/src/index.js';
import { expectError, expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import { FakeLiveKit } from '../support/livekit-server.js';

const ev = FakeLiveKit.event;

/** What the webhook answers an accepted event (the route is not in the contracts: a signed raw body). */
interface WebhookReceipt {
  received: boolean;
  duplicate: boolean;
}

/** LiveKit webhooks: verified on the raw body, processed once, tolerant of disorder. */
describe('LiveKit webhooks', () => {
  let lk: FakeLiveKit;
  let app: TestApp;
  let owner: SignedIn;
  let visitor: SignedIn;
  let colleague: SignedIn;
  let room: SpaceView;
  const sockets: Socket[] = [];

  const post = <T = WebhookReceipt>(
    signed: { body: string; authorization?: string },
    contentType = 'application/webhook+json',
  ) =>
    app.request<T>('POST', '/api/livekit/webhook', undefined, {
      raw: signed.body,
      headers: {
        'content-type': contentType,
        ...(signed.authorization ? { authorization: signed.authorization } : {}),
      },
    });
  const inside = async () =>
    (
      await ok(app.api.get('/api/spaces/:id', { params: { id: room.id }, token: owner.token }), 'the room')
    ).participants.map((p) => p.id);

  beforeAll(async () => {
    lk = await FakeLiveKit.start();
    app = await TestApp.start({ env: { ...lk.env, LIVEKIT_RECONCILE_SECONDS: '3600' } });
    // servant01 and servant04 share a department.
    [owner, visitor, colleague] = await Promise.all([
      app.login('servant01'),
      app.login('servant02'),
      app.login('servant04'),
    ]);
    room = await ok(app.api.get('/api/rooms/me', { token: owner.token }), 'my room');
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await app?.close();
    await lk?.close();
  });

  it('a signed participant_joined puts the person in the room and tells their colleagues (busy, in that space)', async () => {
    const ownerSocket = await app.socket(owner.token);
    const colleagueSocket = await app.socket(colleague.token);
    sockets.push(ownerSocket, colleagueSocket);
    const seen: PresenceUpdated[] = [];
    colleagueSocket.on('presence.updated', (e: PresenceUpdated) => seen.push(e));
    const res = await post(await lk.signWebhook(ev('participant_joined', room.livekitRoom, owner.user.id)));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, duplicate: false });
    expect(await inside()).toEqual([owner.user.id]);
    await eventually(async () =>
      expect(seen).toContainEqual(expect.objectContaining({ userId: owner.user.id, status: 'busy', spaceId: room.id })),
    );
  });

  it('a tampered body, a wrong secret or no signature: 401, nothing changes', async () => {
    const tampered = await lk.signWebhook(ev('participant_left', room.livekitRoom, owner.user.id), { tamper: true });
    const r1 = await post<ErrorBody>(tampered);
    expect(r1.status).toBe(401);
    expect(r1.body.code).toBe('invalid_webhook_signature');
    const forged = await lk.signWebhook(ev('participant_left', room.livekitRoom, owner.user.id), {
      secret: 'not-the-secret-of-this-deployment-0123456789',
    });
    expect((await post(forged)).status).toBe(401);
    const unsigned = await lk.signWebhook(ev('participant_left', room.livekitRoom, owner.user.id));
    expect((await post({ body: unsigned.body })).status).toBe(401);
    // A signature of another body does not fit this one.
    const other = await lk.signWebhook(ev('participant_left', room.livekitRoom, visitor.user.id));
    expect((await post({ body: unsigned.body, authorization: other.authorization })).status).toBe(401);
    expect(await inside()).toEqual([owner.user.id]);
  });

  it('a replayed event id is processed once', async () => {
    const joined = await lk.signWebhook(
      ev('participant_joined', room.livekitRoom, visitor.user.id, undefined, 'EV_replay_1'),
    );
    expect((await post(joined)).body.duplicate).toBe(false);
    const left = await lk.signWebhook(
      ev('participant_left', room.livekitRoom, visitor.user.id, Math.floor(Date.now() / 1000) + 1),
    );
    expect((await post(left)).status).toBe(200);
    expect(await inside()).toEqual([owner.user.id]);
    // The same join again (LiveKit retries): acknowledged, not applied.
    const again = await post(joined);
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    expect(await inside()).toEqual([owner.user.id]);
  });

  it('out of order: a left before its (older) join keeps the person out; a left without a join is fine', async () => {
    const t = Math.floor(Date.now() / 1000) + 10;
    expect(
      (await post(await lk.signWebhook(ev('participant_left', room.livekitRoom, colleague.user.id, t)))).status,
    ).toBe(200);
    expect(
      (await post(await lk.signWebhook(ev('participant_joined', room.livekitRoom, colleague.user.id, t - 5)))).status,
    ).toBe(200);
    expect(await inside()).toEqual([owner.user.id]);
    // A newer join does count.
    await post(await lk.signWebhook(ev('participant_joined', room.livekitRoom, colleague.user.id, t + 5)));
    expect((await inside()).sort()).toEqual([owner.user.id, colleague.user.id].sort());
    // A participant_left for someone never seen joining.
    const stray = await post(await lk.signWebhook(ev('participant_left', 'personal-nobody', 'nobody')));
    expect(stray.status).toBe(200);
  });

  it('application/json is accepted too, and room_finished empties the room', async () => {
    const res = await post(
      await lk.signWebhook(ev('room_finished', room.livekitRoom, undefined, Math.floor(Date.now() / 1000) + 60)),
      'application/json',
    );
    expect(res.status).toBe(200);
    expect(await inside()).toEqual([]);
  });

  it('a body that is not JSON or has no id is a 4xx, never a 500', async () => {
    const notJson = await lk.signWebhook({} as never);
    notJson.body = '{not json';
    expect([400, 401]).toContain((await post(notJson)).status);
    const noId = await lk.signWebhook({ event: 'room_started', room: { name: 'x' } });
    expect((await post(noId)).status).toBe(400);
  });
});

describe('LiveKit reconciliation', () => {
  let lk: FakeLiveKit;
  let app: TestApp;
  let owner: SignedIn;
  let room: SpaceView;

  beforeAll(async () => {
    lk = await FakeLiveKit.start();
    app = await TestApp.start({ env: { ...lk.env, LIVEKIT_RECONCILE_SECONDS: '1' } });
    owner = await app.login('servant01');
    room = await ok(app.api.get('/api/rooms/me', { token: owner.token }), 'my room');
  });

  afterAll(async () => {
    await app?.close();
    await lk?.close();
  });

  it('listParticipants repairs missed webhooks, both ways', async () => {
    const visitor = await app.login('servant02');
    lk.addParticipant(room.livekitRoom, visitor.user.id);
    lk.addParticipant(room.livekitRoom, 'viewer-hidden', 'viewer', true);
    await eventually(async () => {
      const body = await ok(
        app.api.get('/api/spaces/:id', { params: { id: room.id }, token: owner.token }),
        'the room',
      );
      expect(body.participants.map((p) => p.id)).toEqual([visitor.user.id]);
    });
    expect(
      lk.callsOf('ListParticipants').every((c) => c.grants.video?.roomAdmin && c.grants.video.room === c.body.room),
    ).toBe(true);
    lk.rooms.get(room.livekitRoom)!.participants.delete(visitor.user.id);
    await eventually(async () => {
      const body = await ok(
        app.api.get('/api/spaces/:id', { params: { id: room.id }, token: owner.token }),
        'the room',
      );
      expect(body.participants).toEqual([]);
    });
  });
});

describe('without LiveKit settings', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({
      env: { LIVEKIT_URL: undefined, LIVEKIT_API_KEY: undefined, LIVEKIT_API_SECRET: undefined },
    });
  });
  afterAll(async () => app?.close());

  it('joining answers 503 video_unavailable and everything else works', async () => {
    const owner = await app.login('servant01');
    const room = await app.api.get('/api/rooms/me', { token: owner.token });
    expectOk(room, 200);
    const join = await app.api.post('/api/spaces/:id/join', { params: { id: room.body.id }, token: owner.token });
    expectError(join, 503, 'video_unavailable');
    expect((await app.patch('/api/rooms/me', { door: 'open' }, { token: owner.token })).status).toBe(200);
    const visitor = await app.login('servant02');
    expect((await app.post(`/api/spaces/${room.body.id}/knocks`, {}, { token: visitor.token })).status).toBe(201);
    const hook = await app.request('POST', '/api/livekit/webhook', undefined, { raw: '{}' });
    expect(hook.status).toBe(503);
  });
});
