import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type {
  AgendaItemView,
  BallotChoice,
  CouncilBodyView,
  CouncilSessionView,
} from '../../libs/contracts/src/index.js';
import { expectError, expectOk, ok } from '../support/api.js';
import type { BodyOf } from '../support/api-types.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { freshDatabase } from '../support/database.js';
import { adoptAgenda, EXTRAORDINARY_REASON } from '../support/council.js';

/**
 * Bodies: the council (always there, all councillors, chaired by the council_chair) and the
 * standing committees the clerk makes; a committee meeting counts its quorum and majorities
 * from the committee's size and is chaired by the committee's chair. Also: the clerk edits a
 * draft (not once published) and the chair orders the speakers' queue.
 */
const pad = (n: number) => String(n).padStart(2, '0');

describe('council bodies, committee meetings, drafts and the speakers queue', () => {
  let app: TestApp;
  let clerk: SignedIn;
  let chair: SignedIn;
  let admin: SignedIn;
  let staff: SignedIn;
  const c: Record<number, SignedIn> = {};
  let committee: CouncilBodyView;
  let hallId: string;
  let meetingId: string;
  let committeeSitting: CouncilSessionView;

  const at = (days: number, hour = 9) => {
    const d = new Date(Date.now() + days * 86_400_000);
    d.setUTCHours(hour, 0, 0, 0);
    return d;
  };

  beforeAll(async () => {
    app = await TestApp.start();
    [clerk, chair, admin, staff] = await Promise.all([
      app.login('clerk'),
      app.login('chair'),
      app.login('admin'),
      app.login('servant01'),
    ]);
    for (const n of [1, 2, 3, 4, 5, 6, 7, 10]) c[n] = await app.login(`councillor${pad(n)}`);
    const halls = await ok(app.api.get('/api/halls', { token: clerk.token }), 'halls');
    hallId = halls.find((h) => h.kind === 'hall')!.id;
  }, 120_000);

  afterAll(() => app?.close());

  it('the council body always exists: all 51 councillors, chaired by the council_chair', async () => {
    expectError(await app.api.get('/api/council/bodies'), 401);
    const res = await app.api.get('/api/council/bodies', { token: staff.token });
    expectOk(res, 200);
    const [council] = res.body;
    expect(council).toMatchObject({ kind: 'council', name: 'Общински съвет', chairId: chair.user.id });
    expect(council!.members).toHaveLength(51);
    expect(council!.members.map((m) => m.id)).toContain(chair.user.id);
    expect(council!.members.map((m) => m.id)).not.toContain(clerk.user.id);
    const pub = await app.api.get('/api/public/council/bodies');
    expectOk(pub, 200);
    expect(pub.body).toEqual(res.body);
  });

  it('the clerk makes a committee of councillors; others may not; bad members are refused', async () => {
    const body = {
      name: 'Постоянна комисия по образование',
      memberIds: [1, 2, 3, 4, 5].map((n) => c[n]!.user.id),
      chairId: c[1]!.user.id,
    };
    for (const s of [staff, c[1]!, chair])
      expectError(await app.api.post('/api/council/bodies', { body, token: s.token }), 403);
    const notCouncillor = await app.api.post('/api/council/bodies', {
      body: { ...body, memberIds: [...body.memberIds, staff.user.id] },
      token: clerk.token,
    });
    expectError(notCouncillor, 400, 'not_a_councillor');
    const chairOutside = await app.api.post('/api/council/bodies', {
      body: { ...body, chairId: c[10]!.user.id },
      token: clerk.token,
    });
    expectError(chairOutside, 400, 'chair_not_member');
    expectError(
      await app.api.post('/api/council/bodies', { body: { ...body, memberIds: [] }, token: clerk.token }),
      400,
    );

    const res = await app.api.post('/api/council/bodies', { body, token: clerk.token });
    expectOk(res, 201);
    expect(res.body).toMatchObject({ kind: 'committee', name: body.name, chairId: c[1]!.user.id });
    expect(res.body.members.map((m) => m.id).sort()).toEqual([...body.memberIds].sort());
    committee = res.body;
    const dup = await app.api.post('/api/council/bodies', { body, token: clerk.token });
    expectError(dup, 409, 'name_taken');

    const list = await ok(app.api.get('/api/public/council/bodies'), 'public bodies');
    expect(list.map((b) => b.kind)).toEqual(['council', 'committee']);
    expect(list[1]!.id).toBe(committee.id);
  });

  it("the clerk sets a committee's members and chair; the council's members are fixed", async () => {
    const memberIds = [1, 2, 3, 4, 5, 6, 7].map((n) => c[n]!.user.id);
    const path = '/api/council/bodies/:id/members';
    const params = { id: committee.id };
    expectError(await app.api.put(path, { params, body: { memberIds }, token: c[1]!.token }), 403);
    const bad = await app.api.put(path, {
      params,
      body: { memberIds: [...memberIds, admin.user.id] },
      token: clerk.token,
    });
    expect(bad.body).toMatchObject({ code: 'not_a_councillor' });
    const res = await app.api.put(path, { params, body: { memberIds, chairId: c[2]!.user.id }, token: clerk.token });
    expectOk(res, 200);
    expect(res.body.members).toHaveLength(7);
    expect(res.body.chairId).toBe(c[2]!.user.id);
    committee = res.body;
    const council = (await ok(app.api.get('/api/council/bodies', { token: clerk.token }), 'bodies'))[0]!;
    const fixed = await app.api.put(path, { params: { id: council.id }, body: { memberIds }, token: clerk.token });
    expectError(fixed, 409, 'council_members_fixed');
    const missing = await app.api.put(path, {
      params: { id: '00000000-0000-4000-8000-000000000000' },
      body: { memberIds },
      token: clerk.token,
    });
    expectError(missing, 404);
  });

  it('a committee meeting: its own numbering, a committee_meeting in a hall, quorum of the committee', async () => {
    const startsAt = at(4);
    const input = {
      title: 'Заседание на комисията по образование',
      bodyId: committee.id,
      spaceId: hallId,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
      agenda: [
        { title: 'Становище по бюджета за образование', voteMode: 'open' as const, majority: 'all' as const },
        { title: 'Разни', voteMode: 'open' as const, majority: 'present' as const },
      ],
      // Published and opened at once: sooner than the committee's notice period allows a regular sitting.
      extraordinary: true,
      extraordinaryReason: EXTRAORDINARY_REASON,
    };
    const unknownBody = await app.api.post('/api/council/sessions', {
      body: { ...input, bodyId: '00000000-0000-4000-8000-000000000000' },
      token: clerk.token,
    });
    expectError(unknownBody, 400, 'unknown_body');
    const personal = await ok(app.api.get('/api/rooms/me', { token: c[1]!.token }), 'room');
    const badSpace = await app.api.post('/api/council/sessions', {
      body: { ...input, spaceId: personal.id },
      token: clerk.token,
    });
    expectError(badSpace, 400);

    const res = await app.api.post('/api/council/sessions', { body: input, token: clerk.token });
    expectOk(res, 201);
    committeeSitting = res.body;
    expect(res.body.body).toEqual({ id: committee.id, kind: 'committee', name: committee.name });
    expect(res.body.number).toBe(1);
    expect(res.body.spaceId).toBe(hallId);
    expect(res.body.quorum).toEqual({ present: 0, total: 7, required: 4, reached: false });
    const meeting = await ok(
      app.api.get('/api/meetings/:id', { params: { id: res.body.meetingId }, token: clerk.token }),
      'meeting',
    );
    expect(meeting.kind).toBe('committee_meeting');
    expect(meeting.space.id).toBe(hallId);
    // A draft invites nobody yet: the members are invited when the clerk publishes it.
    expect(meeting.participants.map((p) => p.user.id)).toEqual([clerk.user.id]);
    const list = await ok(app.api.get('/api/council/sessions', { token: clerk.token }), 'sittings');
    expect(list.find((s) => s.id === res.body.id)!.body!.kind).toBe('committee');
  });

  it("the committee's chair (or the council_chair) chairs it; other members may not", async () => {
    const params = { id: committeeSitting.id };
    expectOk(await app.api.post('/api/council/sessions/:id/publish', { params, body: {}, token: clerk.token }), 200);
    // Published: the committee's members (its chair among them) are invited, nobody else.
    const meeting = await ok(
      app.api.get('/api/meetings/:id', { params: { id: committeeSitting.meetingId }, token: clerk.token }),
      'meeting',
    );
    const invited = meeting.participants.map((p) => p.user.id);
    expect(invited).toEqual(expect.arrayContaining(committee.members.map((m) => m.id)));
    expect(invited).not.toContain(c[10]!.user.id);
    expect(invited).toHaveLength(committee.members.length + 1); // and the clerk who organizes it
    const open = (s: SignedIn) => app.api.post('/api/council/sessions/:id/open', { params, body: {}, token: s.token });
    expectError(await open(c[3]!), 403);
    expectError(await open(c[10]!), 403);
    const opened = await open(c[2]!);
    expectOk(opened, 200);
    expect(opened.body.status).toBe('open');
    expect(
      (await ok(app.api.post('/api/council/sessions/:id/pause', { params, body: {}, token: chair.token }), 'pause'))
        .status,
    ).toBe('paused');
    expect(
      (await ok(app.api.post('/api/council/sessions/:id/resume', { params, body: {}, token: c[2]!.token }), 'resume'))
        .status,
    ).toBe('open');
  });

  it('only members of the committee are registered and vote; the majority of all is of the 7', async () => {
    const params = { id: committeeSitting.id };
    const attend = (s: SignedIn, body: { userId?: string } = {}) =>
      app.api.post('/api/council/sessions/:id/attendance', { params, body, token: s.token });
    const openVote = (s: SignedIn, body: { kind: 'agenda' } | { itemId: string }) =>
      app.api.post('/api/council/sessions/:id/votes', { params, body, token: s.token });
    expectError(await attend(c[10]!), 400, 'not_a_member');
    const byClerk = await attend(clerk, { userId: c[10]!.user.id });
    expect(byClerk.body).toMatchObject({ code: 'not_a_member' });
    for (const n of [2, 3, 4]) expectOk(await attend(c[n]!), 200);
    const item = committeeSitting.items[0]!;
    const noQuorum = await openVote(c[2]!, { kind: 'agenda' });
    expect(noQuorum.body).toMatchObject({ code: 'no_quorum' });
    const s = await ok(attend(c[5]!), 'attendance');
    expect(s.quorum).toEqual({ present: 4, total: 7, required: 4, reached: true });
    // The sitting’s first vote adopts its agenda (issue 15).
    await adoptAgenda(
      app,
      committeeSitting.id,
      { clerk, chair: c[2]! },
      [2, 3, 4, 5].map((n) => c[n]!.user.id),
    );
    expectError(await openVote(c[3]!, { itemId: item.id }), 403);
    const vote = await openVote(c[2]!, { itemId: item.id });
    expectOk(vote, 201);
    const voteParams = { id: vote.body.id };
    const cast = (s: SignedIn, choice: BallotChoice) =>
      app.api.post('/api/council/votes/:id/ballots', { params: voteParams, body: { choice }, token: s.token });
    expectError(await cast(c[10]!, 'for'), 403, 'not_a_member');
    for (const n of [2, 3, 4]) expectOk(await cast(c[n]!, 'for'), 201);
    expectOk(await cast(c[5]!, 'against'), 201);
    // The clerk's hall entry never replaces a member's own electronic ballot (issue 14).
    const hand = await app.api.post('/api/council/votes/:id/ballots', {
      params: voteParams,
      body: { choice: 'for', userId: c[5]!.user.id, reason: 'показа „за“ в залата' },
      token: clerk.token,
    });
    expectError(hand, 409, 'own_ballot');
    // The member changes it themselves.
    expectOk(await cast(c[5]!, 'for'), 201);
    const closed = await app.api.post('/api/council/votes/:id/close', {
      params: voteParams,
      body: {},
      token: c[2]!.token,
    });
    expectOk(closed, 200);
    // A committee gives an opinion (становище), kept with the item: not a numbered decision.
    expect(closed.body.decision).toBeNull();
    // More than half of all 7 seats: 4.
    expect(closed.body.result).toEqual({
      outcome: 'adopted',
      passed: true,
      counts: { for: 4, against: 0, abstain: 0 },
      seats: 7,
      members: 7,
      present: 4,
      entitled: 4,
      quorumRequired: 4,
      quorumReached: true,
      required: 4,
    });
  });

  it('the chair orders the waiting speakers; members may not; a granted request is not moved', async () => {
    const params = { id: committeeSitting.id };
    const ask = (s: SignedIn) =>
      app.api.post('/api/council/sessions/:id/speakers', { params, body: { kind: 'speech' }, token: s.token });
    const queue = () => ok(app.api.get('/api/council/sessions/:id/speakers', { params, token: staff.token }), 'queue');
    const move = (id: string, position: number, s: SignedIn) =>
      app.api.post('/api/council/speakers/:id/move', { params: { id }, body: { position }, token: s.token });
    const ids: string[] = [];
    for (const n of [3, 4, 5]) {
      const res = await ask(c[n]!);
      expectOk(res, 201);
      expect(res.body.queuePosition).toBe(ids.length + 1);
      ids.push(res.body.id);
    }
    expectError(await ask(c[10]!), 403);
    expectError(await move(ids[2]!, 1, c[3]!), 403);
    expectError(await move(ids[2]!, 0, c[2]!), 400);
    const moved = await move(ids[2]!, 1, c[2]!);
    expectOk(moved, 200);
    expect(moved.body.queuePosition).toBe(1);
    let list = await queue();
    expect(list.map((s) => [s.id, s.queuePosition])).toEqual([
      [ids[2], 1],
      [ids[0], 2],
      [ids[1], 3],
    ]);
    // Beyond the end: last. A new request queues after the ordered ones (a procedural point
    // would go ahead of them: test/council/floor).
    await move(ids[2]!, 99, chair);
    const late = await ok(ask(c[6]!), 'a late request');
    list = await queue();
    expect(list.map((s) => s.id)).toEqual([ids[0], ids[1], ids[2], late.id]);
    // Granted: leaves the queue and cannot be moved.
    expectOk(
      await app.api.post('/api/council/speakers/:id/grant', { params: { id: ids[0]! }, body: {}, token: c[2]!.token }),
      200,
    );
    expectError(await move(ids[0]!, 2, c[2]!), 409, 'invalid_speaker_state');
    list = await queue();
    expect(list.map((s) => [s.status, s.queuePosition])).toEqual([
      ['speaking', null],
      ['requested', 1],
      ['requested', 2],
      ['requested', 3],
    ]);
  });

  it('the clerk edits a draft: title, time, agenda added, removed and reordered; frozen once published', async () => {
    const startsAt = at(9);
    const created = await app.api.post('/api/council/sessions', {
      body: {
        title: 'Чернова',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        agenda: [{ title: 'А' }, { title: 'Б' }, { title: 'В', voteMode: 'roll_call', majority: 'all' }],
      },
      token: clerk.token,
    });
    expectOk(created, 201);
    expect(created.body.body!.kind).toBe('council');
    const id = created.body.id;
    const [a, b, v] = created.body.items as [AgendaItemView, AgendaItemView, AgendaItemView];
    meetingId = created.body.meetingId;
    const params = { id };
    const edit = (body: BodyOf<'PATCH', '/api/council/sessions/:id'>, s: SignedIn = clerk) =>
      app.api.patch('/api/council/sessions/:id', { params, body, token: s.token });

    for (const s of [chair, c[1]!, staff]) expectError(await edit({ title: 'Х' }, s), 403);
    expectError(await edit({}), 400);
    const unknown = await edit({ agenda: [{ id: committeeSitting.items[0]!.id, title: 'чужда' }] });
    expectError(unknown, 400, 'unknown_item');
    const backwards = await edit({ endsAt: startsAt.toISOString() });
    expectError(backwards, 400);

    const newStart = at(10, 7);
    const res = await edit({
      title: 'Редовно заседание (редактирано)',
      startsAt: newStart.toISOString(),
      endsAt: new Date(newStart.getTime() + 5 * 3_600_000).toISOString(),
      agenda: [
        { id: v.id, title: 'В (първа)', voteMode: 'roll_call', majority: 'two_thirds_all' },
        { title: 'Нова точка', rapporteur: 'Кмет' },
        { id: a.id, title: 'А' },
      ],
    });
    expectOk(res, 200);
    expect(res.body.version).toBeGreaterThan(created.body.version);
    expect(res.body.title).toBe('Редовно заседание (редактирано)');
    expect(res.body.startsAt).toBe(newStart.toISOString());
    expect(res.body.items.map((i) => [i.position, i.title])).toEqual([
      [1, 'В (първа)'],
      [2, 'Нова точка'],
      [3, 'А'],
    ]);
    expect(res.body.items[0]).toMatchObject({ id: v.id, majority: 'two_thirds_all' });
    expect(res.body.items[2]!.id).toBe(a.id);
    expect(res.body.items.map((i) => i.id)).not.toContain(b.id);
    // The meeting in the chamber moved with it.
    const meeting = await ok(
      app.api.get('/api/meetings/:id', { params: { id: meetingId }, token: clerk.token }),
      'meeting',
    );
    expect(meeting.startsAt).toBe(newStart.toISOString());
    expect(meeting.title).toBe('Редовно заседание (редактирано)');
    // The audit log has it.
    const audit = await ok(
      app.api.get('/api/admin/audit', {
        query: { action: 'council.session.edited', targetId: id },
        token: admin.token,
      }),
      'audit',
    );
    expect(audit.items).toHaveLength(1);

    expectOk(await app.api.post('/api/council/sessions/:id/publish', { params, body: {}, token: clerk.token }), 200);
    const frozen = await edit({ title: 'Късно' });
    expectError(frozen, 409, 'not_draft');
    const pub = await ok(app.api.get('/api/public/council/sessions/:id', { params }), 'public sitting');
    expect(pub.items.map((i) => i.position)).toEqual([1, 2, 3]);
    expect(pub.title).toBe('Редовно заседание (редактирано)');
  });
});

describe('a fresh demo install', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ db: await freshDatabase({ empty: true }), env: { SEED_DEMO: 'true' } });
  }, 180_000);
  afterAll(() => app?.close());

  it('has the council and two standing committees of councillors, each with a chair among its members', async () => {
    const bodies = await ok(app.api.get('/api/public/council/bodies'), 'public bodies');
    expect(bodies.map((b) => b.kind)).toEqual(['council', 'committee', 'committee']);
    expect(bodies[0]!.members).toHaveLength(51);
    for (const b of bodies.slice(1)) {
      expect(b.members.length).toBeGreaterThanOrEqual(5);
      expect(b.members.map((m) => m.id)).toContain(b.chairId);
    }
  });
});
