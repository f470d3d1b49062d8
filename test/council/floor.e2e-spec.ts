import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import type { ErrorBody, FloorRequest, SpeakerView, SpeakingLimits } from '../../libs/contracts/src/index.js';
import { expectError, expectOk, ok } from '../support/api.js';
import { TestApp, nextEvent, type SignedIn } from '../support/app.js';
import { openSittingWith } from '../support/council.js';
import type { EventPayload } from '../support/events.js';
import { FakeLiveKit } from '../support/livekit-server.js';

/**
 * The floor with time limits (issue 15, part 6), end to end: the body's limits, fixed on a
 * request when the floor is given; replies naming their speech (three at most), the
 * counter-reply by the speech's speaker only (one); a procedural point ahead of the queue; a
 * member under a declared conflict refused; the chair told over the socket when a speaker's
 * time is up (a one-second limit; the test waits on the event), and ending the speech taking
 * the microphone away (the fake LiveKit); a speech that fell due while the server was down is
 * told after the restart.
 */
describe('council floor: time limits, replies, procedural points', () => {
  let lk: FakeLiveKit;
  let app: TestApp;
  let admin: SignedIn;
  let clerk: SignedIn;
  let chair: SignedIn;
  const c: SignedIn[] = [];
  let sittingId: string;
  let bodyId: string;
  let itemId: string;
  let chairSocket: Socket;
  let memberSocket: Socket;
  const memberHeard: string[] = [];

  const params = () => ({ id: sittingId });
  const ask = (who: SignedIn, body: FloorRequest) =>
    app.api.post('/api/council/sessions/:id/speakers', { params: params(), body, token: who.token });
  const step = (id: string, s: 'grant' | 'finish' | 'withdraw', who = chair) =>
    app.api.post(`/api/council/speakers/:id/${s}`, { params: { id }, body: {}, token: who.token });
  const speakers = () =>
    ok(app.api.get('/api/council/sessions/:id/speakers', { params: params(), token: chair.token }), 'speakers');
  const setLimits = (speakingLimits: Partial<SpeakingLimits>, who = admin) =>
    app.api.patch('/api/council/bodies/:id', { params: { id: bodyId }, body: { speakingLimits }, token: who.token });

  beforeAll(async () => {
    lk = await FakeLiveKit.start();
    app = await TestApp.start({ env: { ...lk.env, COUNCIL_FLOOR_POLL_MS: '100' } });
    [admin, clerk, chair] = await Promise.all([app.login('admin'), app.login('clerk'), app.login('chair')]);
    for (let i = 1; i <= 6; i++) c.push(await app.login(`councillor0${i}`));
    const created = await openSittingWith(
      app,
      { clerk, chair },
      { title: 'Заседание с времена за изказване', startsAt: new Date(Date.now() + 60_000) },
    );
    sittingId = created.id;
    itemId = created.items[0].id;
    bodyId = created.body!.id;
    chairSocket = await app.socket(chair.token);
    memberSocket = await app.socket(c[0]!.token);
    memberSocket.on('council.floor.time_up', () => memberHeard.push('council.floor.time_up'));
  }, 120_000);

  afterAll(async () => {
    chairSocket?.close();
    memberSocket?.close();
    await app?.close();
    await lk?.close();
  });

  it('a body has the default limits; an admin sets some of them (1–3600 s); bad ones change nothing', async () => {
    const bodies = await ok(app.api.get('/api/council/bodies', { token: admin.token }), 'bodies');
    expect(bodies.find((b) => b.id === bodyId)!.speakingLimits).toEqual({
      speech: 300,
      reply: 180,
      counter_reply: 120,
      procedural: 60,
    });
    for (const bad of [{ speech: 0 }, { reply: 3601 }, { speech: 1.5 }, { talk: 10 }, {}])
      expect(
        (await app.patch<ErrorBody>(`/api/council/bodies/${bodyId}`, { speakingLimits: bad }, { token: admin.token }))
          .body.code,
      ).toBe('validation_failed');
    expectError(await setLimits({ reply: 90 }, clerk), 403);
    const set = await setLimits({ reply: 90, counter_reply: 45 });
    expectOk(set, 200);
    expect(set.body.speakingLimits).toEqual({ speech: 300, reply: 90, counter_reply: 45, procedural: 60 });
  });

  it('replies name their speech: three at most; the counter-reply is the speaker’s, once', async () => {
    const speech = await ask(c[0]!, { kind: 'speech' });
    expectOk(speech, 201);
    expect(speech.body).toMatchObject({ kind: 'speech', answersId: null, limitSeconds: null });
    // A speech answers nothing; a reply names a speech that was given the floor.
    expect((await ask(c[1]!, { kind: 'speech', answersId: speech.body.id })).body).toMatchObject({
      code: 'answers_not_allowed',
    });
    expect((await ask(c[1]!, { kind: 'reply' })).body).toMatchObject({ code: 'answers_required' });
    expect((await ask(c[1]!, { kind: 'reply', answersId: speech.body.id })).body).toMatchObject({
      code: 'not_a_speech',
    });
    expectError(await ask(c[1]!, { kind: 'reply', answersId: '00000000-0000-4000-8000-000000000000' }), 404);

    const granted = await step(speech.body.id, 'grant');
    expectOk(granted, 200);
    // The limit is the body's for a speech, fixed now.
    expect(granted.body).toMatchObject({ status: 'speaking', limitSeconds: 300 });
    expect(Date.parse(granted.body.grantedAt!)).toBeLessThanOrEqual(Date.now() + 1000);
    // The view carries the limit and the time spoken as the server counted it when answering.
    const view = await ok(
      app.api.get('/api/council/sessions/:id', { params: params(), token: c[3]!.token }),
      'the sitting',
    );
    expect(view.speakers!.find((s) => s.id === speech.body.id)).toMatchObject({
      limitSeconds: 300,
      grantedAt: granted.body.grantedAt,
      seconds: expect.any(Number),
    });

    expect((await ask(c[0]!, { kind: 'reply', answersId: speech.body.id })).body).toMatchObject({ code: 'own_speech' });
    expect((await ask(c[0]!, { kind: 'counter_reply', answersId: speech.body.id })).body).toMatchObject({
      code: 'no_replies',
    });
    const replies = [];
    for (const who of [c[1]!, c[2]!, c[3]!]) {
      const r = await ask(who, { kind: 'reply', answersId: speech.body.id });
      expectOk(r, 201);
      expect(r.body).toMatchObject({ kind: 'reply', answersId: speech.body.id });
      replies.push(r.body.id);
    }
    // A fourth reply is refused, and nothing is added.
    const before = (await speakers()).length;
    const fourth = await ask(c[4]!, { kind: 'reply', answersId: speech.body.id });
    expectError(fourth, 409);
    expect(fourth.body).toMatchObject({ code: 'replies_exhausted', details: { max: 3 } });
    expect(await speakers()).toHaveLength(before);
    // A withdrawn reply frees its place.
    expectOk(await step(replies[2], 'withdraw', c[3]!), 200);
    expectOk(await ask(c[4]!, { kind: 'reply', answersId: speech.body.id }), 201);

    // The reply is given with the reply limit the body set (90 s).
    expect((await step(replies[0], 'grant')).body).toMatchObject({ status: 'speaking', limitSeconds: 90 });
    // The counter-reply: not by someone else; by the speaker once.
    const other = await ask(c[1]!, { kind: 'counter_reply', answersId: speech.body.id });
    expectError(other, 403);
    expect(other.body.code).toBe('not_the_speaker');
    const counter = await ask(c[0]!, { kind: 'counter_reply', answersId: speech.body.id });
    expectOk(counter, 201);
    expect((await ask(c[0]!, { kind: 'counter_reply', answersId: speech.body.id })).body).toMatchObject({
      code: 'counter_reply_taken',
    });
  });

  it('a procedural point goes ahead of the queue', async () => {
    const speech = await ask(c[5]!, { kind: 'speech' });
    expectOk(speech, 201);
    const queueBefore = (await speakers()).filter((s) => s.status === 'requested');
    expect(queueBefore.length).toBeGreaterThanOrEqual(2);
    const point = await ask(c[2]!, { kind: 'procedural' });
    expectOk(point, 201);
    expect(point.body.queuePosition).toBe(1);
    const queue = (await speakers()).filter((s) => s.status === 'requested');
    expect(queue.map((s) => s.id)).toEqual([point.body.id, ...queueBefore.map((s) => s.id)]);
    // A second procedural point: behind the first, ahead of the rest.
    const second = await ask(c[3]!, { kind: 'procedural' });
    expectOk(second, 201);
    expect(second.body.queuePosition).toBe(2);
  });

  it('a member with a declared conflict on the item cannot ask for the floor', async () => {
    const declared = await app.api.post('/api/council/sessions/:id/items/:itemId/conflicts', {
      params: { id: sittingId, itemId },
      body: { reason: 'Съпругата ми е управител на дружеството' },
      token: c[4]!.token,
    });
    expectOk(declared, 201);
    const before = (await speakers()).length;
    const refused = await ask(c[4]!, { kind: 'speech' });
    expectError(refused, 403);
    expect(refused.body.code).toBe('conflict_of_interest');
    expect(await speakers()).toHaveLength(before);
  });

  it('the chair is told when the time is up; ending the speech takes the microphone away', async () => {
    const room = `council-${sittingId}`;
    lk.addParticipant(room, c[5]!.user.id);
    expect(
      (await app.patch(`/api/council/bodies/${bodyId}`, { speakingLimits: { speech: 1 } }, { token: admin.token }))
        .status,
    ).toBe(200);
    const waiting = (await speakers()).find((s) => s.member.id === c[5]!.user.id && s.status === 'requested')!;
    const told = nextEvent<EventPayload<'council.floor.time_up'>>(chairSocket, 'council.floor.time_up', 10_000);
    const mark = lk.callsOf('UpdateParticipant').length;
    const granted = await step(waiting.id, 'grant');
    expectOk(granted, 200);
    expect(granted.body).toMatchObject({ status: 'speaking', limitSeconds: 1, timeUpAt: null });
    // The floor gave the microphone.
    expect(lk.callsOf('UpdateParticipant').slice(mark).pop()!.body).toMatchObject({
      identity: c[5]!.user.id,
      permission: { canPublish: true },
    });
    const event = await told;
    expect(event).toMatchObject({
      sessionId: sittingId,
      speaker: { id: waiting.id, status: 'speaking', limitSeconds: 1, member: { id: c[5]!.user.id } },
    });
    expect(Date.parse(event.speaker.timeUpAt!)).toBeGreaterThanOrEqual(Date.parse(granted.body.grantedAt!) + 1000);
    // The chair ends the speech: the member's publishing goes with it.
    const before = lk.callsOf('UpdateParticipant').length;
    const finished = await step(waiting.id, 'finish');
    expectOk(finished, 200);
    const revoked = lk.callsOf('UpdateParticipant').slice(before);
    expect(revoked).toHaveLength(1);
    expect(revoked[0]!.body).toMatchObject({ room, identity: c[5]!.user.id });
    expect(revoked[0]!.body.permission.canPublish).toBeFalsy();
    // Only the chair is told: a member's socket (sent to at the same moment) heard nothing.
    expect(memberHeard).toEqual([]);
  });

  it('a later change of the limits does not move a limit already given', async () => {
    const point = (await speakers()).find((s) => s.kind === 'procedural' && s.status === 'requested')!;
    await setLimits({ procedural: 600 });
    expect((await ok(step(point.id, 'grant'), 'grant')).limitSeconds).toBe(600);
    await setLimits({ procedural: 30 });
    expect((await speakers()).find((s) => s.id === point.id)!.limitSeconds).toBe(600);
  });

  it('a speech whose time ran out while the server was down is told after the restart', async () => {
    const point = (await speakers()).find((s) => s.kind === 'procedural' && s.status === 'requested')!;
    await setLimits({ procedural: 4 });
    const granted = await step(point.id, 'grant');
    expectOk(granted, 200);
    expect(granted.body).toMatchObject({ limitSeconds: 4, timeUpAt: null });
    chairSocket.close();
    memberSocket.close();
    await app.close({ keepDatabase: true });
    const downAt = Date.now();
    // The server stopped before the time was up: only the next process can tell.
    expect(downAt).toBeLessThan(Date.parse(granted.body.grantedAt!) + 4000);
    app = await TestApp.start({ db: app.db, env: { ...lk.env, COUNCIL_FLOOR_POLL_MS: '100' } });
    chair = await app.login('chair');
    // Told by the restarted process (a poll with a deadline, not a sleep).
    const deadline = Date.now() + 10_000;
    let told: SpeakerView | undefined;
    while (Date.now() < deadline && !told?.timeUpAt) {
      told = (await speakers()).find((s) => s.id === point.id)!;
      if (!told.timeUpAt) await new Promise((r) => setTimeout(r, 100));
    }
    expect(Date.parse(told!.timeUpAt!)).toBeGreaterThan(downAt);
    expect(told!.status).toBe('speaking');
  });
});

/** Waits (polling, with a deadline) until `check` holds. */
async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('council floor across processes', () => {
  // Two processes share one database only on PostgreSQL.
  const onServer = process.env.DATABASE_URL ? it : it.skip;
  onServer(
    'two processes polling the same database tell the chair once',
    async () => {
      const env = { COUNCIL_FLOOR_POLL_MS: '100' };
      const a = await TestApp.start({ env });
      const b = await TestApp.start({ db: a.db, env: { ...env, JWT_SECRET: a.env.JWT_SECRET } });
      try {
        const [admin, clerk, chair, m1, m2] = await Promise.all(
          ['admin', 'clerk', 'chair', 'councillor01', 'councillor02'].map((u) => a.login(u)),
        );
        const created = await openSittingWith(
          a,
          { clerk, chair },
          { title: 'Две копия на сървъра', startsAt: new Date(Date.now() + 60_000) },
        );
        const patched = await a.patch(
          `/api/council/bodies/${created.body!.id}`,
          { speakingLimits: { speech: 1 } },
          { token: admin.token },
        );
        expect(patched.status).toBe(200);
        const sockets = [await a.socket(chair.token), await b.socket(chair.token)];
        const told: string[][] = sockets.map(() => []);
        sockets.forEach((s, i) =>
          s.on('council.floor.time_up', (e: EventPayload<'council.floor.time_up'>) => told[i]!.push(e.speaker.id)),
        );
        const speak = async (who: SignedIn): Promise<string> => {
          const asked = await a.api.post('/api/council/sessions/:id/speakers', {
            params: { id: created.id },
            body: { kind: 'speech' },
            token: who.token,
          });
          expectOk(asked, 201);
          expect(
            (await a.post(`/api/council/speakers/${asked.body.id}/grant`, {}, { token: chair.token })).status,
          ).toBe(200);
          return asked.body.id;
        };
        // With Redis every socket hears what either process tells; without, only the teller's own.
        const heard = (id: string) =>
          process.env.REDIS_URL ? told.every((t) => t.includes(id)) : told.some((t) => t.includes(id));
        const first = await speak(m1);
        await until(() => heard(first));
        // Markers instead of sleeping through polls: more speeches over time, one at a time, until
        // each process has told at least one (its log says so). A process that told the first
        // speech again would have done it by then, and before its marker on every socket.
        const toldBy = () => [a, b].map((p) => p.output.filter((l) => l.includes('council_floor_time_up')).length);
        for (let n = 0; toldBy().some((c) => c === 0); n++) {
          if (n > 30) throw new Error(`30 markers and one process never told: ${JSON.stringify(toldBy())}`);
          const marker = await speak(n % 2 ? m1 : m2);
          await until(() => heard(marker));
        }
        const counts = told.map((t) => t.filter((id) => id === first).length);
        if (process.env.REDIS_URL) expect(counts).toEqual([1, 1]);
        else expect(counts[0]! + counts[1]!).toBe(1);
        for (const s of sockets) s.close();
      } finally {
        await b.close({ keepDatabase: true });
        await a.close();
      }
    },
    120_000,
  );
});
