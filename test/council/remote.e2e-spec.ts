import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ENTITIES, MIGRATIONS } from '../../apps/server/src/app.module.js';
import { checkInCodeAt, checkInStep } from '../../libs/council/src/check-in-code.js';
import { dataSourceOptions } from '../../libs/platform/src/index.js';
import type { ErrorBody } from '../../libs/contracts/src/index.js';
import { expectError, expectOk, ok as okView } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { adoptAgenda, openSittingWith } from '../support/council.js';
import { FakeLiveKit } from '../support/livekit-server.js';
import { io } from 'socket.io-client';

/**
 * Where members take part (issue 15, part 5). In the chamber a member's own check-in needs the
 * chamber's 30-second code (the current or the previous one; an older one is stale). Remote
 * under ЗМСМА чл. 28а: declared by the chair only with the declared emergency's reference and
 * only with LiveKit; members check in only while LiveKit lists their camera published and on;
 * the clerk identifies each member; every open vote is taken by name and read back to the
 * voter; the minutes state the form, the reference and the identifications. LiveKit is the
 * fake server of test/support (it answers listParticipants as LiveKit does).
 */
describe('remote sittings (ЗМСМА чл. 28а) and the chamber check-in code', () => {
  let lk: FakeLiveKit;
  let app: TestApp;
  let clerk: SignedIn;
  let chair: SignedIn;
  let staff: SignedIn;
  const c: SignedIn[] = [];
  let chamberId: string;
  let remoteId: string;
  let remoteItems: { id: string }[];
  const EMERGENCY =
    'Решение на Министерския съвет № 325 от 14.05.2020 г. за обявяване на извънредна епидемична обстановка';

  const env = () => ({ ...lk.env, COUNCIL_CHECK_IN_CODE: 'true' });
  const at = (id: string, p = '') => `/api/council/sessions/${id}${p}`;
  /** The chamber's check-in code as `token` (by default the clerk) is shown it. */
  const checkInCode = (id: string, token = clerk.token) =>
    app.api.get('/api/council/sessions/:id/check-in-code', { params: { id }, token });
  /** A member's own check-in (or the clerk's registering of one) in the sitting `id`. */
  const attend = (id: string, body: { code?: string; userId?: string; present?: boolean }, token: string) =>
    app.api.post('/api/council/sessions/:id/attendance', { params: { id }, body, token });
  /** The clerk's identification of a member in the sitting `id`. */
  const identify = (id: string, userId: string, token = clerk.token) =>
    app.api.post('/api/council/sessions/:id/identifications', { params: { id }, body: { userId }, token });
  /** The sitting as the clerk reads it. */
  const sitting = (id: string) =>
    okView(app.api.get('/api/council/sessions/:id', { params: { id }, token: clerk.token }), 'the sitting');

  /** The sitting's check-in secret, read from the database with the server stopped (PGlite: one process). */
  async function checkInSecret(sittingId: string): Promise<string> {
    const keep = { JWT_SECRET: app.env.JWT_SECRET!, ...env() };
    await app.close({ keepDatabase: true });
    const ds = new DataSource(
      dataSourceOptions({ databaseUrl: app.db.databaseUrl, dataDir: app.db.dataDir }, ENTITIES, MIGRATIONS),
    );
    await ds.initialize();
    try {
      const rows = await ds.query(`SELECT "check_in_secret" FROM "council_sitting_form" WHERE "session_id" = $1`, [
        sittingId,
      ]);
      return rows[0].check_in_secret;
    } finally {
      await ds.destroy();
      app = await TestApp.start({ db: app.db, env: keep });
    }
  }

  /** The clerk registers all but the first `keep` councillors (a quorum without them). */
  async function quorumBut(sittingId: string, keep: number) {
    const users = await app.api.get('/api/admin/users', {
      query: { role: 'councillor', limit: 200 },
      token: (await app.login('admin')).token,
    });
    expectOk(users, 200);
    const mine = new Set(c.slice(0, keep).map((s) => s.user.id));
    const ids = users.body.items.map((u) => u.id).filter((id) => !mine.has(id));
    const res = await app.api.post('/api/council/sessions/:id/attendance/bulk', {
      params: { id: sittingId },
      body: { userIds: ids.slice(0, 40), present: true },
      token: clerk.token,
    });
    expect(res.status).toBe(200);
  }

  beforeAll(async () => {
    lk = await FakeLiveKit.start();
    app = await TestApp.start({ env: env() });
    [clerk, chair, staff] = await Promise.all([app.login('clerk'), app.login('chair'), app.login('servant01')]);
    for (let i = 1; i <= 4; i++) c.push(await app.login(`councillor0${i}`));
    const startsAt = new Date(Date.now() + 3_600_000);
    chamberId = (await openSittingWith(app, { clerk, chair }, { title: 'Заседание в залата', startsAt })).id;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await lk?.close();
  });

  it('the chamber code: only the clerk and the chair see it; a member checks in with the current code, not a stale or missing one', async () => {
    for (const who of [c[0]!, staff])
      expect((await app.get(at(chamberId, '/check-in-code'), { token: who.token })).status).toBe(403);
    const shown = await checkInCode(chamberId);
    expectOk(shown, 200);
    expect(shown.body.code).toMatch(/^\d{6}$/);
    expect(shown.body.stepSeconds).toBe(30);
    expect(Date.parse(shown.body.validUntil) - Date.now()).toBeLessThanOrEqual(30_000);
    expect((await okView(checkInCode(chamberId, chair.token), "the chair's code")).validUntil).toBeDefined();

    const missing = await attend(chamberId, {}, c[0]!.token);
    expectError(missing, 400, 'check_in_code_required');
    const malformed = await app.post(at(chamberId, '/attendance'), { code: '12ab56' }, { token: c[0]!.token });
    expect(malformed.status).toBe(400);

    // Earlier steps' codes, computed from the sitting's secret: older than the previous step is stale.
    const secret = await checkInSecret(chamberId);
    const step = checkInStep(new Date());
    for (const back of [2, 3, 40]) {
      const stale = await attend(chamberId, { code: checkInCodeAt(secret, step - back) }, c[0]!.token);
      expectError(stale, 403, 'invalid_check_in_code');
    }
    const before = await sitting(chamberId);
    expect(before.attendance.some((a) => a.member.id === c[0]!.user.id && a.present)).toBe(false);

    // The code the chamber shows now (a step change meanwhile leaves it the previous one: still accepted).
    const now = await okView(checkInCode(chamberId), 'the code');
    const ok = await attend(chamberId, { code: now.code }, c[0]!.token);
    expectOk(ok, 200);
    expect(ok.body.attendance.some((a) => a.member.id === c[0]!.user.id && a.present)).toBe(true);
    // The clerk still registers a member without any code; checking out needs none.
    expect((await attend(chamberId, { userId: c[1]!.user.id }, clerk.token)).status).toBe(200);
    expect((await attend(chamberId, { present: false }, c[0]!.token)).status).toBe(200);
    // A chamber sitting is not remote, and has nobody to identify.
    expect(ok.body.form).toMatchObject({ remote: false, emergencyReference: null });
    const notRemote = await identify(chamberId, c[1]!.user.id);
    expectError(notRemote, 409, 'not_remote');
  }, 60_000);

  it('the chamber’s screen shows the check-in code and the next one when it changes', async () => {
    const made = await app.api.post('/api/council/sessions/:id/display-tokens', {
      params: { id: chamberId },
      body: { label: 'Зала' },
      token: clerk.token,
    });
    expectOk(made, 201);
    const socket = io(`${app.url}/display`, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: made.body.token },
      reconnection: false,
      forceNew: true,
    });
    const codes: { code: string; expiresAt: string }[] = [];
    socket.on('display.state', (st: { checkIn: { code: string; expiresAt: string } | null }) => {
      if (st.checkIn) codes.push(st.checkIn);
    });
    const until = async (ok: () => boolean, ms: number) => {
      for (const end = Date.now() + ms; !ok(); await new Promise((r) => setTimeout(r, 50)))
        if (Date.now() > end) throw new Error(`no such state; codes: ${JSON.stringify(codes)}`);
    };
    try {
      await until(() => codes.length > 0, 10_000);
      // The code the clerk sees for the same step.
      const shown = await okView(checkInCode(chamberId), 'the code');
      if (shown.validUntil === codes[0]!.expiresAt) expect(codes[0]!.code).toBe(shown.code);
      // With no event of the sitting, the screen gets the next code when this one expires.
      await until(() => codes.some((x) => x.expiresAt > codes[0]!.expiresAt), 35_000);
      const next = codes.find((x) => x.expiresAt > codes[0]!.expiresAt)!;
      expect(Date.parse(next.expiresAt) - Date.parse(codes[0]!.expiresAt)).toBe(30_000);
    } finally {
      socket.close();
    }
  }, 60_000);

  it('the chair declares a sitting remote only with the emergency reference; others may not', async () => {
    const startsAt = new Date(Date.now() + 4 * 3_600_000);
    const made = await openSittingWith(
      app,
      { clerk, chair },
      {
        title: 'Заседание от разстояние',
        startsAt,
        agenda: [
          { title: 'Открито гласуване', voteMode: 'open', majority: 'present' },
          { title: 'Тайно гласуване', voteMode: 'secret', majority: 'present' },
        ],
      },
    );
    remoteId = made.id;
    remoteItems = made.items;
    for (const body of [
      {},
      { emergencyReference: '' },
      { emergencyReference: '   ' },
      { emergencyReference: 'x'.repeat(1001) },
      { emergencyReference: EMERGENCY, extra: 1 },
    ]) {
      const bad = await app.post<ErrorBody>(at(remoteId, '/remote'), body, { token: chair.token });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('validation_failed');
    }
    for (const who of [c[0]!, clerk])
      expect(
        (await app.post(at(remoteId, '/remote'), { emergencyReference: EMERGENCY }, { token: who.token })).status,
      ).toBe(403);
    expect((await sitting(remoteId)).form!.remote).toBe(false);

    const declare = () =>
      app.api.post('/api/council/sessions/:id/remote', {
        params: { id: remoteId },
        body: { emergencyReference: EMERGENCY },
        token: chair.token,
      });
    const declared = await declare();
    expectOk(declared, 200);
    expect(declared.body).toMatchObject({
      remote: true,
      emergencyReference: EMERGENCY,
      declaredBy: { id: chair.user.id },
    });
    const again = await declare();
    expectError(again, 409, 'already_remote');
    // The public page says it is remote, and on what grounds (the identifications are not there).
    const pub = await okView(
      app.api.get('/api/public/council/sessions/:id', { params: { id: remoteId } }),
      'the public sitting',
    );
    expect(pub.form).toMatchObject({ remote: true, emergencyReference: EMERGENCY });
    expect(pub.form!.identifications).toBeUndefined();
  });

  it('in a remote sitting a member checks in only with the camera on in its video (the code does not replace it)', async () => {
    const room = `council-${remoteId}`;
    const code = (await okView(checkInCode(remoteId), 'the code')).code;
    const refused = await attend(remoteId, { code }, c[2]!.token);
    expectError(refused, 403, 'camera_required');
    // Joined, microphone only: still no.
    const joined = await app.api.post('/api/council/sessions/:id/video/join', {
      params: { id: remoteId },
      body: {},
      token: c[2]!.token,
    });
    expectOk(joined, 200);
    expect(joined.body.canPublish).toBe(true); // every present member may show their camera
    const p = lk.addParticipant(room, c[2]!.user.id);
    expectError(await attend(remoteId, {}, c[2]!.token), 403, 'camera_required');
    // A camera published but muted: no.
    p.tracks.push({ sid: 'TR_camera', muted: true, type: 'VIDEO', source: 'CAMERA' });
    expectError(await attend(remoteId, {}, c[2]!.token), 403, 'camera_required');
    p.tracks.find((t) => t.sid === 'TR_camera')!.muted = false;
    const ok = await attend(remoteId, {}, c[2]!.token);
    expect(ok.status).toBe(200);
    expect(lk.callsOf('ListParticipants').some((x) => x.body.room === room)).toBe(true);
  });

  it('the clerk identifies each member by sight and voice (recorded with time and by whom)', async () => {
    const notPresent = await identify(remoteId, c[3]!.user.id);
    expectError(notPresent, 409, 'not_present');
    expect((await identify(remoteId, c[2]!.user.id, c[0]!.token)).status).toBe(403);
    expect((await app.post(at(remoteId, '/identifications'), { userId: 'nope' }, { token: clerk.token })).status).toBe(
      400,
    );
    const before = Date.now();
    const done = await identify(remoteId, c[2]!.user.id);
    expectOk(done, 200);
    expect(done.body.identifications).toEqual([
      {
        member: expect.objectContaining({ id: c[2]!.user.id }),
        confirmedBy: expect.objectContaining({ id: clerk.user.id }),
        confirmedAt: expect.any(String),
      },
    ]);
    expect(Date.parse(done.body.identifications![0]!.confirmedAt)).toBeGreaterThanOrEqual(before - 1000);
    expectError(await identify(remoteId, c[2]!.user.id), 409, 'already_identified');
    const inner = await okView(
      app.api.get('/api/council/sessions/:id', { params: { id: remoteId }, token: c[0]!.token }),
      'the sitting as a member reads it',
    );
    expect(inner.form!.identifications).toHaveLength(1);
  });

  it('the chair gives the microphone for the identification call and takes it back (the camera stays)', async () => {
    const mic = (grant: boolean, id = remoteId, token = chair.token) =>
      app.api.post('/api/council/sessions/:id/video/microphone', {
        params: { id },
        body: { userId: c[2]!.user.id, purpose: 'identification', grant },
        token,
      });
    expect((await mic(true, remoteId, c[0]!.token)).status).toBe(403);
    expectError(await mic(true, chamberId), 409, 'not_remote');
    const bad = await app.post(
      at(remoteId, '/video/microphone'),
      { userId: c[2]!.user.id, purpose: 'chat', grant: true },
      { token: chair.token },
    );
    expect(bad.status).toBe(400);
    const mark = lk.callsOf('UpdateParticipant').length;
    expect((await mic(true)).status).toBe(204);
    expect((await mic(false)).status).toBe(204);
    const calls = lk.callsOf('UpdateParticipant').slice(mark);
    expect(calls.map((x) => [x.body.identity, [...(x.body.permission.canPublishSources ?? [])].sort()])).toEqual([
      [c[2]!.user.id, ['CAMERA', 'MICROPHONE']],
      [c[2]!.user.id, ['CAMERA']],
    ]);
    // Someone not in the video: 404.
    const absent = await app.post(
      at(remoteId, '/video/microphone'),
      { userId: c[3]!.user.id, purpose: 'roll_call', grant: true },
      { token: chair.token },
    );
    expect(absent.status).toBe(404);
  });

  it('every open vote is taken by name and read back to the voter; a secret vote stays secret', async () => {
    await quorumBut(remoteId, 4);
    // The sitting’s first vote adopts its agenda (issue 15): in a remote sitting only members the
    // clerk identified vote, so the clerk identifies 30 of those present (a majority), who adopt it.
    const inHall = (await sitting(remoteId)).attendance
      .filter((a) => a.present && a.member.id !== c[2]!.user.id)
      .map((a) => a.member.id);
    const identified = inHall.slice(0, 30);
    for (const userId of identified) expect((await identify(remoteId, userId)).status).toBe(200);
    await adoptAgenda(app, remoteId, { clerk, chair }, identified);
    const openVote = (itemId: string) =>
      app.api.post('/api/council/sessions/:id/votes', {
        params: { id: remoteId },
        body: { itemId },
        token: chair.token,
      });
    const ballot = (voteId: string, body: { choice: 'for' | 'against'; userId?: string }, token: string) =>
      app.api.post('/api/council/votes/:id/ballots', { params: { id: voteId }, body, token });
    const open = await openVote(remoteItems[0]!.id);
    expectOk(open, 201);
    expect(open.body.mode).toBe('roll_call');
    // Present but not identified by the clerk: no vote, by themself or entered by the clerk.
    const other = (await sitting(remoteId)).attendance.find(
      (a) => a.present && a.member.id !== c[2]!.user.id && !identified.includes(a.member.id),
    )!.member.id;
    const unidentified = await ballot(open.body.id, { userId: other, choice: 'for' }, clerk.token);
    expectError(unidentified, 403, 'not_identified');
    const cast = await ballot(open.body.id, { choice: 'against' }, c[2]!.token);
    expectOk(cast, 201);
    expect(cast.body.mine).toEqual({ voted: true, choice: 'against' });
    const closed = await app.api.post('/api/council/votes/:id/close', {
      params: { id: open.body.id },
      token: chair.token,
    });
    expectOk(closed, 200);
    expect(closed.body.roll!.some((r) => r.member.id === c[2]!.user.id && r.choice === 'against')).toBe(true);

    expect(
      (await app.post(at(remoteId, `/items/${remoteItems[1]!.id}/activate`), {}, { token: chair.token })).status,
    ).toBe(200);
    const secret = await openVote(remoteItems[1]!.id);
    expectOk(secret, 201);
    expect(secret.body.mode).toBe('secret');
    const mine = await ballot(secret.body.id, { choice: 'for' }, c[2]!.token);
    expectOk(mine, 201);
    expect(mine.body.mine?.voted).toBe(true);
    const shut = await okView(
      app.api.post('/api/council/votes/:id/close', { params: { id: secret.body.id }, body: {}, token: chair.token }),
      'closing the secret vote',
    );
    expect(shut.roll).toBeNull();

    // An election in a remote sitting: in the portal only (nobody is in the hall to cast a paper
    // ballot), and only by members the clerk identified.
    const election = { itemId: remoteItems[1]!.id, office: 'Председател на комисия', candidateIds: [c[2]!.user.id] };
    const openElection = (mode?: 'paper') =>
      app.api.post('/api/council/sessions/:id/elections', {
        params: { id: remoteId },
        body: mode ? { ...election, mode } : election,
        token: chair.token,
      });
    const paper = await openElection('paper');
    expectError(paper, 409, 'wrong_mode');
    const round = await openElection();
    expectOk(round, 201);
    const admin = await app.login('admin');
    const users = (
      await okView(
        app.api.get('/api/admin/users', { query: { role: 'councillor', limit: 200 }, token: admin.token }),
        'the councillors',
      )
    ).items;
    const present = (await sitting(remoteId)).attendance
      .filter((a) => a.present && a.member.id !== c[2]!.user.id && !identified.includes(a.member.id))
      .map((a) => a.member.id);
    const stranger = await app.login(users.find((u) => u.id === present[0])!.username);
    const elect = (token: string) =>
      app.api.post('/api/council/elections/:id/ballots', {
        params: { id: round.body.id },
        body: { candidateId: c[2]!.user.id },
        token,
      });
    const refused = await elect(stranger.token);
    expectError(refused, 403, 'not_identified');
    const electionBallot = await elect(c[2]!.token);
    expectOk(electionBallot, 201);
    expect(electionBallot.body.mine).toEqual({ voted: true, candidateId: c[2]!.user.id });
    expect((await app.post(`/api/council/elections/${round.body.id}/close`, {}, { token: chair.token })).status).toBe(
      200,
    );
  });

  it('the minutes state the remote form, the emergency reference and how members were identified', async () => {
    expect((await app.post(at(remoteId, '/close'), {}, { token: chair.token })).status).toBe(200);
    // After the close nobody checks in: the sitting's state is the answer, not the missing code.
    const late = await attend(remoteId, {}, c[0]!.token);
    expectError(late, 409, 'session_not_open');
    const minutes = await app.get<string>(at(remoteId, '/minutes?format=html'), { token: clerk.token });
    expect(minutes.status).toBe(200);
    const text = String(minutes.body);
    expect(text).toContain('чл. 28а ЗМСМА');
    expect(text).toContain('извънредна епидемична обстановка');
    expect(text).toMatch(/Самоличността на участващите е установена по образ и глас/);
    const name = (await sitting(remoteId)).form!.identifications![0]!.member.displayName;
    expect(text).toContain(name);
    // A sitting in the chamber's minutes say nothing of a remote form.
    const chamber = await app.get<string>(at(chamberId, '/minutes?format=html'), { token: clerk.token });
    expect(String(chamber.body)).not.toContain('чл. 28а');
  });
});

describe('without LiveKit a remote sitting cannot be declared', () => {
  let app: TestApp;
  afterAll(async () => app?.close());

  it('409 remote_needs_video, and the sitting stays in the chamber', async () => {
    app = await TestApp.start();
    const [clerk, chair] = await Promise.all([app.login('clerk'), app.login('chair')]);
    const s = await openSittingWith(
      app,
      { clerk, chair },
      { title: 'Без видео', startsAt: new Date(Date.now() + 3_600_000) },
    );
    const res = await app.api.post('/api/council/sessions/:id/remote', {
      params: { id: s.id },
      body: { emergencyReference: 'Заповед за извънредно положение' },
      token: chair.token,
    });
    expectError(res, 409, 'remote_needs_video');
    const kept = await okView(
      app.api.get('/api/council/sessions/:id', { params: { id: s.id }, token: clerk.token }),
      'the sitting',
    );
    expect(kept.form!.remote).toBe(false);
  }, 60_000);
});
