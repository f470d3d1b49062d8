import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import type {
  CouncilSessionView,
  PublicDecisionView,
  RegisterPage,
  SetClosedDoorRequest,
} from '../../libs/contracts/src/index.js';
import { expectError, type Answer, type ErrorBody } from '../support/api.js';
import type { BodyOf } from '../support/api-types.js';
import { TestApp, type SignedIn } from '../support/app.js';
import {
  EXTRAORDINARY_REASON,
  adoptAgenda,
  giveTheFloor,
  showOfHands,
  signAndPublishMinutes,
} from '../support/council.js';
import { fieldOf, recordEvents, type HeardEvent } from '../support/events.js';

/**
 * Closed-door sittings and items (закрито заседание, ЗМСМА чл. 28; issue 15, part 4). A sitting
 * with an open item and a closed-door one, and a whole closed-door sitting: every public answer
 * (the lists, the sitting, its agenda as JSON and CSV, the register, the decisions' pages, open
 * data, the minutes, the calendar, the rendered pages and the embed) and every `/public` socket
 * event is crawled for what the closed door withholds — the draft decision, the material, the
 * declared conflict, the closed-door speech, the reason — while the titles and the decisions stay;
 * the members and the staff still see all of it.
 */
const SECRET_DRAFT = 'ТАЙНО-ПРОЕКТОРЕШЕНИЕ за обезщетение на лицето';
const SECRET_FILE = 'Здравен-доклад-ЕГН.pdf';
const SECRET_CONFLICT = 'ТАЙНО: роднина на лицето';
const SECRET_REASON = 'Решение № 7: лични данни на служител (чл. 28, ал. 2 ЗМСМА)';
const CLOSED_TITLE = 'Обезщетение на служител';
const OPEN_TITLE = 'Отчет за дейността';
const WHOLE_TITLE = 'Закрито заседание за досие';
const WHOLE_ITEM = 'Досие на служител';
const WHOLE_DRAFT = 'ТАЙНО-ДОСИЕ решение';
/** Debated behind closed doors and not adopted: an amendment's text, a rejected draft. */
const SECRET_AMENDMENT = 'ТАЙНА-ПОПРАВКА: обезщетението става 9999 лв.';
const REJECTED_TITLE = 'Уволнение на служител';
const SECRET_REJECTED = 'ТАЙНООТХВЪРЛЕНО решение за уволнение';
const pdfBytes = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');

describe('closed-door sittings and items', () => {
  let app: TestApp;
  let clerk: SignedIn;
  let chair: SignedIn;
  let admin: SignedIn;
  let member: SignedIn;
  let staff: SignedIn;
  let present: string[];
  let publicSocket: Socket;
  let memberSocket: Socket;
  const publicHeard: HeardEvent[] = [];
  const memberHeard: HeardEvent[] = [];
  let a: {
    id: string;
    openItem: string;
    closedItem: string;
    rejectedItem: string;
    closedSpeech: string;
    closedVote: string;
    amendment: string;
    rejectedVote: string;
  };
  let b: { id: string; item: string; vote: string };
  let decisions: string[] = [];

  const url = (id: string, p = '') => `/api/council/sessions/${id}${p}`;
  const ok = async <T>(res: Promise<Answer<T>>) => {
    const r = await res;
    if (!r.ok || ![200, 201].includes(r.status)) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const record = recordEvents;
  const watch = async (socket: Socket, sittingId: string) =>
    expect(await socket.timeout(5000).emitWithAck('council.watch', { sessionId: sittingId })).toMatchObject({
      ok: true,
    });
  /** A draft in the chamber, `later` hours from now (two sittings do not share the room). */
  const draft = (title: string, agenda: BodyOf<'POST', '/api/council/sessions'>['agenda'], later = 0) =>
    ok(
      app.api.post('/api/council/sessions', {
        body: {
          title,
          startsAt: new Date(Date.now() + 60_000 + later * 3_600_000).toISOString(),
          endsAt: new Date(Date.now() + (2 + later) * 3_600_000).toISOString(),
          agenda,
          extraordinary: true,
          extraordinaryReason: EXTRAORDINARY_REASON,
        },
        token: clerk.token,
      }),
    );
  const upload = async (sittingId: string, itemId: string) => {
    const res = await fetch(
      `${app.url}${url(sittingId, `/items/${itemId}/materials?filename=${encodeURIComponent(SECRET_FILE)}`)}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${clerk.token}`, 'content-type': 'application/pdf' },
        body: pdfBytes,
      },
    );
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  const close = (id: string, itemId: string | null, body: SetClosedDoorRequest, token = clerk.token) =>
    itemId
      ? app.api.post('/api/council/sessions/:id/items/:itemId/closed-door', { params: { id, itemId }, body, token })
      : app.api.post('/api/council/sessions/:id/closed-door', { params: { id }, body, token });
  /** A body the contract refuses, sent as it is. */
  const closeUnchecked = (id: string, itemId: string, body: Record<string, unknown>) =>
    app.post<ErrorBody>(url(id, `/items/${itemId}/closed-door`), body, { token: clerk.token });
  const sitting = (id: string, token?: string) =>
    ok(app.api.get('/api/council/sessions/:id', { params: { id }, token }));
  const publicSitting = (id: string) => ok(app.api.get('/api/public/council/sessions/:id', { params: { id } }));
  const activate = (id: string, itemId: string) =>
    ok(
      app.api.post('/api/council/sessions/:id/items/:itemId/activate', { params: { id, itemId }, token: chair.token }),
    );
  const finish = (id: string) =>
    ok(app.api.post('/api/council/speakers/:id/finish', { params: { id }, token: chair.token }));
  const openVote = (id: string, body: BodyOf<'POST', '/api/council/sessions/:id/votes'>) =>
    ok(app.api.post('/api/council/sessions/:id/votes', { params: { id }, body, token: chair.token }));
  const step = (
    path: '/api/council/sessions/:id/publish' | '/api/council/sessions/:id/open' | '/api/council/sessions/:id/close',
    id: string,
    token: string,
  ) => ok(app.api.post(path, { params: { id }, token }));
  /** Votes the current item by the clerk's show of hands; the vote's id. */
  const voteOn = async (sittingId: string, itemId: string) => {
    await activate(sittingId, itemId);
    const vote = (await openVote(sittingId, { itemId })).id;
    expect((await showOfHands(app, vote, present, { clerk, chair })).passed).toBe(true);
    return vote;
  };

  beforeAll(async () => {
    app = await TestApp.start();
    [clerk, chair, admin, member, staff] = await Promise.all([
      app.login('clerk'),
      app.login('chair'),
      app.login('admin'),
      app.login('councillor01'),
      app.login('servant01'),
    ]);
    const users = await ok(
      app.api.get('/api/admin/users', { query: { q: 'councillor', limit: 100 }, token: admin.token }),
    );
    present = [chair.user.id, ...users.items.map((u) => u.id)].slice(0, 30);
    publicSocket = await app.socket(undefined, '/public');
    memberSocket = await app.socket(member.token, '/realtime');
    record(publicSocket, publicHeard);
    record(memberSocket, memberHeard);
  }, 120_000);

  afterAll(async () => {
    publicSocket?.close();
    memberSocket?.close();
    await app?.close();
  });

  it('the clerk records a closed-door item with its reason; bad input and other roles change nothing', async () => {
    const created = await draft('Сесия с една закрита точка', [
      { title: OPEN_TITLE, voteMode: 'open', majority: 'present', draftDecision: 'Приема отчета.' },
      { title: CLOSED_TITLE, voteMode: 'roll_call', majority: 'present', draftDecision: SECRET_DRAFT },
      { title: REJECTED_TITLE, voteMode: 'roll_call', majority: 'present', draftDecision: SECRET_REJECTED },
    ]);
    const [openItem, closedItem, rejectedItem] = created.items.map((i) => i.id) as [string, string, string];
    await upload(created.id, closedItem);
    for (const body of [
      { closed: true },
      { closed: true, reason: ' ' },
      { closed: 'yes', reason: 'x' },
      { closed: false, reason: 'x' },
      { closed: true, reason: 'x', extra: 1 },
    ]) {
      const res = await closeUnchecked(created.id, closedItem, body);
      expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    }
    expect((await close(created.id, closedItem, { closed: true, reason: SECRET_REASON }, member.token)).status).toBe(
      403,
    );
    expect((await close(created.id, closedItem, { closed: true, reason: SECRET_REASON }, chair.token)).status).toBe(
      403,
    );
    expect(
      (await close(created.id, '00000000-0000-4000-8000-000000000000', { closed: true, reason: 'x' })).status,
    ).toBe(404);
    expect((await sitting(created.id, clerk.token)).items[1]!.closedDoor).toBeUndefined();
    const view = await ok(close(created.id, closedItem, { closed: true, reason: SECRET_REASON }));
    expect(view.items[1]!.closedDoor).toEqual({ at: expect.any(String), reason: SECRET_REASON });
    expect(view.items[0]!.closedDoor).toBeUndefined();
    await ok(close(created.id, rejectedItem, { closed: true, reason: SECRET_REASON }));
    await step('/api/council/sessions/:id/publish', created.id, clerk.token);
    // Published: the decision stays (409), and the item is still closed-door.
    const undo = await close(created.id, closedItem, { closed: false });
    expectError(undo, 409, 'closed_door');
    await watch(publicSocket, created.id);
    await watch(memberSocket, created.id);
    await step('/api/council/sessions/:id/open', created.id, chair.token);
    await ok(
      app.api.post('/api/council/sessions/:id/attendance/bulk', {
        params: { id: created.id },
        body: { userIds: present, present: true },
        token: clerk.token,
      }),
    );
    await adoptAgenda(app, created.id, { clerk, chair }, present);
    a = {
      id: created.id,
      openItem,
      closedItem,
      rejectedItem,
      closedSpeech: '',
      closedVote: '',
      amendment: '',
      rejectedVote: '',
    };
  });

  it('the sitting runs: an open item debated and voted, then the closed-door one', async () => {
    await activate(a.id, a.openItem);
    const openSpeech = await giveTheFloor(app, a.id, await app.login('councillor03'), chair);
    await finish(openSpeech);
    await voteOn(a.id, a.openItem);
    await activate(a.id, a.closedItem);
    // No public stream while a closed-door item is debated (before the video's own checks).
    const viewer = await app.api.post('/api/public/council/sessions/:id/viewer-token', { params: { id: a.id } });
    expectError(viewer, 409, 'closed_door');
    await ok(
      app.api.post('/api/council/sessions/:id/items/:itemId/conflicts', {
        params: { id: a.id, itemId: a.closedItem },
        body: { reason: SECRET_CONFLICT },
        token: member.token,
      }),
    );
    const other = await app.login('councillor02');
    a.closedSpeech = await giveTheFloor(app, a.id, other, chair);
    await finish(a.closedSpeech);
    const voters = present.filter((id) => id !== member.user.id);
    // An amendment proposed behind the closed door, rejected.
    a.amendment = (
      await openVote(a.id, {
        kind: 'amendment',
        itemId: a.closedItem,
        text: SECRET_AMENDMENT,
        proposerId: other.user.id,
      })
    ).id;
    expect((await showOfHands(app, a.amendment, voters, { clerk, chair }, 'against')).passed).toBe(false);
    const vote = (await openVote(a.id, { itemId: a.closedItem })).id;
    // Nothing live of it for the public (as on /public's events): the open vote is not in the public view.
    const live = await publicSitting(a.id);
    expect(live.votes.map((v) => v.id)).not.toContain(vote);
    expect(live.votes.length).toBeGreaterThan(0);
    expect(
      (
        await showOfHands(
          app,
          vote,
          present.filter((id) => id !== member.user.id),
          { clerk, chair },
        )
      ).passed,
    ).toBe(true);
    a.closedVote = vote;
    // A closed-door draft rejected: the register records the rejection, not the draft's text.
    await activate(a.id, a.rejectedItem);
    a.rejectedVote = (await openVote(a.id, { itemId: a.rejectedItem })).id;
    expect((await showOfHands(app, a.rejectedVote, present, { clerk, chair }, 'against')).passed).toBe(false);
    await activate(a.id, a.openItem);
    await step('/api/council/sessions/:id/close', a.id, chair.token);
  });

  it('a whole closed-door sitting: recorded on the draft, nothing of it live on /public', async () => {
    const created = await draft(
      WHOLE_TITLE,
      [{ title: WHOLE_ITEM, voteMode: 'roll_call', majority: 'present', draftDecision: WHOLE_DRAFT }],
      3,
    );
    // Undone and recorded again on the draft: only the last decision counts.
    await ok(close(created.id, null, { closed: true, reason: 'грешка' }));
    expect((await ok(close(created.id, null, { closed: false }))).closedDoor).toBeUndefined();
    expect((await ok(close(created.id, null, { closed: true, reason: SECRET_REASON }))).closedDoor?.reason).toBe(
      SECRET_REASON,
    );
    const item = created.items[0]!.id;
    await upload(created.id, item);
    await step('/api/council/sessions/:id/publish', created.id, clerk.token);
    await watch(publicSocket, created.id);
    await watch(memberSocket, created.id);
    await step('/api/council/sessions/:id/open', created.id, chair.token);
    const viewer = await app.api.post('/api/public/council/sessions/:id/viewer-token', { params: { id: created.id } });
    expectError(viewer, 409, 'closed_door');
    await ok(
      app.api.post('/api/council/sessions/:id/attendance/bulk', {
        params: { id: created.id },
        body: { userIds: present, present: true },
        token: clerk.token,
      }),
    );
    await adoptAgenda(app, created.id, { clerk, chair }, present);
    const speech = await giveTheFloor(app, created.id, member, chair);
    await finish(speech);
    b = { id: created.id, item, vote: await voteOn(created.id, item) };
    await step('/api/council/sessions/:id/close', b.id, chair.token);
    // The minutes of both, signed and published.
    await signAndPublishMinutes(app, a.id, { admin, clerk, chair });
    await signAndPublishMinutes(app, b.id, { admin, clerk, chair });
    expectError(await close(b.id, null, { closed: true, reason: 'късно' }), 409);
  });

  it('no /public event tells anything of a closed-door item or sitting; the members hear it all', async () => {
    // The marker: a round trip on each socket after everything above was answered (every event
    // went out before its route answered, and a socket's messages keep their order).
    expect(await publicSocket.timeout(5000).emitWithAck('council.watch', { sessionId: a.id })).toMatchObject({
      ok: true,
    });
    expect(await memberSocket.timeout(5000).emitWithAck('council.watch', { sessionId: a.id })).toMatchObject({
      ok: true,
    });
    const text = JSON.stringify(publicHeard);
    for (const secret of [
      SECRET_DRAFT,
      SECRET_REASON,
      SECRET_CONFLICT,
      a.closedSpeech,
      a.closedVote,
      b.vote,
      WHOLE_DRAFT,
    ])
      expect(text).not.toContain(secret);
    expect(
      publicHeard.filter((e) => fieldOf(e.payload, 'sessionId') === b.id || fieldOf(e.payload, 'id') === b.id),
    ).toEqual([]);
    // The open item's vote and the sitting's own course did reach the public.
    expect(publicHeard.some((e) => e.event === 'council.vote.closed' && e.payload.vote.itemId === a.openItem)).toBe(
      true,
    );
    expect(
      publicHeard.some(
        (e) => e.event === 'council.session.updated' && e.payload.change === 'close' && e.payload.sessionId === a.id,
      ),
    ).toBe(true);
    const speakers = publicHeard.filter((e) => e.event === 'council.speakers.updated');
    expect(speakers.length).toBeGreaterThan(0);
    // Members heard the closed-door vote, speech and sitting.
    const heard = JSON.stringify(memberHeard);
    for (const id of [a.closedSpeech, a.closedVote, b.vote]) expect(heard).toContain(id);
  });

  it('every public answer leaves out what the closed door withholds; titles and decisions stay', async () => {
    const view = await publicSitting(a.id);
    decisions = [
      ...view.votes.map((v) => v.decision?.id),
      ...(await publicSitting(b.id)).votes.map((v) => v.decision?.id),
    ].filter((id): id is string => Boolean(id));
    expect(decisions).toHaveLength(4);
    const paths = [
      '/api/public/council/sessions',
      '/api/public/council/sittings?limit=100',
      '/api/public/council/register?limit=100',
      '/api/public/council/decisions?format=json',
      '/api/public/council/decisions?format=csv',
      '/api/public/council/calendar.ics',
      '/api/public/council/data/catalog.jsonld',
      ...['sittings', 'agenda-items', 'attendance', 'votes', 'ballots', 'decisions'].flatMap((n) => [
        `/api/public/council/data/${n}.json`,
        `/api/public/council/data/${n}.csv`,
      ]),
      ...decisions.map((d) => `/api/public/council/decisions/${d}`),
      ...[a.id, b.id].flatMap((id) => [
        `/api/public/council/sessions/${id}`,
        `/api/public/council/sessions/${id}/agenda`,
        `/api/public/council/sessions/${id}/agenda?format=csv`,
        `/api/public/council/sessions/${id}/minutes?format=json`,
        `/api/public/council/sessions/${id}/minutes?format=html`,
      ]),
    ];
    const pages = [
      '/public',
      '/public/register',
      '/embed/council',
      ...[a.id, b.id].flatMap((id) => [`/public/sessions/${id}`, `/embed/council/sessions/${id}`]),
      ...decisions.map((d) => `/public/decisions/${d}`),
    ];
    const bodies: Record<string, string> = {};
    for (const p of paths) {
      const res = await app.get(p);
      expect([p, res.status]).toEqual([p, 200]);
      bodies[p] = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
    }
    for (const p of pages) {
      const res = await fetch(app.url + p, { headers: { accept: 'text/html' } });
      expect([p, res.status]).toEqual([p, 200]);
      bodies[p] = await res.text();
    }
    for (const [p, body] of Object.entries(bodies))
      for (const secret of [
        SECRET_FILE,
        SECRET_CONFLICT,
        SECRET_REASON,
        SECRET_AMENDMENT,
        SECRET_REJECTED,
        a.closedSpeech,
      ])
        expect([p, body.includes(secret)]).toEqual([p, false]);
    // A draft decision adopted is the decision: its text is public in the register and on the
    // decision's page, and nowhere else (not in the sitting, its agenda, the minutes or open data).
    const openDecision = view.votes.find((v) => v.itemId === a.openItem)!.decision!.id;
    const rejectedDecision = view.votes.find((v) => v.id === a.rejectedVote)!.decision!.id;
    const decisionAnswers = Object.keys(bodies).filter(
      (p) => /register|decisions/.test(p) && !p.endsWith(openDecision) && !p.endsWith(rejectedDecision),
    );
    expect(decisionAnswers).toHaveLength(10);
    for (const [p, body] of Object.entries(bodies))
      expect([p, body.includes(SECRET_DRAFT) || body.includes(WHOLE_DRAFT)]).toEqual([p, decisionAnswers.includes(p)]);
    // What stays: the titles and the decisions.
    for (const p of [
      `/api/public/council/sessions/${a.id}`,
      `/api/public/council/sessions/${a.id}/agenda?format=csv`,
      `/public/sessions/${a.id}`,
    ])
      expect([p, bodies[p]!.includes(CLOSED_TITLE)]).toEqual([p, true]);
    for (const p of [
      `/api/public/council/sessions/${b.id}`,
      `/public/sessions/${b.id}`,
      `/api/public/council/sessions/${b.id}/minutes?format=html`,
    ])
      expect([p, bodies[p]!.includes(WHOLE_ITEM)]).toEqual([p, true]);
    // The rendered pages say so, without the grounds.
    expect(bodies[`/public/sessions/${a.id}`]).toContain('Закрита точка (чл. 28, ал. 2 ЗМСМА)');
    expect(bodies[`/public/sessions/${b.id}`]).toContain('Закрито заседание (чл. 28, ал. 2 ЗМСМА)');
    const register = JSON.parse(bodies['/api/public/council/register?limit=100']!) as RegisterPage;
    expect(register.items.map((d) => d.title).sort()).toEqual(
      [CLOSED_TITLE, OPEN_TITLE, REJECTED_TITLE, WHOLE_ITEM].sort(),
    );
    expect(register.items.find((d) => d.title === REJECTED_TITLE)).toMatchObject({
      outcome: 'rejected',
      number: null,
      text: null,
    });
    // The register's search reads the text the public reads: the adopted closed-door decision's, not the rejected draft's.
    const search = async (q: string) =>
      (await ok(app.api.get('/api/public/council/register', { query: { q } }))).items.map((d) => d.title);
    expect(await search('ТАЙНО-ПРОЕКТОРЕШЕНИЕ')).toEqual([CLOSED_TITLE]);
    expect(await search('ТАЙНООТХВЪРЛЕНО')).toEqual([]);
    expect(await search('Уволнение')).toEqual([REJECTED_TITLE]);
    // The amendment: its label and result, not its text or proposer.
    expect(view.votes.find((v) => v.id === a.amendment)).toMatchObject({
      kind: 'amendment',
      label: expect.any(String),
      text: null,
      proposer: null,
      roll: null,
      result: { outcome: 'rejected' },
    });

    const closedVote = view.votes.find((v) => v.id === a.closedVote)!;
    expect(closedVote).toMatchObject({ status: 'closed', roll: null, result: { outcome: 'adopted' } });
    expect(view.votes.find((v) => v.itemId === a.openItem)!.roll).toBeNull(); // an open vote has no roll anyway
    expect(view.items[1]).toMatchObject({
      title: CLOSED_TITLE,
      closedDoor: { reason: null },
      materials: [],
      conflicts: [],
    });
    expect(view.speakers!.map((s) => s.itemId)).not.toContain(a.closedItem);
    expect(view.speakers!.length).toBeGreaterThan(0);
    const whole = JSON.parse(bodies[`/api/public/council/sessions/${b.id}`]!) as CouncilSessionView;
    expect(whole).toMatchObject({
      title: WHOLE_TITLE,
      status: 'closed',
      closedDoor: { reason: null },
      attendance: [],
      speakers: [],
      recordings: [],
    });
    expect(whole.votes).toEqual([
      expect.objectContaining({ kind: 'agenda', roll: null, status: 'closed' }),
      expect.objectContaining({ id: b.vote, roll: null, status: 'closed' }),
    ]);
    const decisionPage = JSON.parse(
      bodies[`/api/public/council/decisions/${closedVote.decision!.id}`]!,
    ) as PublicDecisionView;
    expect(decisionPage.vote).toMatchObject({ id: a.closedVote, roll: null });
    expect(decisionPage.item).toMatchObject({ title: CLOSED_TITLE, materials: [] });

    // The closed-door material: not there for the public.
    const members = await sitting(a.id, member.token);
    const material = members.items[1]!.materials![0]!;
    expect(material.filename).toBe(SECRET_FILE);
    expect(
      (await app.get(`/api/public/council/sessions/${a.id}/items/${a.closedItem}/materials/${material.id}`)).status,
    ).toBe(404);
  });

  it('the members and the staff still see the debate, the roll, the materials and the reason', async () => {
    for (const s of [member, staff, clerk]) {
      const v = await sitting(a.id, s.token);
      expect(v.items[1]).toMatchObject({ draftDecision: SECRET_DRAFT, closedDoor: { reason: SECRET_REASON } });
      expect(v.items[1]!.conflicts).toEqual([expect.objectContaining({ reason: SECRET_CONFLICT })]);
      expect(v.speakers!.map((x) => x.id)).toContain(a.closedSpeech);
      expect(v.votes.find((x) => x.id === a.closedVote)!.roll).toHaveLength(present.length - 1);
      expect(v.votes.find((x) => x.id === a.amendment)).toMatchObject({ text: SECRET_AMENDMENT, proposer: {} });
      const w = await sitting(b.id, s.token);
      expect(w).toMatchObject({ closedDoor: { reason: SECRET_REASON } });
      expect(w.attendance.length).toBeGreaterThan(0);
    }
    const material = (await sitting(a.id, member.token)).items[1]!.materials![0]!;
    expect(
      (await app.get(url(a.id, `/items/${a.closedItem}/materials/${material.id}`), { token: member.token })).status,
    ).toBe(200);
    // The members' minutes keep the closed-door debate; the public copy says what it leaves out.
    const full = await app.get(url(a.id, '/minutes?format=html'), { token: member.token });
    expect(full.status).toBe(200);
    expect(full.body).toContain(SECRET_CONFLICT);
    expect(full.body).toContain(SECRET_REASON);
    const shown = await app.get(`/api/public/council/sessions/${a.id}/minutes?format=html`);
    expect(shown.body).toContain('Публично копие');
    expect(shown.body).toContain(CLOSED_TITLE);
    const json = await ok(
      app.api.get('/api/council/sessions/:id/minutes', {
        params: { id: a.id },
        query: { format: 'json' },
        token: member.token,
      }),
    );
    expect(json.speakers.map((x) => x.id)).toContain(a.closedSpeech);
  });
});
