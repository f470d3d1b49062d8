import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestApp, type Session } from '../support/app.js';
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
  let clerk: Session;
  let chair: Session;
  let admin: Session;
  let staff: Session;
  const c: Record<number, Session> = {};
  let committee: any;
  let hallId: string;
  let meetingId: string;
  let committeeSession: any;

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
    const halls = await app.get('/api/halls', { token: clerk.token });
    hallId = halls.body.find((h: any) => h.kind === 'hall').id;
  }, 120_000);

  afterAll(() => app?.close());

  it('the council body always exists: all 51 councillors, chaired by the council_chair', async () => {
    expect((await app.get('/api/council/bodies')).status).toBe(401);
    const res = await app.get('/api/council/bodies', { token: staff.token });
    expect(res.status).toBe(200);
    const [council] = res.body;
    expect(council).toMatchObject({ kind: 'council', name: 'Общински съвет', chairId: chair.user.id });
    expect(council.members).toHaveLength(51);
    expect(council.members.map((m: any) => m.id)).toContain(chair.user.id);
    expect(council.members.map((m: any) => m.id)).not.toContain(clerk.user.id);
    const pub = await app.get('/api/public/council/bodies');
    expect(pub.status).toBe(200);
    expect(pub.body).toEqual(res.body);
  });

  it('the clerk makes a committee of councillors; others may not; bad members are refused', async () => {
    const body = {
      name: 'Постоянна комисия по образование',
      memberIds: [1, 2, 3, 4, 5].map((n) => c[n]!.user.id),
      chairId: c[1]!.user.id,
    };
    for (const s of [staff, c[1]!, chair])
      expect((await app.post('/api/council/bodies', body, { token: s.token })).status).toBe(403);
    const notCouncillor = await app.post(
      '/api/council/bodies',
      { ...body, memberIds: [...body.memberIds, staff.user.id] },
      { token: clerk.token },
    );
    expect(notCouncillor.status).toBe(400);
    expect(notCouncillor.body.code).toBe('not_a_councillor');
    const chairOutside = await app.post(
      '/api/council/bodies',
      { ...body, chairId: c[10]!.user.id },
      { token: clerk.token },
    );
    expect(chairOutside.status).toBe(400);
    expect(chairOutside.body.code).toBe('chair_not_member');
    expect((await app.post('/api/council/bodies', { ...body, memberIds: [] }, { token: clerk.token })).status).toBe(
      400,
    );

    const res = await app.post('/api/council/bodies', body, { token: clerk.token });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'committee', name: body.name, chairId: c[1]!.user.id });
    expect(res.body.members.map((m: any) => m.id).sort()).toEqual([...body.memberIds].sort());
    committee = res.body;
    const dup = await app.post('/api/council/bodies', body, { token: clerk.token });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('name_taken');

    const list = (await app.get('/api/public/council/bodies')).body;
    expect(list.map((b: any) => b.kind)).toEqual(['council', 'committee']);
    expect(list[1].id).toBe(committee.id);
  });

  it("the clerk sets a committee's members and chair; the council's members are fixed", async () => {
    const memberIds = [1, 2, 3, 4, 5, 6, 7].map((n) => c[n]!.user.id);
    const url = `/api/council/bodies/${committee.id}/members`;
    expect((await app.put(url, { memberIds }, { token: c[1]!.token })).status).toBe(403);
    const bad = await app.put(url, { memberIds: [...memberIds, admin.user.id] }, { token: clerk.token });
    expect(bad.body.code).toBe('not_a_councillor');
    const res = await app.put(url, { memberIds, chairId: c[2]!.user.id }, { token: clerk.token });
    expect(res.status).toBe(200);
    expect(res.body.members).toHaveLength(7);
    expect(res.body.chairId).toBe(c[2]!.user.id);
    committee = res.body;
    const council = (await app.get('/api/council/bodies', { token: clerk.token })).body[0];
    const fixed = await app.put(`/api/council/bodies/${council.id}/members`, { memberIds }, { token: clerk.token });
    expect(fixed.status).toBe(409);
    expect(fixed.body.code).toBe('council_members_fixed');
    const missing = await app.put(
      '/api/council/bodies/00000000-0000-4000-8000-000000000000/members',
      { memberIds },
      { token: clerk.token },
    );
    expect(missing.status).toBe(404);
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
        { title: 'Становище по бюджета за образование', voteMode: 'open', majority: 'all' },
        { title: 'Разни', voteMode: 'open', majority: 'present' },
      ],
      // Published and opened at once: sooner than the committee's notice period allows a regular sitting.
      extraordinary: true,
      extraordinaryReason: EXTRAORDINARY_REASON,
    };
    const unknownBody = await app.post(
      '/api/council/sessions',
      { ...input, bodyId: '00000000-0000-4000-8000-000000000000' },
      { token: clerk.token },
    );
    expect(unknownBody.status).toBe(400);
    expect(unknownBody.body.code).toBe('unknown_body');
    const personal = (await app.get('/api/rooms/me', { token: c[1]!.token })).body;
    const badSpace = await app.post(
      '/api/council/sessions',
      { ...input, spaceId: personal.id },
      { token: clerk.token },
    );
    expect(badSpace.status).toBe(400);

    const res = await app.post('/api/council/sessions', input, { token: clerk.token });
    expect(res.status).toBe(201);
    committeeSession = res.body;
    expect(res.body.body).toEqual({ id: committee.id, kind: 'committee', name: committee.name });
    expect(res.body.number).toBe(1);
    expect(res.body.spaceId).toBe(hallId);
    expect(res.body.quorum).toEqual({ present: 0, total: 7, required: 4, reached: false });
    const meeting = await app.get(`/api/meetings/${res.body.meetingId}`, { token: clerk.token });
    expect(meeting.body.kind).toBe('committee_meeting');
    expect(meeting.body.space.id).toBe(hallId);
    // A draft invites nobody yet: the members are invited when the clerk publishes it.
    expect(meeting.body.participants.map((p: any) => p.user.id)).toEqual([clerk.user.id]);
    const list = (await app.get('/api/council/sessions', { token: clerk.token })).body;
    expect(list.find((s: any) => s.id === res.body.id).body.kind).toBe('committee');
  });

  it("the committee's chair (or the council_chair) chairs it; other members may not", async () => {
    const url = (p: string) => `/api/council/sessions/${committeeSession.id}${p}`;
    expect((await app.post(url('/publish'), {}, { token: clerk.token })).status).toBe(200);
    // Published: the committee's members (its chair among them) are invited, nobody else.
    const meeting = await app.get(`/api/meetings/${committeeSession.meetingId}`, { token: clerk.token });
    const invited = meeting.body.participants.map((p: any) => p.user.id);
    expect(invited).toEqual(expect.arrayContaining(committee.members.map((m: any) => m.id)));
    expect(invited).not.toContain(c[10]!.user.id);
    expect(invited).toHaveLength(committee.members.length + 1); // and the clerk who organizes it
    expect((await app.post(url('/open'), {}, { token: c[3]!.token })).status).toBe(403);
    expect((await app.post(url('/open'), {}, { token: c[10]!.token })).status).toBe(403);
    const opened = await app.post(url('/open'), {}, { token: c[2]!.token });
    expect(opened.status).toBe(200);
    expect(opened.body.status).toBe('open');
    expect((await app.post(url('/pause'), {}, { token: chair.token })).body.status).toBe('paused');
    expect((await app.post(url('/resume'), {}, { token: c[2]!.token })).body.status).toBe('open');
  });

  it('only members of the committee are registered and vote; the majority of all is of the 7', async () => {
    const url = (p: string) => `/api/council/sessions/${committeeSession.id}${p}`;
    const outsider = await app.post(url('/attendance'), {}, { token: c[10]!.token });
    expect(outsider.status).toBe(400);
    expect(outsider.body.code).toBe('not_a_member');
    const byClerk = await app.post(url('/attendance'), { userId: c[10]!.user.id }, { token: clerk.token });
    expect(byClerk.body.code).toBe('not_a_member');
    for (const n of [2, 3, 4])
      expect((await app.post(url('/attendance'), {}, { token: c[n]!.token })).status).toBe(200);
    const item = committeeSession.items[0];
    const noQuorum = await app.post(url('/votes'), { kind: 'agenda' }, { token: c[2]!.token });
    expect(noQuorum.body.code).toBe('no_quorum');
    const s = (await app.post(url('/attendance'), {}, { token: c[5]!.token })).body;
    expect(s.quorum).toEqual({ present: 4, total: 7, required: 4, reached: true });
    // The sitting’s first vote adopts its agenda (issue 15).
    await adoptAgenda(
      app,
      committeeSession.id,
      { clerk, chair: c[2]! },
      [2, 3, 4, 5].map((n) => c[n]!.user.id),
    );
    expect((await app.post(url('/votes'), { itemId: item.id }, { token: c[3]!.token })).status).toBe(403);
    const vote = await app.post(url('/votes'), { itemId: item.id }, { token: c[2]!.token });
    expect(vote.status).toBe(201);
    const cast = (s: Session, choice: string) =>
      app.post(`/api/council/votes/${vote.body.id}/ballots`, { choice }, { token: s.token });
    const notMember = await cast(c[10]!, 'for');
    expect(notMember.status).toBe(403);
    expect(notMember.body.code).toBe('not_a_member');
    for (const n of [2, 3, 4]) expect((await cast(c[n]!, 'for')).status).toBe(201);
    expect((await cast(c[5]!, 'against')).status).toBe(201);
    // The clerk's hall entry never replaces a member's own electronic ballot (issue 14).
    const hand = await app.post(
      `/api/council/votes/${vote.body.id}/ballots`,
      { choice: 'for', userId: c[5]!.user.id, reason: 'показа „за“ в залата' },
      { token: clerk.token },
    );
    expect([hand.status, hand.body.code]).toEqual([409, 'own_ballot']);
    // The member changes it themselves.
    expect((await cast(c[5]!, 'for')).status).toBe(201);
    const closed = await app.post(`/api/council/votes/${vote.body.id}/close`, {}, { token: c[2]!.token });
    expect(closed.status).toBe(200);
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
    const url = `/api/council/sessions/${committeeSession.id}/speakers`;
    const ids: string[] = [];
    for (const n of [3, 4, 5]) {
      const res = await app.post(url, { kind: 'speech' }, { token: c[n]!.token });
      expect(res.status).toBe(201);
      expect(res.body.queuePosition).toBe(ids.length + 1);
      ids.push(res.body.id);
    }
    const outsider = await app.post(url, { kind: 'speech' }, { token: c[10]!.token });
    expect(outsider.status).toBe(403);
    expect(
      (await app.post(`/api/council/speakers/${ids[2]}/move`, { position: 1 }, { token: c[3]!.token })).status,
    ).toBe(403);
    expect(
      (await app.post(`/api/council/speakers/${ids[2]}/move`, { position: 0 }, { token: c[2]!.token })).status,
    ).toBe(400);
    const moved = await app.post(`/api/council/speakers/${ids[2]}/move`, { position: 1 }, { token: c[2]!.token });
    expect(moved.status).toBe(200);
    expect(moved.body.queuePosition).toBe(1);
    let list = (await app.get(url, { token: staff.token })).body;
    expect(list.map((s: any) => [s.id, s.queuePosition])).toEqual([
      [ids[2], 1],
      [ids[0], 2],
      [ids[1], 3],
    ]);
    // Beyond the end: last. A new request queues after the ordered ones (a procedural point
    // would go ahead of them: test/council/floor).
    await app.post(`/api/council/speakers/${ids[2]}/move`, { position: 99 }, { token: chair.token });
    const late = await app.post(url, { kind: 'speech' }, { token: c[6]!.token });
    list = (await app.get(url, { token: staff.token })).body;
    expect(list.map((s: any) => s.id)).toEqual([ids[0], ids[1], ids[2], late.body.id]);
    // Granted: leaves the queue and cannot be moved.
    expect((await app.post(`/api/council/speakers/${ids[0]}/grant`, {}, { token: c[2]!.token })).status).toBe(200);
    const grantedMove = await app.post(`/api/council/speakers/${ids[0]}/move`, { position: 2 }, { token: c[2]!.token });
    expect(grantedMove.status).toBe(409);
    expect(grantedMove.body.code).toBe('invalid_speaker_state');
    list = (await app.get(url, { token: staff.token })).body;
    expect(list.map((s: any) => [s.status, s.queuePosition])).toEqual([
      ['speaking', null],
      ['requested', 1],
      ['requested', 2],
      ['requested', 3],
    ]);
  });

  it('the clerk edits a draft: title, time, agenda added, removed and reordered; frozen once published', async () => {
    const startsAt = at(9);
    const created = await app.post(
      '/api/council/sessions',
      {
        title: 'Чернова',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        agenda: [{ title: 'А' }, { title: 'Б' }, { title: 'В', voteMode: 'roll_call', majority: 'all' }],
      },
      { token: clerk.token },
    );
    expect(created.status).toBe(201);
    expect(created.body.body.kind).toBe('council');
    const id = created.body.id;
    const [a, b, v] = created.body.items;
    meetingId = created.body.meetingId;
    const url = `/api/council/sessions/${id}`;

    for (const s of [chair, c[1]!, staff])
      expect((await app.patch(url, { title: 'Х' }, { token: s.token })).status).toBe(403);
    expect((await app.patch(url, {}, { token: clerk.token })).status).toBe(400);
    const unknown = await app.patch(
      url,
      { agenda: [{ id: committeeSession.items[0].id, title: 'чужда' }] },
      { token: clerk.token },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('unknown_item');
    const backwards = await app.patch(url, { endsAt: startsAt.toISOString() }, { token: clerk.token });
    expect(backwards.status).toBe(400);

    const newStart = at(10, 7);
    const res = await app.patch(
      url,
      {
        title: 'Редовно заседание (редактирано)',
        startsAt: newStart.toISOString(),
        endsAt: new Date(newStart.getTime() + 5 * 3_600_000).toISOString(),
        agenda: [
          { id: v.id, title: 'В (първа)', voteMode: 'roll_call', majority: 'two_thirds_all' },
          { title: 'Нова точка', rapporteur: 'Кмет' },
          { id: a.id, title: 'А' },
        ],
      },
      { token: clerk.token },
    );
    expect(res.status).toBe(200);
    expect(res.body.version).toBeGreaterThan(created.body.version);
    expect(res.body.title).toBe('Редовно заседание (редактирано)');
    expect(res.body.startsAt).toBe(newStart.toISOString());
    expect(res.body.items.map((i: any) => [i.position, i.title])).toEqual([
      [1, 'В (първа)'],
      [2, 'Нова точка'],
      [3, 'А'],
    ]);
    expect(res.body.items[0]).toMatchObject({ id: v.id, majority: 'two_thirds_all' });
    expect(res.body.items[2].id).toBe(a.id);
    expect(res.body.items.map((i: any) => i.id)).not.toContain(b.id);
    // The meeting in the chamber moved with it.
    const meeting = await app.get(`/api/meetings/${meetingId}`, { token: clerk.token });
    expect(meeting.body.startsAt).toBe(newStart.toISOString());
    expect(meeting.body.title).toBe('Редовно заседание (редактирано)');
    // The audit log has it.
    const audit = await app.get(`/api/admin/audit?action=council.session.edited&targetId=${id}`, {
      token: admin.token,
    });
    expect(audit.body.items).toHaveLength(1);

    expect((await app.post(`${url}/publish`, {}, { token: clerk.token })).status).toBe(200);
    const frozen = await app.patch(url, { title: 'Късно' }, { token: clerk.token });
    expect(frozen.status).toBe(409);
    expect(frozen.body.code).toBe('not_draft');
    const pub = (await app.get(`/api/public/council/sessions/${id}`)).body;
    expect(pub.items.map((i: any) => i.position)).toEqual([1, 2, 3]);
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
    const bodies = (await app.get('/api/public/council/bodies')).body;
    expect(bodies.map((b: any) => b.kind)).toEqual(['council', 'committee', 'committee']);
    expect(bodies[0].members).toHaveLength(51);
    for (const b of bodies.slice(1)) {
      expect(b.members.length).toBeGreaterThanOrEqual(5);
      expect(b.members.map((m: any) => m.id)).toContain(b.chairId);
    }
  });
});
