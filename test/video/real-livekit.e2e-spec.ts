import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  AudioSource,
  LocalAudioTrack,
  Room,
  RoomEvent,
  TrackPublishOptions,
  TrackSource,
  dispose,
} from '@livekit/rtc-node';
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import { expectOk, ok, type Answer } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { giveTheFloor, openSitting } from '../support/council.js';
import { eventually } from '../support/eventually.js';
import { freeTcpPort, RealLiveKit } from '../support/livekit/real.js';

// A real LiveKit server, WebRTC clients and the portal share two cores in CI: a test that fails
// runs once more before it counts as failed, its first failure printed (as the browser suites;
// .ci/run names each test that passed only on its retry). A defect fails twice.
jest.retryTimes(1, { logErrorsBeforeRetry: true });

// LiveKit's native client is one per process: released once, after both groups below.
afterAll(async () => {
  await dispose().catch(() => undefined);
});

/**
 * The portal against a real LiveKit server (the pinned release, built from its Go module by
 * test/support/livekit/install.sh) and a real client (@livekit/rtc-node, LiveKit's own
 * WebRTC stack): tokens admitted and refused by the server itself, webhooks the server
 * really sends, and the server's own view of who is in which room.
 */
describe('video on a real LiveKit server', () => {
  let lk: RealLiveKit;
  let app: TestApp;
  let api: RoomServiceClient;
  let owner: SignedIn;
  let chair: SignedIn;
  let clerk: SignedIn;
  let ownerRoom: { id: string; livekitRoom: string };
  const rooms: Room[] = [];
  let recorder: Server;
  /** The webhook route's answer (`{ received, duplicate }`; not JSON-typed in the contracts: the route takes a signed raw body). */
  type WebhookAnswer = { received?: boolean; duplicate?: boolean };
  const delivered: { body: string; authorization: string; status: number; answer: WebhookAnswer }[] = [];
  /** A refusal's code (none when the call succeeded). */
  const codeOf = (res: Answer<unknown>) => (res.ok ? undefined : res.body.code);

  const connect = async (url: string, token: string): Promise<Room> => {
    const room = new Room();
    rooms.push(room);
    await room.connect(url, token, { autoSubscribe: true, dynacast: false });
    return room;
  };
  const inside = async (spaceId: string, token: string): Promise<string[]> =>
    (await ok(app.api.get('/api/spaces/:id', { params: { id: spaceId }, token }), 'the space')).participants.map(
      (p) => p.id,
    );
  const onServer = async (room: string) => (await api.listParticipants(room)).map((p) => p.identity);
  const serverView = async (room: string, identity: string) =>
    (await api.listParticipants(room)).find((p) => p.identity === identity);
  const microphone = () => {
    const track = LocalAudioTrack.createAudioTrack('microphone', new AudioSource(48_000, 1));
    const options = new TrackPublishOptions();
    options.source = TrackSource.SOURCE_MICROPHONE;
    return { track, options };
  };
  /** The clerk makes and publishes a sitting, the chair opens it; its id. */
  let sittings = 0;
  /** An open sitting, each a day after the previous one: they share the chamber. */
  const openSittingHere = (title: string) =>
    openSitting(app, { clerk, chair }, title, new Date(Date.now() + 86_400_000 * ++sittings));

  beforeAll(async () => {
    // LiveKit's webhooks go through a recorder on the way to the portal, to be replayed.
    recorder = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const authorization = String(req.headers.authorization ?? '');
        app
          .request<WebhookAnswer>('POST', '/api/livekit/webhook', undefined, {
            raw: body,
            headers: { 'content-type': String(req.headers['content-type'] ?? ''), authorization },
          })
          .then((answer) => {
            delivered.push({ body, authorization, status: answer.status, answer: answer.body });
            res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
          })
          // The portal is gone (the suite is closing): LiveKit is told to try again.
          .catch(() => res.writeHead(503).end());
      });
    });
    await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
    const recorderPort = (recorder.address() as AddressInfo).port;
    lk = await RealLiveKit.start({ webhookUrl: `http://127.0.0.1:${recorderPort}/api/livekit/webhook` });
    app = await TestApp.start({
      env: { ...lk.env, LIVEKIT_RECONCILE_SECONDS: '3600', MEETING_REMINDER_POLL_MS: '500' },
    });
    api = new RoomServiceClient(`http://127.0.0.1:${lk.port}`, lk.apiKey, lk.apiSecret);
    [owner, chair, clerk] = await Promise.all([app.login('servant01'), app.login('chair'), app.login('clerk')]);
    ownerRoom = await ok(app.api.get('/api/rooms/me', { token: owner.token }), 'the room');
  }, 60_000);

  afterAll(async () => {
    for (const r of rooms) await r.disconnect().catch(() => undefined);
    await app?.close();
    await lk?.close();
    recorder?.close();
  });

  it("admits a personal room's token to that room only; a room the portal did not create cannot be made by a token", async () => {
    const join = await app.api.post('/api/spaces/:id/join', { params: { id: ownerRoom.id }, token: owner.token });
    expectOk(join, 200);
    expect(join.body.url).toBe(lk.url);
    const room = await connect(join.body.url, join.body.token);
    expect(room.name).toBe(ownerRoom.livekitRoom);
    expect(room.localParticipant?.identity).toBe(owner.user.id);
    expect(await onServer(ownerRoom.livekitRoom)).toEqual([owner.user.id]);

    // A well-signed token (the portal's own key) for a room the portal never created:
    // with room.auto_create off, the server refuses it and no room appears.
    const at = new AccessToken(lk.apiKey, lk.apiSecret, { identity: owner.user.id, ttl: 60 });
    at.addGrant({ room: 'not-made-by-the-portal', roomJoin: true });
    await expect(connect(lk.url, await at.toJwt())).rejects.toThrow();
    expect((await api.listRooms()).map((r) => r.name)).not.toContain('not-made-by-the-portal');

    // A token signed with another secret is refused too.
    const forged = new AccessToken(lk.apiKey, 'another-secret-another-secret-xx', { identity: owner.user.id, ttl: 60 });
    forged.addGrant({ room: ownerRoom.livekitRoom, roomJoin: true });
    await expect(connect(lk.url, await forged.toJwt())).rejects.toThrow();
    expect(await onServer(ownerRoom.livekitRoom)).toEqual([owner.user.id]);
    await room.disconnect();
  }, 60_000);

  it("the server's own webhooks arrive signed, are processed once and move presence and the room's occupancy", async () => {
    // The owner is signed in (a socket): presence then says where they are.
    const socket = await app.socket(owner.token);
    const presence = async () =>
      (
        await ok(app.api.get('/api/presence', { query: { userIds: owner.user.id }, token: clerk.token }), 'presence')
      )[0];
    const join = await ok(
      app.api.post('/api/spaces/:id/join', { params: { id: ownerRoom.id }, token: owner.token }),
      'join',
    );
    const room = await connect(join.url, join.token);
    await eventually(async () => expect(await inside(ownerRoom.id, owner.token)).toEqual([owner.user.id]), 15_000);
    await eventually(
      async () => expect(await presence()).toMatchObject({ status: 'busy', spaceId: ownerRoom.id }),
      15_000,
    );
    await room.disconnect();
    await eventually(async () => expect(await inside(ownerRoom.id, owner.token)).toEqual([]), 15_000);
    await eventually(async () => expect((await presence()).spaceId ?? null).toBeNull(), 15_000);
    socket.close();

    // Every delivery so far was signed (the portal accepted it) and new; the same delivery
    // again — as LiveKit retries — is recognised and changes nothing.
    const joins = delivered.filter((d) => JSON.parse(d.body).event === 'participant_joined');
    expect(joins.length).toBeGreaterThan(0);
    expect(delivered.every((d) => d.status === 200 && d.answer.duplicate === false)).toBe(true);
    const again = await app.request<WebhookAnswer>('POST', '/api/livekit/webhook', undefined, {
      raw: joins[joins.length - 1].body,
      headers: { 'content-type': 'application/webhook+json', authorization: joins[joins.length - 1].authorization },
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ received: true, duplicate: true });
    expect(await inside(ownerRoom.id, owner.token)).toEqual([]);
    // And a delivery whose body was changed on the way is refused.
    const tampered = await app.request('POST', '/api/livekit/webhook', undefined, {
      raw: joins[0].body.replace('participant_joined', 'participant_left'),
      headers: { 'content-type': 'application/webhook+json', authorization: joins[0].authorization },
    });
    expect(tampered.status).toBe(401);
  }, 60_000);

  it('a public viewer of a live sitting is hidden and cannot publish', async () => {
    const id = await openSittingHere('Заседание с истинско видео');

    const chairJoin = await app.api.post('/api/council/sessions/:id/video/join', {
      params: { id },
      body: {},
      token: chair.token,
    });
    expectOk(chairJoin, 200);
    const chairRoom = await connect(chairJoin.body.url, chairJoin.body.token);

    const viewer = await app.api.post('/api/public/council/sessions/:id/viewer-token', { params: { id }, body: {} });
    expectOk(viewer, 200);
    const watching = await connect(viewer.body.url, viewer.body.token);
    expect(watching.name).toBe(chairRoom.name);
    const viewerIdentity = watching.localParticipant!.identity;

    // The server itself refuses the viewer's track.
    const { track, options } = microphone();
    await expect(watching.localParticipant!.publishTrack(track, options)).rejects.toThrow();

    // Hidden: the chair's client never sees the viewer, the server knows it is there.
    await eventually(async () => expect(await onServer(chairRoom.name!)).toContain(viewerIdentity), 10_000);
    expect([...chairRoom.remoteParticipants.keys()]).not.toContain(viewerIdentity);
    await watching.disconnect();
    await chairRoom.disconnect();
  }, 90_000);

  it('a councillor publishes only while holding the floor; the chair mutes them; the floor taken away stops it', async () => {
    const id = await openSittingHere('Заседание с думата');
    const councillor = await app.login('councillor05');
    const join = await app.api.post('/api/council/sessions/:id/video/join', {
      params: { id },
      body: {},
      token: councillor.token,
    });
    expectOk(join, 200);
    expect(join.body.canPublish).toBe(false);
    const room = await connect(join.body.url, join.body.token);
    const me = councillor.user.id;
    expect((await serverView(room.name!, me))?.permission?.canPublish).toBe(false);

    // Without the floor the server refuses the microphone.
    const first = microphone();
    await expect(room.localParticipant!.publishTrack(first.track, first.options)).rejects.toThrow();

    const speech = await giveTheFloor(app, id, councillor, chair);
    await eventually(async () => expect((await serverView(room.name!, me))?.permission?.canPublish).toBe(true), 10_000);
    const second = microphone();
    await room.localParticipant!.publishTrack(second.track, second.options);
    await eventually(async () => expect((await serverView(room.name!, me))?.tracks.length).toBe(1), 10_000);

    // The chair's mute reaches the real participant's track.
    const muted = await app.post(`/api/council/sessions/${id}/video/mute`, { userId: me }, { token: chair.token });
    expect(muted.status).toBe(204);
    await eventually(async () => expect((await serverView(room.name!, me))?.tracks[0]?.muted).toBe(true), 10_000);

    // The speech ends: the right to publish goes, and the server takes the track down.
    expect((await app.post(`/api/council/speakers/${speech}/finish`, {}, { token: chair.token })).status).toBe(200);
    await eventually(async () => {
      const view = await serverView(room.name!, me);
      expect(view?.permission?.canPublish).toBe(false);
      expect(view?.tracks.length).toBe(0);
    }, 10_000);
    await room.disconnect();
  }, 120_000);

  it("the chair removes a participant from the sitting's video: the server disconnects them; nobody else may", async () => {
    const id = await openSittingHere('Заседание с отстраняване');
    const [member, other] = await Promise.all([app.login('councillor06'), app.login('councillor07')]);
    const join = await app.api.post('/api/council/sessions/:id/video/join', {
      params: { id },
      body: {},
      token: member.token,
    });
    expectOk(join, 200);
    const room = await connect(join.body.url, join.body.token);
    await eventually(async () => expect(await onServer(room.name!)).toContain(member.user.id), 10_000);
    const remove = (who: SignedIn, userId: string) =>
      app.api.post('/api/council/sessions/:id/video/remove', { params: { id }, body: { userId }, token: who.token });

    // A member, and the clerk, may not; the chair may not remove themselves; someone not in the room is 404.
    expect((await remove(other, member.user.id)).status).toBe(403);
    expect((await remove(clerk, member.user.id)).status).toBe(403);
    expect(codeOf(await remove(chair, chair.user.id))).toBe('cannot_remove_self');
    expect((await remove(chair, other.user.id)).status).toBe(404);
    expect(await onServer(room.name!)).toContain(member.user.id);

    const gone = new Promise<void>((resolve) => room.on(RoomEvent.Disconnected, () => resolve()));
    expect((await remove(chair, member.user.id)).status).toBe(204);
    await gone;
    await eventually(async () => expect(await onServer(room.name!)).not.toContain(member.user.id), 10_000);
    const audit = await ok(
      app.api.get('/api/admin/audit', {
        query: { action: 'council.video.removed' },
        token: (await app.login('admin')).token,
      }),
      'the audit',
    );
    expect(audit.items[0]).toMatchObject({
      actorId: chair.user.id,
      targetId: id,
      details: { userId: member.user.id },
    });
  }, 60_000);

  it("the room's owner removes a visitor: the server disconnects the real participant", async () => {
    const visitor = await app.login('servant04');
    // The owner opens the door, so a colleague walks in.
    expect((await app.patch('/api/rooms/me', { door: 'open' }, { token: owner.token })).status).toBe(200);
    const ownerJoin = await ok(
      app.api.post('/api/spaces/:id/join', { params: { id: ownerRoom.id }, token: owner.token }),
      'the owner joins',
    );
    const ownerSide = await connect(ownerJoin.url, ownerJoin.token);
    const visitorJoin = await app.api.post('/api/spaces/:id/join', {
      params: { id: ownerRoom.id },
      token: visitor.token,
    });
    expectOk(visitorJoin, 200);
    const visitorSide = await connect(visitorJoin.body.url, visitorJoin.body.token);
    await eventually(async () => expect(await onServer(ownerRoom.livekitRoom)).toContain(visitor.user.id), 10_000);
    const gone = new Promise<void>((resolve) => visitorSide.on(RoomEvent.Disconnected, () => resolve()));
    const removed = await app.post(`/api/spaces/${ownerRoom.id}/participants/${visitor.user.id}/remove`, undefined, {
      token: owner.token,
    });
    expect(removed.status).toBe(200);
    await gone;
    await eventually(async () => expect(await onServer(ownerRoom.livekitRoom)).toEqual([owner.user.id]), 10_000);
    await eventually(async () => expect(await inside(ownerRoom.id, owner.token)).toEqual([owner.user.id]), 10_000);
    await ownerSide.disconnect();
  }, 60_000);

  it("a disabled account's participant is removed from the room at once, not when its token runs out", async () => {
    const admin = await app.login('admin');
    const leaving = await app.login('servant08');
    expect((await app.patch('/api/rooms/me', { door: 'open' }, { token: owner.token })).status).toBe(200);
    const join = await app.api.post('/api/spaces/:id/join', { params: { id: ownerRoom.id }, token: leaving.token });
    expectOk(join, 200);
    const room = await connect(join.body.url, join.body.token);
    await eventually(async () => expect(await onServer(ownerRoom.livekitRoom)).toContain(leaving.user.id), 10_000);
    const gone = new Promise<void>((resolve) => room.on(RoomEvent.Disconnected, () => resolve()));
    const disabled = await app.post(`/api/admin/users/${leaving.user.id}/disable`, {}, { token: admin.token });
    expect(disabled.status).toBe(200);
    await gone;
    expect(await onServer(ownerRoom.livekitRoom)).not.toContain(leaving.user.id);
    // The token it still holds is no use either: the account is gone from the portal's side.
    expect((await app.post(`/api/spaces/${ownerRoom.id}/join`, undefined, { token: leaving.token })).status).toBe(401);
  }, 60_000);

  it("when a hall's meeting ends the portal takes its people out of the room (their tokens alone would not)", async () => {
    const admin = await app.login('admin');
    const guest = await app.login('servant09');
    const hall = await app.api.post('/api/halls', {
      body: {
        name: 'Зала за истинско видео',
        capacity: 6,
        policy: {
          bookableHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' })),
          minNoticeMinutes: 0,
          bookingWindowDays: 30,
          maxDurationMinutes: 600,
        },
      },
      token: admin.token,
    });
    expectOk(hall, 201);
    const startsAt = new Date(Date.now() + 2_000);
    const booked = await app.api.post('/api/halls/:id/bookings', {
      params: { id: hall.body.id },
      body: {
        title: 'Кратка среща',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 8_000).toISOString(),
        inviteeIds: [guest.user.id],
      },
      token: owner.token,
    });
    expect(booked.status).toBe(201);
    await new Promise((r) => setTimeout(r, Math.max(0, startsAt.getTime() - Date.now()) + 200));
    const join = await app.api.post('/api/spaces/:id/join', { params: { id: hall.body.id }, token: guest.token });
    expectOk(join, 200);
    const room = await connect(join.body.url, join.body.token);
    const gone = new Promise<number>((resolve) => room.on(RoomEvent.Disconnected, () => resolve(Date.now())));
    expect(await onServer(room.name!)).toContain(guest.user.id);
    const leftAt = await gone;
    // Not before the meeting's end: removed by the portal once it is over.
    expect(leftAt).toBeGreaterThanOrEqual(startsAt.getTime() + 8_000);
    expect(await onServer(room.name!)).not.toContain(guest.user.id);
    // The participant is disconnected while the server is still inside closeEnded(); its log
    // line reaches this process a moment after the client saw the disconnect.
    await eventually(async () => expect(app.output.some((l) => l.includes('meeting_video_closed'))).toBe(true), 5_000);
  }, 60_000);
});

/** Webhooks lost on the way: the reconciliation asks the real server who is inside. */
describe('video on a real LiveKit server whose webhooks never arrive', () => {
  let lk: RealLiveKit;
  let app: TestApp;
  let owner: SignedIn;
  const rooms: Room[] = [];

  beforeAll(async () => {
    // LiveKit sends its webhooks to a port where nothing listens.
    const nowhere = await freeTcpPort();
    lk = await RealLiveKit.start({ webhookUrl: `http://127.0.0.1:${nowhere}/api/livekit/webhook` });
    app = await TestApp.start({ env: { ...lk.env, LIVEKIT_RECONCILE_SECONDS: '1' } });
    owner = await app.login('servant01');
  }, 60_000);

  afterAll(async () => {
    for (const r of rooms) await r.disconnect().catch(() => undefined);
    await app?.close();
    await lk?.close();
  });

  it('someone who joined and left is seen in and out through listParticipants alone', async () => {
    const space = await ok(app.api.get('/api/rooms/me', { token: owner.token }), 'the room');
    const inside = async () =>
      (
        await ok(app.api.get('/api/spaces/:id', { params: { id: space.id }, token: owner.token }), 'the space')
      ).participants.map((p) => p.id);
    const join = await ok(
      app.api.post('/api/spaces/:id/join', { params: { id: space.id }, token: owner.token }),
      'join',
    );
    const room = new Room();
    rooms.push(room);
    await room.connect(join.url, join.token, { autoSubscribe: true, dynacast: false });
    await eventually(async () => expect(await inside()).toEqual([owner.user.id]), 15_000);
    await room.disconnect();
    await eventually(async () => expect(await inside()).toEqual([]), 15_000);
    expect(lk.logged(/sent webhook/).length).toBe(0);
  }, 60_000);
});
