import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TokenVerifier } from 'livekit-server-sdk';
import { expectError, expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { FakeLiveKit } from '../support/livekit-server.js';
import { EXTRAORDINARY_REASON } from '../support/council.js';

/**
 * A council session's video on LiveKit (the fake server speaks the Twirp API and checks the
 * SDK's tokens): member tokens with and without publish rights, the floor as publish rights
 * (updateParticipant with the full permission set), the chair's mute, hidden viewer tokens
 * for citizens, and an Egress room-composite recording from open to close, listed publicly
 * and in the minutes. Without LiveKit every video route answers 503 video_not_configured.
 */
describe('council video (LiveKit)', () => {
  let lk: FakeLiveKit;
  let app: TestApp;
  let clerk: SignedIn;
  let chair: SignedIn;
  let staff: SignedIn;
  const c: SignedIn[] = [];
  let sittingId: string;
  let room: string;

  const verify = (token: string) => new TokenVerifier(lk.apiKey, lk.apiSecret).verify(token);
  const url = (p = '') => `/api/council/sessions/${sittingId}${p}`;
  const params = () => ({ id: sittingId });
  /** Joining the sitting's video (no token: signed out). */
  const join = (token?: string) =>
    app.api.post('/api/council/sessions/:id/video/join', { params: params(), body: {}, token });
  /** A citizen's viewer token (no sign-in). */
  const viewerToken = () =>
    app.api.post('/api/public/council/sessions/:id/viewer-token', { params: params(), body: {} });
  const publicSitting = () =>
    ok(app.api.get('/api/public/council/sessions/:id', { params: params() }), 'the public sitting');
  const askFloor = (s: SignedIn, body: { kind: 'speech' } | { kind: 'reply'; answersId: string }) =>
    app.api.post('/api/council/sessions/:id/speakers', { params: params(), body, token: s.token });
  const post = (signed: { body: string; authorization: string }) =>
    app.request('POST', '/api/livekit/webhook', undefined, {
      raw: signed.body,
      headers: { 'content-type': 'application/webhook+json', authorization: signed.authorization },
    });

  beforeAll(async () => {
    lk = await FakeLiveKit.start();
    app = await TestApp.start({ env: lk.env });
    [clerk, chair, staff] = await Promise.all([app.login('clerk'), app.login('chair'), app.login('servant01')]);
    for (let i = 1; i <= 3; i++) c.push(await app.login(`councillor0${i}`));
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    const res = await app.api.post('/api/council/sessions', {
      body: {
        title: 'Заседание с видео',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        agenda: [{ title: 'Точка първа' }],
        // Published and opened at once: sooner than the notice period allows a regular sitting.
        extraordinary: true,
        extraordinaryReason: EXTRAORDINARY_REASON,
      },
      token: clerk.token,
    });
    expectOk(res, 201);
    sittingId = res.body.id;
    room = `council-${sittingId}`;
    expect(res.body.video).toEqual({ configured: true, live: false });
    expect(res.body.recordings).toEqual([]);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await lk?.close();
  });

  it('nobody joins or watches before the session is open (409 session_not_live)', async () => {
    // A draft is not visible to councillors or the public at all.
    expect((await join(c[0]!.token)).status).toBe(404);
    expect((await viewerToken()).status).toBe(404);
    expect((await app.post(url('/publish'), {}, { token: clerk.token })).status).toBe(200);
    const early = await join(c[0]!.token);
    expectError(early, 409, 'session_not_live');
    const viewer = await viewerToken();
    expectError(viewer, 409, 'session_not_live');
    expect(lk.egresses.size).toBe(0);
  });

  it('opening starts an Egress room-composite recording of the session room', async () => {
    const opened = await app.api.post('/api/council/sessions/:id/open', {
      params: params(),
      body: {},
      token: chair.token,
    });
    expectOk(opened, 200);
    const starts = lk.callsOf('StartRoomCompositeEgress');
    expect(starts).toHaveLength(1);
    expect(starts[0]!.grants.video).toMatchObject({ roomRecord: true });
    expect(starts[0]!.body.roomName).toBe(room);
    expect(JSON.stringify(starts[0]!.body)).toContain(`council/${sittingId}/`);
    expect(lk.rooms.has(room)).toBe(true);
    expect(opened.body.video).toEqual({ configured: true, live: true });
    const pub = await publicSitting();
    expect(pub.video).toEqual({ configured: true, live: true });
    expect(pub.recordings).toHaveLength(1);
    expect(pub.recordings![0]).toMatchObject({ status: 'recording', endedAt: null, url: null });
  });

  it('members join without publish rights; the chair and the clerk with; staff may not join', async () => {
    const member = await join(c[0]!.token);
    expectOk(member, 200);
    expect(member.body).toMatchObject({ url: lk.url, room, canPublish: false });
    const g = await verify(member.body.token);
    expect(g.sub).toBe(c[0]!.user.id);
    expect(g.video).toMatchObject({ room, roomJoin: true, canSubscribe: true, canPublish: false });
    expect(g.video?.roomAdmin).toBeFalsy();

    for (const s of [chair, clerk]) {
      const res = await join(s.token);
      expectOk(res, 200);
      expect(res.body.canPublish).toBe(true);
      expect((await verify(res.body.token)).video).toMatchObject({ room, canPublish: true });
    }
    const denied = await join(staff.token);
    expect(denied.status).toBe(403);
    expect((await join()).status).toBe(401);
  });

  it('citizens get hidden, subscribe-only viewer tokens without login', async () => {
    const res = await viewerToken();
    expectOk(res, 200);
    expect(res.body).toMatchObject({ url: lk.url, room });
    const g = await verify(res.body.token);
    expect(g.sub).toMatch(/^viewer-/);
    expect(g.video).toMatchObject({ room, roomJoin: true, canSubscribe: true, canPublish: false, hidden: true });
    expect(g.video?.canPublishData).toBeFalsy();
    const again = await viewerToken();
    expectOk(again, 200);
    expect((await verify(again.body.token)).sub).not.toBe(g.sub);
    // 30 viewer tokens a minute per client address; the 31st is refused.
    let taken = 2;
    let res2: Awaited<ReturnType<typeof viewerToken>> = again;
    while (res2.status === 200 && taken < 40) {
      res2 = await viewerToken();
      if (res2.status === 200) taken += 1;
    }
    expect(taken).toBe(30);
    expect(res2.status).toBe(429);
    expect(res2.headers.get('retry-after')).toBeTruthy();
  });

  it('the floor is the right to publish: grant gives audio and camera, finish takes them back', async () => {
    lk.addParticipant(room, c[0]!.user.id);
    lk.addParticipant(room, c[1]!.user.id);
    const ask = await askFloor(c[0]!, { kind: 'speech' });
    expectOk(ask, 201);
    const before = lk.callsOf('UpdateParticipant').length;
    expect((await app.post(`/api/council/speakers/${ask.body.id}/grant`, {}, { token: chair.token })).status).toBe(200);
    const granted = lk.callsOf('UpdateParticipant').slice(before);
    expect(granted).toHaveLength(1);
    expect(granted[0]!.grants.video).toMatchObject({ roomAdmin: true, room });
    expect(granted[0]!.body).toMatchObject({ room, identity: c[0]!.user.id });
    // The whole permission set (LiveKit replaces it): subscribe, publish, data, and the sources.
    expect(granted[0]!.body.permission).toEqual({
      canSubscribe: true,
      canPublish: true,
      canPublishData: true,
      canPublishSources: expect.arrayContaining(['CAMERA', 'MICROPHONE']),
    });
    expect(granted[0]!.body.permission.canPublishSources).toHaveLength(2);
    // A member who joins while having the floor gets a token that may publish.
    const speakerJoin = await ok(join(c[0]!.token), 'the speaker joins');
    expect(speakerJoin.canPublish).toBe(true);

    // The next speaker: the first loses publishing, the second gains it.
    const ask2 = await ok(askFloor(c[1]!, { kind: 'reply', answersId: ask.body.id }), 'the reply');
    const mark = lk.callsOf('UpdateParticipant').length;
    expect((await app.post(`/api/council/speakers/${ask2.id}/grant`, {}, { token: chair.token })).status).toBe(200);
    const next = lk.callsOf('UpdateParticipant').slice(mark);
    expect(next.map((x) => [x.body.identity, Boolean(x.body.permission.canPublish)])).toEqual([
      [c[0]!.user.id, false],
      [c[1]!.user.id, true],
    ]);
    // Revoked: still subscribes, publishes nothing.
    expect(next[0]!.body.permission).toEqual({ canSubscribe: true, canPublishData: true });

    const mark2 = lk.callsOf('UpdateParticipant').length;
    expect((await app.post(`/api/council/speakers/${ask2.id}/finish`, {}, { token: chair.token })).status).toBe(200);
    const finished = lk.callsOf('UpdateParticipant').slice(mark2);
    expect(finished).toHaveLength(1);
    expect(finished[0]!.body).toMatchObject({ identity: c[1]!.user.id });
    expect(finished[0]!.body.permission.canPublish).toBeFalsy();
  });

  it('a speaker not in the room is skipped; the floor works even while LiveKit is down', async () => {
    const ask = await ok(askFloor(c[2]!, { kind: 'speech' }), 'asking for the floor');
    expect((await app.post(`/api/council/speakers/${ask.id}/grant`, {}, { token: chair.token })).status).toBe(200);
    lk.down = true;
    try {
      const fin = await app.api.post('/api/council/speakers/:id/finish', {
        params: { id: ask.id },
        body: {},
        token: chair.token,
      });
      expectOk(fin, 200);
      expect(fin.body.status).toBe('finished');
    } finally {
      lk.down = false;
    }
  });

  it('the chair mutes a member (mutePublishedTrack); others may not', async () => {
    const p = lk.rooms.get(room)!.participants.get(c[1]!.user.id)!;
    expect(p.tracks[0]!.muted).toBe(false);
    for (const s of [c[0]!, clerk]) {
      const res = await app.post(url('/video/mute'), { userId: c[1]!.user.id }, { token: s.token });
      expect(res.status).toBe(403);
    }
    expect((await app.post(url('/video/mute'), {}, { token: chair.token })).status).toBe(400);
    const res = await app.post(url('/video/mute'), { userId: c[1]!.user.id }, { token: chair.token });
    expect(res.status).toBe(204);
    expect(p.tracks[0]!.muted).toBe(true);
    const call = lk.callsOf('MutePublishedTrack').at(-1)!;
    expect(call.body).toMatchObject({ room, identity: c[1]!.user.id, trackSid: p.tracks[0]!.sid, muted: true });
    const absent = await app.post(url('/video/mute'), { userId: c[2]!.user.id }, { token: chair.token });
    expect(absent.status).toBe(404);
  });

  it('closing stops the recording; egress_ended completes it with its file, shown publicly and in the minutes', async () => {
    expect((await app.post(url('/close'), {}, { token: chair.token })).status).toBe(200);
    const stops = lk.callsOf('StopEgress');
    expect(stops).toHaveLength(1);
    const egress = [...lk.egresses.values()][0]!;
    expect(stops[0]!.body.egressId).toBe(egress.egressId);
    // Stopping answered "ending": still recording until LiveKit says it is done.
    let pub = await publicSitting();
    expect(pub.video).toEqual({ configured: true, live: false });
    expect(pub.recordings![0]).toMatchObject({ status: 'recording' });

    egress.status = 'EGRESS_COMPLETE';
    egress.endedAt = String(BigInt(Date.now()) * 1_000_000n);
    const location = `https://recordings.example.org/council/${sittingId}/session-1.mp4`;
    const hook = await post(await lk.signWebhook(FakeLiveKit.egressEvent('egress_ended', egress, { location })));
    expect(hook.status).toBe(200);
    pub = await publicSitting();
    expect(pub.recordings).toHaveLength(1);
    expect(pub.recordings![0]).toMatchObject({ status: 'complete', url: location });
    expect(pub.recordings![0]!.endedAt).not.toBeNull();

    // A redelivered or late "started" never takes a finished recording back.
    egress.status = 'EGRESS_ACTIVE';
    await post(await lk.signWebhook(FakeLiveKit.egressEvent('egress_started', egress)));
    pub = await publicSitting();
    expect(pub.recordings![0]).toMatchObject({ status: 'complete', url: location });

    const minutes = await ok(
      app.api.get('/api/council/sessions/:id/minutes', { params: params(), token: clerk.token }),
      'the minutes',
    );
    expect(minutes.recordings).toEqual(pub.recordings);
    const html = await app.get<string>(url('/minutes?format=html'), { token: clerk.token });
    expect(html.body).toContain(location);

    const after = await viewerToken();
    expectError(after, 409, 'session_not_live');
  });
});

describe('council video without LiveKit', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  }, 120_000);
  afterAll(() => app?.close());

  it('every video route answers 503 video_not_configured; the session works and is not recorded', async () => {
    const [clerk, chair, member] = await Promise.all([
      app.login('clerk'),
      app.login('chair'),
      app.login('councillor01'),
    ]);
    const startsAt = new Date(Date.now() + 5 * 86_400_000);
    const created = await ok(
      app.api.post('/api/council/sessions', {
        body: {
          title: 'Без видео',
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
          agenda: [{ title: 'Точка' }],
          extraordinary: true,
          extraordinaryReason: EXTRAORDINARY_REASON,
        },
        token: clerk.token,
      }),
      'the sitting',
    );
    const id = created.id;
    expect(created.video).toEqual({ configured: false, live: false });
    expect((await app.post(`/api/council/sessions/${id}/publish`, {}, { token: clerk.token })).status).toBe(200);
    const opened = await app.api.post('/api/council/sessions/:id/open', {
      params: { id },
      body: {},
      token: chair.token,
    });
    expectOk(opened, 200);
    expect(opened.body.video).toEqual({ configured: false, live: false });
    expect(opened.body.recordings).toEqual([]);
    for (const res of [
      await app.api.post('/api/council/sessions/:id/video/join', { params: { id }, body: {}, token: member.token }),
      await app.api.post('/api/council/sessions/:id/video/mute', {
        params: { id },
        body: { userId: member.user.id },
        token: chair.token,
      }),
      await app.api.post('/api/public/council/sessions/:id/viewer-token', { params: { id }, body: {} }),
    ]) {
      expectError<unknown>(res, 503, 'video_not_configured');
    }
    expect((await app.post(`/api/council/sessions/${id}/close`, {}, { token: chair.token })).status).toBe(200);
  });
});
