import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import type {
  BulkAttendanceRequest,
  CouncilAttendanceUpdatedEvent,
  CouncilSessionView,
} from '../../libs/contracts/src/index.js';
import { expectError, expectOk, ok, type ErrorBody } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { EXTRAORDINARY_REASON, openSitting } from '../support/council.js';
import { expectNothingBefore } from '../support/marker.js';

/**
 * The clerk registers several members at once (issue 22, item 6):
 * `POST /api/council/sessions/:id/attendance/bulk {userIds, present}`. All or nothing, only
 * the clerk (and the administrator), only while attendance is taken; each member changed is
 * audited and announced live as the single route does, and `changed` is exactly what an undo
 * reverses.
 */
describe('the clerk registers several members at once', () => {
  let app: TestApp;
  let clerk: SignedIn;
  let chair: SignedIn;
  let admin: SignedIn;
  let staff: SignedIn;
  const c: SignedIn[] = [];
  let sittingId: string;
  let watcher: Socket;
  const events: CouncilAttendanceUpdatedEvent[] = [];

  beforeAll(async () => {
    app = await TestApp.start();
    [clerk, chair, admin, staff] = await Promise.all([
      app.login('clerk'),
      app.login('chair'),
      app.login('admin'),
      app.login('servant01'),
    ]);
    for (const n of [1, 2, 3, 4, 5]) c.push(await app.login(`councillor0${n}`));
    const at = new Date(Date.now() + 2 * 86_400_000);
    at.setUTCHours(8, 0, 0, 0);
    sittingId = await openSitting(app, { clerk, chair }, 'Регистрация на група', at);
    watcher = await app.socket(undefined, '/public');
    watcher.on('council.attendance.updated', (e: CouncilAttendanceUpdatedEvent) => events.push(e));
    const watched = await new Promise((resolve) => watcher.emit('council.watch', { sessionId: sittingId }, resolve));
    expect(watched).toEqual({ ok: true, data: { version: expect.any(Number) } });
  }, 180_000);

  afterAll(async () => {
    watcher?.close();
    await app?.close();
  });

  const params = () => ({ id: sittingId });
  const bulk = (body: BulkAttendanceRequest, s: SignedIn | null = clerk, id = sittingId) =>
    app.api.post('/api/council/sessions/:id/attendance/bulk', { params: { id }, body, token: s?.token });
  const view = () => ok(app.api.get('/api/council/sessions/:id', { params: params(), token: clerk.token }), 'sitting');
  const presentIds = (v: CouncilSessionView) =>
    new Set<string>(v.attendance.filter((a) => a.present).map((a) => a.member.id));
  const audit = async (action: string) =>
    (
      await ok(
        app.api.get('/api/admin/audit', { query: { action, targetId: sittingId, limit: 500 }, token: admin.token }),
        'audit',
      )
    ).items.filter((r) => r.details?.bulk);
  const ids = (...n: number[]) => n.map((i) => c[i - 1]!.user.id);
  /**
   * Runs a registration that must announce nothing, and proves no announcement came. The
   * marker is a round trip on the watching socket: the route publishes its attendance events
   * before it answers (each `announceAttendance` is awaited, and the relay emits at once), and
   * the socket asks to watch again only after the answer, so the server's acknowledgement goes
   * out on the socket after any event the registration sent.
   */
  const registerSilently = <T>(register: () => Promise<T>): Promise<T> => {
    let result: T;
    return expectNothingBefore(
      watcher,
      { event: 'council.attendance.updated' },
      {
        trigger: async () => {
          const ack = await watcher.timeout(5000).emitWithAck('council.watch', { sessionId: sittingId });
          expect(ack).toEqual({ ok: true, data: { version: expect.any(Number) } });
        },
      },
      async () => (result = await register()),
    ).then(() => result);
  };

  it('only the clerk and the administrator; bad input is refused before anything happens', async () => {
    const body = { userIds: ids(1), present: true };
    expectError(await bulk(body, null), 401);
    for (const s of [c[0]!, chair, staff]) {
      const res = await bulk(body, s);
      expect([s.user.username, res.status]).toEqual([s.user.username, 403]);
    }
    // The last of these breaks the contract (no `present`): sent untyped, as all three are.
    for (const bad of [{ userIds: [], present: true }, { userIds: ['nope'], present: true }, { userIds: ids(1) }])
      expect(
        (await app.post<ErrorBody>(`/api/council/sessions/${sittingId}/attendance/bulk`, bad, { token: clerk.token }))
          .body.code,
      ).toBe('validation_failed');
    expectError(await bulk(body, clerk, '00000000-0000-4000-8000-000000000000'), 404);
    expect(presentIds(await view()).size).toBe(0);
  });

  it('all or nothing: one id that is not a member (or no one) registers nobody', async () => {
    const before = await view();
    const unknown = '00000000-0000-4000-8000-000000000001';
    const res = await registerSilently(() => bulk({ userIds: [...ids(1, 2), staff.user.id, unknown], present: true }));
    expectError(res, 400, 'not_a_member');
    expect(res.body.details).toMatchObject({ userIds: [staff.user.id, unknown] });
    const after = await view();
    expect(after.version).toBe(before.version);
    expect(presentIds(after).size).toBe(0);
    expect(events).toHaveLength(0);
    expect(await audit('council.attendance.checked_in')).toHaveLength(0);
  });

  it('registers the members present: one audit line and one live event each, the quorum with them', async () => {
    const before = await view();
    const res = await bulk({ userIds: [...ids(1, 2, 3), ...ids(2)], present: true });
    expectOk(res, 200);
    expect(res.body.changed).toEqual(ids(1, 2, 3));
    expect(res.body.session.quorum).toMatchObject({ present: 3, total: 51, required: 26, reached: false });
    expect(presentIds(res.body.session)).toEqual(new Set(ids(1, 2, 3)));
    expect(res.body.session.version).toBe(before.version + 3);

    // The marker, as in registerSilently: the route sent its events before it answered, so a
    // watch asked now is acknowledged on the socket after all of them; no more can come later.
    expect(await watcher.timeout(5000).emitWithAck('council.watch', { sessionId: sittingId })).toEqual({
      ok: true,
      data: { version: expect.any(Number) },
    });
    // One event per member, in order, each with its own version; each carries the quorum as it
    // is when sent (after the whole registration).
    expect(events.map((e) => [e.member?.id, e.present, e.version, e.quorum.present])).toEqual([
      [ids(1)[0], true, before.version + 1, 3],
      [ids(2)[0], true, before.version + 2, 3],
      [ids(3)[0], true, before.version + 3, 3],
    ]);

    const lines = await audit('council.attendance.checked_in');
    expect(lines.map((l) => l.details.userId).sort()).toEqual(ids(1, 2, 3).sort());
    for (const l of lines) {
      expect(l.actorId).toBe(clerk.user.id);
      expect(l.details).toMatchObject({ byClerk: true, bulk: true });
    }
  });

  it('changes only those not so already; the undo reverses exactly those', async () => {
    events.length = 0;
    // councillor04 checks in on their own; the clerk then registers 1–5: only 5 is new.
    expectOk(
      await app.api.post('/api/council/sessions/:id/attendance', { params: params(), body: {}, token: c[3]!.token }),
      200,
    );
    const res = await bulk({ userIds: ids(1, 2, 3, 4, 5), present: true });
    expectOk(res, 200);
    expect(res.body.changed).toEqual(ids(5));

    const undo = await bulk({ userIds: res.body.changed, present: false });
    expectOk(undo, 200);
    expect(undo.body.changed).toEqual(ids(5));
    expect(presentIds(undo.body.session)).toEqual(new Set(ids(1, 2, 3, 4)));
    const out = await audit('council.attendance.checked_out');
    expect(out.map((l) => l.details.userId)).toEqual(ids(5));

    // Nothing to change: nothing happens (no version, no event).
    const before = await view();
    const again = await registerSilently(() => bulk({ userIds: ids(5), present: false }));
    expectOk(again, 200);
    expect(again.body.changed).toEqual([]);
    expect((await view()).version).toBe(before.version);
    expect(events.map((e) => [e.member?.id, e.present])).toEqual([
      [ids(4)[0], true],
      [ids(5)[0], true],
      [ids(5)[0], false],
    ]);
  });

  it('the administrator may too; never in a closed sitting or a draft', async () => {
    const res = await bulk({ userIds: ids(5), present: true }, admin);
    expectOk(res, 200);
    expect(res.body.changed).toEqual(ids(5));

    expectOk(
      await app.api.post('/api/council/sessions/:id/close', { params: params(), body: {}, token: chair.token }),
      200,
    );
    const before = await view();
    const closed = await bulk({ userIds: ids(1, 5), present: false });
    expectError(closed, 409, 'session_not_open');
    expect((await view()).version).toBe(before.version);

    const at = new Date(Date.now() + 3 * 86_400_000);
    at.setUTCHours(8, 0, 0, 0);
    const draft = await app.api.post('/api/council/sessions', {
      body: {
        title: 'Чернова',
        startsAt: at.toISOString(),
        endsAt: new Date(at.getTime() + 3_600_000).toISOString(),
        agenda: [{ title: 'Точка', voteMode: 'open', majority: 'present' }],
        extraordinary: true,
        extraordinaryReason: EXTRAORDINARY_REASON,
      },
      token: clerk.token,
    });
    expectOk(draft, 201);
    const inDraft = await bulk({ userIds: ids(1), present: true }, clerk, draft.body.id);
    expectError(inDraft, 409, 'session_not_open');
  });
});
