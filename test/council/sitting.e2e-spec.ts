import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import type { Ack, BallotChoice } from '../../libs/contracts/src/index.js';
import { expectError, expectOk, ok } from '../support/api.js';
import type { BodyOf } from '../support/api-types.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { adoptAgenda } from '../support/council.js';
import { fieldOf, type EventPayload, type HeardEvent, type ServerEventName } from '../support/events.js';

/**
 * A whole council session over HTTP with the 51 demo councillors (the chair included),
 * a member watching on /realtime and an anonymous citizen on /public.
 */

const pad = (n: number) => String(n).padStart(2, '0');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Records every council.* event a socket receives (each payload as its event's contract says). */
function record(socket: Socket): HeardEvent[] {
  const list: HeardEvent[] = [];
  socket.onAny((event: string, payload: unknown) => {
    if (event.startsWith('council.')) list.push({ event, payload } as HeardEvent);
  });
  return list;
}

/** Resolves with the payload once an `event` whose payload matches `pred` has been received (rejects after `ms`). */
async function waitFor<E extends ServerEventName>(
  list: HeardEvent[],
  event: E,
  pred: (payload: EventPayload<E>) => boolean,
  ms = 5000,
): Promise<EventPayload<E>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = list.find((r) => r.event === event && pred(r.payload as EventPayload<E>));
    if (found) return found.payload as EventPayload<E>;
    if (Date.now() > deadline) throw new Error(`event not received; got ${list.map((r) => r.event).join(', ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function ack(socket: Socket, event: string, payload: unknown): Promise<Ack> {
  return new Promise((resolve) => socket.emit(event, payload, resolve));
}

describe('a council session, end to end', () => {
  let app: TestApp;
  let clerk: SignedIn;
  let chair: SignedIn;
  let admin: SignedIn;
  let staff: SignedIn;
  const c: Record<number, SignedIn> = {};
  let memberSocket: Socket;
  let publicSocket: Socket;
  let memberEvents: HeardEvent[];
  let publicEvents: HeardEvent[];
  let sittingId: string;
  let items: { id: string; title: string; voteMode: string; majority: string }[];
  let lastVersion = 0;

  const login = async (n: number) => (c[n] = await app.login(`councillor${pad(n)}`));

  beforeAll(async () => {
    app = await TestApp.start();
    [clerk, chair, admin, staff] = await Promise.all([
      app.login('clerk'),
      app.login('chair'),
      app.login('admin'),
      app.login('servant01'),
    ]);
    for (let i = 1; i <= 50; i += 5) await Promise.all(range(i, i + 4).map(login));
  }, 180_000);

  afterAll(async () => {
    memberSocket?.close();
    publicSocket?.close();
    await app?.close();
  });

  const sitting = async (token = clerk.token) => {
    const res = await app.api.get('/api/council/sessions/:id', { params: { id: sittingId }, token });
    expectOk(res, 200);
    expect(res.body.version).toBeGreaterThanOrEqual(lastVersion);
    lastVersion = res.body.version;
    return res.body;
  };
  const checkIn = async (s: SignedIn, body: Record<string, unknown> = {}) => {
    const res = await app.api.post('/api/council/sessions/:id/attendance', {
      params: { id: sittingId },
      body,
      token: s.token,
    });
    expectOk(res, 200);
    return res.body;
  };
  const cast = (voteId: string, s: SignedIn, choice: BallotChoice) =>
    app.api.post('/api/council/votes/:id/ballots', { params: { id: voteId }, body: { choice }, token: s.token });
  const castAll = async (voteId: string, voters: SignedIn[], choice: BallotChoice) => {
    for (const s of voters) {
      const res = await cast(voteId, s, choice);
      expectOk(res, 201);
    }
  };
  /** Everyone at once (real parallel requests): no ballot lost, none refused. */
  const castAtOnce = async (voteId: string, ballots: [SignedIn, BallotChoice][]) => {
    const results = await Promise.all(ballots.map(([s, choice]) => cast(voteId, s, choice)));
    expect(results.map((r) => r.status)).toEqual(ballots.map(() => 201));
  };

  it('the clerk creates a draft session in the chamber; others may not', async () => {
    // A regular sitting: more than the council's notice period (7 days) ahead of publishing.
    const startsAt = new Date(Date.now() + 8 * 86_400_000);
    startsAt.setUTCHours(8, 0, 0, 0);
    const body: BodyOf<'POST', '/api/council/sessions'> = {
      title: 'Редовно заседание на Общинския съвет',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString(),
      agenda: [
        { title: 'Бюджет на общината за 2026 г.', rapporteur: 'Кмет', voteMode: 'roll_call', majority: 'all' },
        { title: 'Избор на председател на комисия', voteMode: 'secret', majority: 'present' },
        { title: 'Продажба на общински имот', voteMode: 'open', majority: 'two_thirds_all' },
      ],
    };
    expectError(await app.api.post('/api/council/sessions', { body }), 401);
    for (const s of [staff, c[1]!, chair])
      expectError(await app.api.post('/api/council/sessions', { body, token: s.token }), 403);
    const bad = await app.api.post('/api/council/sessions', { body: { ...body, agenda: [] }, token: clerk.token });
    expectError(bad, 400);
    expect(bad.body).toMatchObject({ code: 'validation_failed' });

    const res = await app.api.post('/api/council/sessions', { body, token: clerk.token });
    expectOk(res, 201);
    expect(res.body.status).toBe('draft');
    expect(res.body).toMatchObject({ publishedAt: null, extraordinary: false, extraordinaryReason: null });
    expect(res.body.items.map((i: { position: number }) => i.position)).toEqual([1, 2, 3]);
    expect(res.body.quorum).toEqual({ present: 0, total: 51, required: 26, reached: false });
    sittingId = res.body.id;
    items = res.body.items;
    lastVersion = res.body.version;

    // It holds the chamber's slot: the meeting is a council_session in the chamber.
    const meeting = await app.api.get('/api/meetings/:id', { params: { id: res.body.meetingId }, token: clerk.token });
    expectOk(meeting, 200);
    expect(meeting.body.kind).toBe('council_session');
    expect(meeting.body.space.kind).toBe('chamber');

    // A draft is not public and not visible to councillors.
    expectError(await app.api.get('/api/public/council/sessions/:id', { params: { id: sittingId } }), 404);
    expectError(await app.api.get('/api/council/sessions/:id', { params: { id: sittingId }, token: c[1]!.token }), 404);
    const list = await app.api.get('/api/council/sessions', { token: c[1]!.token });
    expectOk(list, 200);
    expect(list.body.map((s) => s.id)).not.toContain(sittingId);
  });

  it('publishing (clerk) makes it public; watchers connect on /realtime and /public', async () => {
    for (const s of [chair, c[1]!, staff])
      expectError(
        await app.api.post('/api/council/sessions/:id/publish', {
          params: { id: sittingId },
          body: {},
          token: s.token,
        }),
        403,
      );
    expectError(await app.api.post('/api/council/sessions/:id/publish', { params: { id: sittingId } }), 401);
    const before = Date.now();
    const res = await app.api.post('/api/council/sessions/:id/publish', {
      params: { id: sittingId },
      body: {},
      token: clerk.token,
    });
    expectOk(res, 200);
    expect(res.body.status).toBe('published');
    // The publication time is kept ("обявено на …").
    expect(Date.parse(res.body.publishedAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(res.body.publishedAt!)).toBeLessThanOrEqual(Date.now() + 1000);
    expect(res.body.version).toBeGreaterThan(lastVersion);
    lastVersion = res.body.version;
    expect(
      (
        await app.api.post('/api/council/sessions/:id/publish', {
          params: { id: sittingId },
          body: {},
          token: clerk.token,
        })
      ).body,
    ).toMatchObject({ code: 'invalid_transition' });

    const pub = await app.api.get('/api/public/council/sessions/:id', { params: { id: sittingId } });
    expectOk(pub, 200);
    expect(pub.body.items).toHaveLength(3);
    expect(pub.body.publishedAt).toBe(res.body.publishedAt);
    expect((await ok(app.api.get('/api/public/council/sessions'), 'read')).map((s: { id: string }) => s.id)).toContain(
      sittingId,
    );

    publicSocket = await app.socket(undefined, '/public');
    publicEvents = record(publicSocket);
    expect(await ack(publicSocket, 'council.watch', { sessionId: 'nope' })).toMatchObject({
      ok: false,
      code: 'validation_failed',
    });
    expect(
      await ack(publicSocket, 'council.watch', { sessionId: '00000000-0000-4000-8000-000000000000' }),
    ).toMatchObject({ ok: false, code: 'not_found' });
    expect(await ack(publicSocket, 'council.watch', { sessionId: sittingId })).toEqual({
      ok: true,
      data: { version: expect.any(Number) },
    });

    memberSocket = await app.socket(c[1]!.token, '/realtime');
    memberEvents = record(memberSocket);
    // The ack says the sitting's version now: the same as its snapshot's.
    const snapshot = await ok(
      app.api.get('/api/council/sessions/:id', { params: { id: sittingId }, token: c[1]!.token }),
      'read',
    );
    expect(await ack(memberSocket, 'council.watch', { sessionId: sittingId })).toEqual({
      ok: true,
      data: { version: snapshot.version },
    });
  });

  it('only the chair opens it; the first item becomes current and watchers hear it', async () => {
    for (const s of [clerk, c[1]!, staff])
      expectError(
        await app.api.post('/api/council/sessions/:id/open', { params: { id: sittingId }, body: {}, token: s.token }),
        403,
      );
    const res = await app.api.post('/api/council/sessions/:id/open', {
      params: { id: sittingId },
      body: {},
      token: chair.token,
    });
    expectOk(res, 200);
    expect(res.body.status).toBe('open');
    expect(res.body.currentItemId).toBe(items[0]!.id);
    for (const list of [publicEvents, memberEvents]) {
      const e = await waitFor(list, 'council.session.updated', (p) => p.status === 'open');
      expect(e).toMatchObject({ sessionId: sittingId, version: res.body.version, currentItemId: items[0]!.id });
    }
  });

  it('attendance: self check-in, the clerk for others, live quorum; no vote without quorum', async () => {
    expectError(
      await app.api.post('/api/council/sessions/:id/attendance', {
        params: { id: sittingId },
        body: {},
        token: staff.token,
      }),
      403,
    );
    expectError(
      await app.api.post('/api/council/sessions/:id/attendance', { params: { id: sittingId }, body: {} }),
      401,
    );
    const other = await app.api.post('/api/council/sessions/:id/attendance', {
      params: { id: sittingId },
      body: { userId: c[2]!.user.id },
      token: c[1]!.token,
    });
    expectError(other, 403);
    const notMember = await app.api.post('/api/council/sessions/:id/attendance', {
      params: { id: sittingId },
      body: { userId: staff.user.id },
      token: clerk.token,
    });
    expectError(notMember, 400);
    expect(notMember.body).toMatchObject({ code: 'not_a_member' });

    // The clerk registers councillor50 in the hall; 24 check themselves in: 25 of 51.
    await checkIn(clerk, { userId: c[50]!.user.id });
    for (const n of range(1, 24)) await checkIn(c[n]!);
    let s = await sitting();
    expect(s.quorum).toEqual({ present: 25, total: 51, required: 26, reached: false });
    const noQuorum = await app.api.post('/api/council/sessions/:id/votes', {
      params: { id: sittingId },
      body: { kind: 'agenda' },
      token: chair.token,
    });
    expectError(noQuorum, 409);
    expect(noQuorum.body).toMatchObject({ code: 'no_quorum' });

    // The chair is the 26th: quorum, announced live.
    await checkIn(chair);
    const e = await waitFor(publicEvents, 'council.attendance.updated', (p) => p.quorum.reached);
    expect(e.quorum).toEqual({ present: 26, total: 51, required: 26, reached: true });
    expect(e.member!.id).toBe(chair.user.id);

    // Check out and back in is recorded; then up to 41 present (40..49 stay away).
    await checkIn(c[24]!, { present: false });
    s = await sitting();
    expect(s.quorum.present).toBe(25);
    expect(s.attendance.find((a) => a.member.id === c[24]!.user.id)).toMatchObject({ present: false });
    for (const n of range(24, 39)) await checkIn(c[n]!);
    s = await sitting();
    expect(s.quorum).toEqual({ present: 41, total: 51, required: 26, reached: true });
  });

  it('a declared conflict of interest blocks the ballot; the roll-call vote is named and passes with 26 of all', async () => {
    const [budget] = items;
    expectError(
      await app.api.post('/api/council/sessions/:id/items/:itemId/conflicts', {
        params: { id: sittingId, itemId: budget!.id },
        body: { reason: 'Съпругата ми е изпълнител' },
        token: staff.token,
      }),
      403,
    );
    const conflict = await app.api.post('/api/council/sessions/:id/items/:itemId/conflicts', {
      params: { id: sittingId, itemId: budget!.id },
      body: { reason: 'Съпругата ми е изпълнител' },
      token: c[5]!.token,
    });
    expectOk(conflict, 201);

    // The sitting’s first vote adopts its agenda (issue 15).
    await adoptAgenda(app, sittingId, { clerk, chair });
    for (const s of [clerk, c[1]!, staff])
      expectError(
        await app.api.post('/api/council/sessions/:id/votes', {
          params: { id: sittingId },
          body: { itemId: budget!.id },
          token: s.token,
        }),
        403,
      );
    const notCurrent = await app.api.post('/api/council/sessions/:id/votes', {
      params: { id: sittingId },
      body: { itemId: items[1]!.id },
      token: chair.token,
    });
    expect(notCurrent.body).toMatchObject({ code: 'not_current_item' });
    const opened = await app.api.post('/api/council/sessions/:id/votes', {
      params: { id: sittingId },
      body: { itemId: budget!.id },
      token: chair.token,
    });
    expectOk(opened, 201);
    expect(opened.body).toMatchObject({ mode: 'roll_call', majority: 'all', status: 'open', ballotsCast: 0 });
    const voteId = opened.body.id;
    await waitFor(publicEvents, 'council.vote.opened', (p) => p.vote.id === voteId);
    const again = await app.api.post('/api/council/sessions/:id/votes', {
      params: { id: sittingId },
      body: { itemId: budget!.id },
      token: chair.token,
    });
    expect(again.body).toMatchObject({ code: 'vote_open' });

    const conflicted = await cast(voteId, c[5]!, 'for');
    expectError(conflicted, 403);
    expect(conflicted.body).toMatchObject({ code: 'conflict_of_interest' });
    const absent = await cast(voteId, c[40]!, 'for');
    expectError(absent, 403);
    expect(absent.body).toMatchObject({ code: 'not_present' });
    expect((await cast(voteId, staff, 'for')).status).toBe(403);
    // A choice the contract does not have: sent untyped.
    expect(
      (await app.post(`/api/council/votes/${voteId}/ballots`, { choice: 'maybe' }, { token: c[1]!.token })).status,
    ).toBe(400);

    // The race: one member, two ballots at once -> one ballot counted.
    const race = await Promise.all([cast(voteId, c[1]!, 'for'), cast(voteId, c[1]!, 'against')]);
    expect(race.map((r) => r.status)).toEqual([201, 201]);
    let v = await ok(app.api.get('/api/council/votes/:id', { params: { id: voteId }, token: c[1]!.token }), 'read');
    expect(v.ballotsCast).toBe(1);
    expect(v.roll).toHaveLength(1);
    expect(v.counts!.for + v.counts!.against).toBe(1);

    // A member may change their ballot until close: the last one counts.
    expect((await cast(voteId, c[2]!, 'against')).status).toBe(201);
    await castAll(
      voteId,
      [
        chair,
        ...range(1, 27)
          .filter((n) => n !== 5)
          .map((n) => c[n]!),
      ],
      'for',
    ); // 27 for
    await castAll(
      voteId,
      range(28, 30).map((n) => c[n]!),
      'against',
    ); // 3 against
    await castAll(
      voteId,
      [...range(31, 39), 50].map((n) => c[n]!),
      'abstain',
    ); // 10 abstain
    const live = await waitFor(
      memberEvents,
      'council.vote.updated',
      (p) => p.vote.id === voteId && p.vote.ballotsCast === 40,
    );
    expect(live.vote.counts).toEqual({ for: 27, against: 3, abstain: 10 });

    for (const s of [clerk, c[1]!, staff])
      expectError(
        await app.api.post('/api/council/votes/:id/close', { params: { id: voteId }, body: {}, token: s.token }),
        403,
      );
    const closed = await app.api.post('/api/council/votes/:id/close', {
      params: { id: voteId },
      body: {},
      token: chair.token,
    });
    expectOk(closed, 200);
    expect(closed.body.result).toEqual({
      outcome: 'adopted',
      passed: true,
      counts: { for: 27, against: 3, abstain: 10 },
      seats: 51,
      members: 51,
      present: 41,
      entitled: 40,
      quorumRequired: 26,
      quorumReached: true,
      required: 26,
    });
    const late = await cast(voteId, c[2]!, 'against');
    expectError(late, 409);
    expect(late.body).toMatchObject({ code: 'vote_closed' });
    expect(
      (await app.api.post('/api/council/votes/:id/close', { params: { id: voteId }, body: {}, token: chair.token }))
        .body,
    ).toMatchObject({ code: 'vote_closed' });

    // The named list is public.
    const ev = await waitFor(publicEvents, 'council.vote.closed', (p) => p.vote.id === voteId);
    expect(ev.vote.roll).toHaveLength(40);
    const pub = await ok(app.api.get('/api/public/council/sessions/:id', { params: { id: sittingId } }), 'read');
    const pubVote = pub.votes.find((x) => x.id === voteId);
    expect(pubVote!.roll!.find((e) => e.member.id === c[2]!.user.id)!.choice).toBe('for');
    expect(pubVote!.roll!.find((e) => e.member.id === c[5]!.user.id)).toBeUndefined();
    expect(pub.items[0].conflicts).toHaveLength(1);
    v = await ok(app.api.get('/api/council/votes/:id', { params: { id: voteId }, token: c[30]!.token }), 'read');
    expect(v.mine).toEqual({ voted: true, choice: 'against' });
  });

  it('a secret vote keeps voters and choices apart and shows totals only', async () => {
    const [, election] = items;
    for (const s of [clerk, c[1]!])
      expectError(
        await app.api.post('/api/council/sessions/:id/items/:itemId/activate', {
          params: { id: sittingId, itemId: election!.id },
          body: {},
          token: s.token,
        }),
        403,
      );
    const act = await app.api.post('/api/council/sessions/:id/items/:itemId/activate', {
      params: { id: sittingId, itemId: election!.id },
      body: {},
      token: chair.token,
    });
    expectOk(act, 200);
    expect(act.body.currentItemId).toBe(election!.id);
    const opened = await app.api.post('/api/council/sessions/:id/votes', {
      params: { id: sittingId },
      body: { itemId: election!.id },
      token: chair.token,
    });
    expectOk(opened, 201);
    expect(opened.body).toMatchObject({ mode: 'secret', counts: null, roll: null });
    const voteId = opened.body.id;

    // Two secret ballots at once from one member: both taken, one ballot stored (the later replaces the earlier).
    const race = await Promise.all([cast(voteId, c[1]!, 'against'), cast(voteId, c[1]!, 'against')]);
    expect(race.map((r) => r.status)).toEqual([201, 201]);
    for (const r of race) {
      expectOk(r, 201);
      expect(r.body.mine).toEqual({ voted: true, choice: null });
      expect(r.body.counts).toBeNull();
    }
    expect(
      (await ok(app.api.get('/api/council/votes/:id', { params: { id: voteId }, token: c[1]!.token }), 'read'))
        .ballotsCast,
    ).toBe(1);
    // A secret ballot may be changed until close: the last one counts.
    expect((await cast(voteId, c[1]!, 'for')).status).toBe(201);

    await castAtOnce(voteId, [
      ...[chair, ...range(2, 20).map((n) => c[n]!)].map((v): [SignedIn, BallotChoice] => [v, 'for']), // 21 for
      ...range(21, 35).map((n): [SignedIn, BallotChoice] => [c[n]!, 'against']), // 15 against
      ...[...range(36, 39), 50].map((n): [SignedIn, BallotChoice] => [c[n]!, 'abstain']), // 5 abstain
    ]);
    // councillor21 changes from "against" to "for": 22 for, 14 against.
    const changed = await cast(voteId, c[21]!, 'for');
    expectOk(changed, 201);
    expect(changed.body.ballotsCast).toBe(41);
    const byClerk = await app.api.post('/api/council/votes/:id/ballots', {
      params: { id: voteId },
      body: { choice: 'for', userId: c[40]!.user.id },
      token: clerk.token,
    });
    expectError(byClerk, 403);

    const during = await ok(
      app.api.get('/api/council/votes/:id', { params: { id: voteId }, token: c[21]!.token }),
      'read',
    );
    expect(during).toMatchObject({ ballotsCast: 41, counts: null, roll: null, mine: { voted: true, choice: null } });

    const closed = await app.api.post('/api/council/votes/:id/close', {
      params: { id: voteId },
      body: {},
      token: chair.token,
    });
    expectOk(closed, 200);
    expect(closed.body.result).toMatchObject({
      passed: true,
      counts: { for: 22, against: 14, abstain: 5 },
      present: 41,
      required: 21,
    });
    expect(closed.body.roll).toBeNull();

    // Nothing the API or the live events say about this vote names a member.
    const memberIds = [chair, ...Object.values(c)].map((s) => s.user.id);
    const views = [
      JSON.stringify(
        await ok(app.api.get('/api/council/votes/:id', { params: { id: voteId }, token: clerk.token }), 'read'),
      ),
      JSON.stringify(
        (await ok(app.api.get('/api/public/council/sessions/:id', { params: { id: sittingId } }), 'read')).votes.find(
          (x) => x.id === voteId,
        ),
      ),
      ...[...publicEvents, ...memberEvents]
        .filter((r) => fieldOf(fieldOf(r.payload, 'vote'), 'id') === voteId)
        .map((r) => JSON.stringify(r.payload)),
    ];
    for (const text of views) for (const id of memberIds) expect(text).not.toContain(id);
    // Live events of a secret vote never carry running totals (they would link ballot to voter).
    for (const r of publicEvents)
      if (r.event === 'council.vote.updated' && r.payload.vote.id === voteId) expect(r.payload.vote.counts).toBeNull();
    // The audit log records that a ballot was cast, never the choice.
    const audit = await app.api.get('/api/admin/audit', {
      query: { action: 'council.ballot.cast', targetId: voteId, limit: 100 },
      token: admin.token,
    });
    expectOk(audit, 200);
    // 41 voters; councillor01 cast three times (twice at once, then a change), councillor21 twice.
    expect(audit.body.items.length).toBe(44);
    for (const a of audit.body.items) expect(JSON.stringify(a.details)).not.toMatch(/for|against|abstain/);
    // No log line carries a choice next to this vote or a member (request lines have method, path, status).
    const choice = /"(for|against|abstain)"/;
    const logged = app.output.filter((l) => l.includes(voteId) || memberIds.some((id) => l.includes(id)));
    expect(logged.some((l) => l.includes(`/api/council/votes/${voteId}/ballots`))).toBe(true);
    for (const line of logged) expect(line).not.toMatch(choice);
  });

  it('speakers: ask for the floor, the chair grants and finishes, a request is withdrawn', async () => {
    const ask = await app.api.post('/api/council/sessions/:id/speakers', {
      params: { id: sittingId },
      body: { kind: 'speech' },
      token: c[10]!.token,
    });
    expectOk(ask, 201);
    expect(ask.body).toMatchObject({ kind: 'speech', status: 'requested', itemId: items[1]!.id });
    expect(
      (
        await app.api.post('/api/council/sessions/:id/speakers', {
          params: { id: sittingId },
          body: { kind: 'speech' },
          token: c[10]!.token,
        })
      ).body,
    ).toMatchObject({ code: 'already_requested' });
    // (A reply names the speech it answers: test/council/floor; a procedural point needs none.)
    const reply = await app.api.post('/api/council/sessions/:id/speakers', {
      params: { id: sittingId },
      body: { kind: 'procedural' },
      token: c[11]!.token,
    });
    expectOk(reply, 201);
    expectError(
      await app.api.post('/api/council/sessions/:id/speakers', {
        params: { id: sittingId },
        body: { kind: 'speech' },
        token: staff.token,
      }),
      403,
    );

    expect(
      (
        await app.api.post('/api/council/speakers/:id/grant', {
          params: { id: ask.body.id },
          body: {},
          token: c[10]!.token,
        })
      ).status,
    ).toBe(403);
    const granted = await app.api.post('/api/council/speakers/:id/grant', {
      params: { id: ask.body.id },
      body: {},
      token: chair.token,
    });
    expectOk(granted, 200);
    expect(granted.body.status).toBe('speaking');
    const finished = await app.api.post('/api/council/speakers/:id/finish', {
      params: { id: ask.body.id },
      body: {},
      token: chair.token,
    });
    expectOk(finished, 200);
    expect(finished.body.status).toBe('finished');
    expect(finished.body.seconds).toBeGreaterThanOrEqual(0);
    expect(
      (
        await app.api.post('/api/council/speakers/:id/withdraw', {
          params: { id: reply.body.id },
          body: {},
          token: c[12]!.token,
        })
      ).status,
    ).toBe(403);
    const withdrawn = await app.api.post('/api/council/speakers/:id/withdraw', {
      params: { id: reply.body.id },
      body: {},
      token: c[11]!.token,
    });
    expectOk(withdrawn, 200);
    expect(withdrawn.body.status).toBe('withdrawn');

    const list = await app.api.get('/api/council/sessions/:id/speakers', {
      params: { id: sittingId },
      token: staff.token,
    });
    expectOk(list, 200);
    expect(list.body.map((s) => s.status)).toEqual(['finished', 'withdrawn']);
    const e = await waitFor(publicEvents, 'council.speakers.updated', (p) =>
      p.speakers.some((s) => s.status === 'withdrawn'),
    );
    expect(e.speakers).toHaveLength(2);
    // A citizen who opens the public page later sees the same list without an event.
    const pub = await ok(app.api.get('/api/public/council/sessions/:id', { params: { id: sittingId } }), 'read');
    expect(pub.speakers!.map((s) => [s.member.displayName, s.status])).toEqual(
      list.body.map((s) => [s.member.displayName, s.status]),
    );
  });

  it('the state survives a restart in the middle of a vote', async () => {
    const [, , property] = items;
    expectOk(
      await app.api.post('/api/council/sessions/:id/items/:itemId/activate', {
        params: { id: sittingId, itemId: property!.id },
        body: {},
        token: chair.token,
      }),
      200,
    );
    const opened = await app.api.post('/api/council/sessions/:id/votes', {
      params: { id: sittingId },
      body: { itemId: property!.id },
      token: chair.token,
    });
    expectOk(opened, 201);
    const voteId = opened.body.id;
    await castAll(voteId, [chair, ...range(1, 15).map((n) => c[n]!)], 'for'); // 16 before the restart
    const before = await sitting();

    memberSocket.close();
    publicSocket.close();
    const env = { JWT_SECRET: app.env.JWT_SECRET };
    await app.close({ keepDatabase: true });
    app = await TestApp.start({ db: app.db, env });

    const after = await sitting();
    expect(after).toMatchObject({ status: 'open', version: before.version, currentItemId: property!.id });
    expect(after.quorum).toEqual(before.quorum);
    publicSocket = await app.socket(undefined, '/public');
    publicEvents = record(publicSocket);
    expect(await ack(publicSocket, 'council.watch', { sessionId: sittingId })).toEqual({
      ok: true,
      data: { version: expect.any(Number) },
    });

    // The clerk records a hand vote in the hall for two members; a member cannot vote for another.
    const forOther = await app.api.post('/api/council/votes/:id/ballots', {
      params: { id: voteId },
      body: { choice: 'for', userId: c[16]!.user.id },
      token: c[17]!.token,
    });
    expectError(forOther, 403);
    for (const n of [16, 17]) {
      const recorded = await app.api.post('/api/council/votes/:id/ballots', {
        params: { id: voteId },
        body: { choice: 'for', userId: c[n]!.user.id },
        token: clerk.token,
      });
      expectOk(recorded, 201);
      expect(recorded.body.mine).toEqual({ voted: true, choice: 'for' });
    }
    await castAll(
      voteId,
      range(18, 32).map((n) => c[n]!),
      'for',
    ); // 33 for in all
    await castAll(
      voteId,
      [...range(33, 39), 50].map((n) => c[n]!),
      'against',
    ); // 8 against
    const closed = await app.api.post('/api/council/votes/:id/close', {
      params: { id: voteId },
      body: {},
      token: chair.token,
    });
    expectOk(closed, 200);
    expect(closed.body.result).toEqual({
      outcome: 'rejected',
      passed: false,
      counts: { for: 33, against: 8, abstain: 0 },
      seats: 51,
      members: 51,
      present: 41,
      entitled: 41,
      quorumRequired: 26,
      quorumReached: true,
      required: 34,
    });
    await waitFor(publicEvents, 'council.vote.closed', (p) => p.vote.id === voteId);
  });

  it('pause, resume (quorum announced again) and close; nothing is taken after close', async () => {
    for (const s of [clerk, c[1]!])
      expectError(
        await app.api.post('/api/council/sessions/:id/pause', { params: { id: sittingId }, body: {}, token: s.token }),
        403,
      );
    expect(
      (
        await ok(
          app.api.post('/api/council/sessions/:id/pause', {
            params: { id: sittingId },
            body: {},
            token: chair.token,
          }),
          'read',
        )
      ).status,
    ).toBe('paused');
    const ballotless = await app.api.post('/api/council/sessions/:id/votes', {
      params: { id: sittingId },
      body: { itemId: items[2]!.id },
      token: chair.token,
    });
    expect(ballotless.body).toMatchObject({ code: 'session_not_open' });
    expect(
      (
        await ok(
          app.api.post('/api/council/sessions/:id/resume', {
            params: { id: sittingId },
            body: {},
            token: chair.token,
          }),
          'read',
        )
      ).status,
    ).toBe('open');
    await waitFor(publicEvents, 'council.attendance.updated', (p) => p.member === null);
    for (const s of [clerk, c[1]!, staff])
      expectError(
        await app.api.post('/api/council/sessions/:id/close', { params: { id: sittingId }, body: {}, token: s.token }),
        403,
      );
    const closed = await app.api.post('/api/council/sessions/:id/close', {
      params: { id: sittingId },
      body: {},
      token: chair.token,
    });
    expectOk(closed, 200);
    expect(closed.body.status).toBe('closed');
    const late = await app.api.post('/api/council/sessions/:id/attendance', {
      params: { id: sittingId },
      body: {},
      token: c[45]!.token,
    });
    expectError(late, 409);
    await waitFor(publicEvents, 'council.session.updated', (p) => p.status === 'closed');
  });

  it('minutes from the record: JSON and HTML with the agenda in Cyrillic and the named vote', async () => {
    // Members of the body read the draft (issue 14: the review period); others do not.
    expectOk(
      await app.api.get('/api/council/sessions/:id/minutes', { params: { id: sittingId }, token: c[1]!.token }),
      200,
    );
    expectError(
      await app.api.get('/api/council/sessions/:id/minutes', { params: { id: sittingId }, token: staff.token }),
      403,
    );
    expectError(await app.api.get('/api/council/sessions/:id/minutes', { params: { id: sittingId } }), 401);
    const json = await app.api.get('/api/council/sessions/:id/minutes', {
      params: { id: sittingId },
      query: { format: 'json' },
      token: clerk.token,
    });
    expectOk(json, 200);
    expect(json.body.session.items.map((i) => i.title)).toContain('Бюджет на общината за 2026 г.');
    // The agenda's adoption first (a show of hands: counted, not named), then the three items.
    expect(json.body.votes.map((v) => v.kind)).toEqual(['agenda', 'decision', 'decision', 'decision']);
    expect(json.body.votes[0]!.roll).toBeNull();
    expect(json.body.votes[1]!.roll).toHaveLength(40);
    expect(json.body.votes[2]!.roll).toBeNull();
    expect(json.body.conflicts).toHaveLength(1);
    expect(json.body.attendance.filter((a) => a.present)).toHaveLength(41);
    // HTML: an untyped call.
    const html = await app.get(`/api/council/sessions/${sittingId}/minutes?format=html`, { token: chair.token });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.body).toContain('Бюджет на общината за 2026 г.');
    expect(html.body).toContain('Решението е прието.');
    expect(html.body).toContain('Решението не е прието.');
    expect(html.body).toContain(c[2]!.user.displayName);
  });
});
