import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OpenVoteRequest } from '../../libs/contracts/src/index.js';
import { expectError, expectOk, ok, type Answer } from '../support/api.js';
import type { BodyOf } from '../support/api-types.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { openSittingWith, showOfHands } from '../support/council.js';

/**
 * The procedure at a sitting (issue 15, parts 1 and 2), on one sitting of the council whose
 * rules have the agenda adopted by the first vote: no vote before it; an urgent item proposed
 * by a member with its material, added by a vote at the place asked for; an item withdrawn
 * (kept, marked) — both on the public agenda with their votes; an amendment adopted and one
 * rejected, then the decision as amended, all in the register and the minutes, labelled; a
 * motion for a break pausing the sitting; a postponement leaving an item without decision.
 */
/** The error code of a refused answer (none for a 2xx one). */
const codeOf = (res: Answer<unknown>) => (res.ok ? undefined : res.body.code);
/** The view of a 2xx answer (none for a refused one). */
const viewOf = <T>(res: Answer<T>) => (res.ok ? res.body : undefined);

/** A row of the votes' open dataset (votes.json): the rows, or the rows wrapped in `rows`. */
interface VoteRow {
  sitting_id: string;
  kind: string;
  label: string | null;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');

describe('the procedure at a sitting (issue 15, parts 1 and 2)', () => {
  let app: TestApp;
  let clerk: SignedIn;
  let chair: SignedIn;
  let admin: SignedIn;
  let member: SignedIn;
  let councillorIds: string[];
  let sittingId: string;
  let items: { id: string; title: string }[];
  let urgentId: string;
  let councilId: string;
  const url = (p = '') => `/api/council/sessions/${sittingId}${p}`;
  const present = () => councillorIds.slice(0, 30);
  const open = async (body: OpenVoteRequest) => {
    const res = await app.api.post('/api/council/sessions/:id/votes', {
      params: { id: sittingId },
      body,
      token: chair.token,
    });
    expect(res.status).toBe(201);
    expectOk(res);
    return res.body;
  };
  const decide = (voteId: string, forIds: string[], againstIds: string[] = []) =>
    (async () => {
      for (const userId of againstIds)
        expect(
          (
            await app.post(
              `/api/council/votes/${voteId}/ballots`,
              { choice: 'against', userId },
              { token: clerk.token },
            )
          ).status,
        ).toBe(201);
      return showOfHands(app, voteId, forIds, { clerk, chair });
    })();
  const sitting = () =>
    ok(app.api.get('/api/council/sessions/:id', { params: { id: sittingId }, token: clerk.token }), 'read the sitting');

  beforeAll(async () => {
    app = await TestApp.start();
    [clerk, chair, admin, member] = await Promise.all([
      app.login('clerk'),
      app.login('chair'),
      app.login('admin'),
      app.login('councillor01'),
    ]);
    const users = await ok(
      app.api.get('/api/admin/users', { query: { role: 'councillor', limit: 200 }, token: admin.token }),
      'list the councillors',
    );
    councillorIds = users.items.map((u) => u.id);
    // The member who proposes first in the list: the clerk's show of hands counts them too.
    councillorIds = [member.user.id, ...councillorIds.filter((id) => id !== member.user.id)];
    const bodies = await ok(app.api.get('/api/council/bodies', { token: clerk.token }), 'list the bodies');
    const council = bodies.find((b) => b.kind === 'council');
    // The rule is on by default for the council and its committees (migration 1795000460000).
    for (const b of bodies) expect(b.agendaVote).toBe(true);
    councilId = council!.id;
    const startsAt = new Date(Date.now() + 86_400_000);
    startsAt.setUTCHours(8, 0, 0, 0);
    const created = await openSittingWith(
      app,
      { clerk, chair },
      {
        title: 'Заседание с процедура',
        startsAt,
        agenda: [
          { title: 'Отчет за изпълнението на бюджета', draftDecision: 'Приема отчета.' },
          { title: 'Продажба на имот', draftDecision: 'Одобрява продажбата.' },
          { title: 'Наредба за рекламата', draftDecision: 'Приема наредбата.' },
        ],
      },
    );
    sittingId = created.id;
    items = (await sitting()).items;
    const checkIn = await app.post(
      url('/attendance/bulk'),
      { userIds: present(), present: true },
      { token: clerk.token },
    );
    expect(checkIn.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('adopts the agenda by the first vote: a vote on an item before it is refused, a second adoption too', async () => {
    const votes = { params: { id: sittingId }, token: chair.token };
    const early = await app.api.post('/api/council/sessions/:id/votes', { ...votes, body: { itemId: items[0]!.id } });
    expectError(early, 409, 'agenda_not_adopted');
    const motion = await app.api.post('/api/council/sessions/:id/votes', {
      ...votes,
      body: { kind: 'procedural', motion: 'break' },
    });
    expect(codeOf(motion)).toBe('agenda_not_adopted');

    const vote = await open({ kind: 'agenda' });
    expect(vote).toMatchObject({ kind: 'agenda', itemId: null, label: 'Приемане на дневния ред', majority: 'present' });
    expect((await decide(vote.id, present())).outcome).toBe('adopted');
    const s = await sitting();
    expect(s.agendaVoteId).toBe(vote.id);
    expect(Date.parse(s.agendaAdoptedAt ?? '')).not.toBeNaN();

    const again = await app.api.post('/api/council/sessions/:id/votes', { ...votes, body: { kind: 'agenda' } });
    expectError(again, 409, 'agenda_adopted');
    // The public agenda says when it was adopted.
    const agenda = await app.api.get('/api/public/council/sessions/:id/agenda', { params: { id: sittingId } });
    expectOk(agenda);
    expect(agenda.body.session.agendaAdoptedAt).toBe(s.agendaAdoptedAt);
  });

  it('adds an urgent item a member proposed, with its material, at the place asked for', async () => {
    const proposal = {
      title: 'Спешна помощ за пострадали от наводнение',
      draftDecision: 'Отпуска 10 000 лв. еднократна помощ.',
      position: 2,
    };
    expect((await app.post(url('/items/proposals'), proposal, { token: clerk.token })).status).toBe(403);
    const bad = await app.post(url('/items/proposals'), { ...proposal, title: '' }, { token: member.token });
    expect(bad.status).toBe(400);
    const proposed = await app.api.post('/api/council/sessions/:id/items/proposals', {
      params: { id: sittingId },
      body: proposal,
      token: member.token,
    });
    expect(proposed.status).toBe(201);
    expectOk(proposed);
    urgentId = proposed.body.itemId;
    const item = proposed.body.session.items.find((i) => i.id === urgentId);
    expect(item).toMatchObject({ state: 'proposed', title: proposal.title });
    expect(item!.changes).toEqual([expect.objectContaining({ change: 'proposed', voteId: null })]);

    // The proposer attaches its material; nobody else but the clerk may.
    const other = await app.login('councillor02');
    const refused = await fetch(`${app.url}${url(`/items/${urgentId}/materials`)}?filename=x.pdf`, {
      method: 'POST',
      body: PDF,
      headers: { 'content-type': 'application/pdf', authorization: `Bearer ${other.token}` },
    });
    expect(refused.status).toBe(403);
    const upload = await fetch(
      `${app.url}${url(`/items/${urgentId}/materials`)}?filename=${encodeURIComponent('Доклад.pdf')}`,
      {
        method: 'POST',
        body: PDF,
        headers: { 'content-type': 'application/pdf', authorization: `Bearer ${member.token}` },
      },
    );
    expect(upload.status).toBe(201);

    // Not on the agenda yet: neither taken up nor voted on.
    const take = await app.api.post('/api/council/sessions/:id/items/:itemId/activate', {
      params: { id: sittingId, itemId: urgentId },
      body: {},
      token: chair.token,
    });
    expectError(take, 409, 'item_not_on_agenda');
    const votes = { params: { id: sittingId }, token: chair.token };
    expect(
      codeOf(await app.api.post('/api/council/sessions/:id/votes', { ...votes, body: { itemId: urgentId } })),
    ).toBe('item_not_on_agenda');
    // A withdrawal of a proposal, or an addition of a scheduled item, is no agenda change.
    const wrong = await app.api.post('/api/council/sessions/:id/votes', {
      ...votes,
      body: { kind: 'agenda_change', change: 'withdraw', itemId: urgentId },
    });
    expect(codeOf(wrong)).toBe('invalid_agenda_change');

    const vote = await open({ kind: 'agenda_change', change: 'add', itemId: urgentId });
    expect(vote).toMatchObject({ kind: 'agenda_change', change: 'add', proposer: { id: member.user.id } });
    expect(vote.label).toBe(`Включване в дневния ред: ${proposal.title}`);
    expect((await decide(vote.id, present())).outcome).toBe('adopted');
    // On the agenda now: its materials are the clerk's to attach.
    const late = await fetch(`${app.url}${url(`/items/${urgentId}/materials`)}?filename=y.pdf`, {
      method: 'POST',
      body: PDF,
      headers: { 'content-type': 'application/pdf', authorization: `Bearer ${member.token}` },
    });
    expect(late.status).toBe(403);
    const s = await sitting();
    expect(s.items.map((i) => [i.position, i.title])).toEqual([
      [1, items[0]!.title],
      [2, proposal.title],
      [3, items[1]!.title],
      [4, items[2]!.title],
    ]);
    const added = s.items[1]!;
    expect(added.state).toBe('scheduled');
    // Kept as announced to the members (issue 15, part 8): the item as it then stood.
    expect(s.changes).toEqual([
      expect.objectContaining({
        kind: 'item_added',
        reason: null,
        item: { id: urgentId, position: 2, title: proposal.title },
      }),
    ]);
    expect(added.changes?.[1]).toMatchObject({
      change: 'add',
      voteId: vote.id,
      outcome: 'adopted',
      counts: { for: 30 },
    });
  });

  it('withdraws an item by a vote: kept on record, marked, with its vote on the public agenda', async () => {
    const target = items[2]!;
    const vote = await open({
      kind: 'agenda_change',
      change: 'withdraw',
      itemId: target.id,
      proposerId: councillorIds[1],
    });
    expect(vote.proposer!.id).toBe(councillorIds[1]);
    // Rejected first: nothing changes.
    expect((await decide(vote.id, present().slice(0, 10), present().slice(10, 25))).outcome).toBe('rejected');
    expect((await sitting()).items.find((i) => i.id === target.id)!.state).toBe('scheduled');
    const again = await open({ kind: 'agenda_change', change: 'withdraw', itemId: target.id });
    expect((await decide(again.id, present())).outcome).toBe('adopted');

    const agenda = await app.api.get('/api/public/council/sessions/:id/agenda', { params: { id: sittingId } });
    expect(agenda.status).toBe(200);
    expectOk(agenda);
    const withdrawn = agenda.body.items.find((i) => i.id === target.id)!;
    expect(withdrawn.state).toBe('withdrawn');
    expect(withdrawn.changes).toEqual([
      expect.objectContaining({ change: 'withdraw', voteId: vote.id, outcome: 'rejected' }),
      expect.objectContaining({
        change: 'withdraw',
        voteId: again.id,
        outcome: 'adopted',
        counts: { for: 30, against: 0, abstain: 0 },
      }),
    ]);
    const urgent = agenda.body.items.find((i) => i.id === urgentId);
    expect(urgent).toMatchObject({ number: 2, state: 'scheduled' });
    expect(urgent!.materials).toEqual([expect.objectContaining({ filename: 'Доклад.pdf' })]);
    expect(urgent!.changes.map((c) => c.change)).toEqual(['proposed', 'add']);
    // The public sitting shows the same, with the votes labelled.
    const pubSitting = await ok(
      app.api.get('/api/public/council/sessions/:id', { params: { id: sittingId } }),
      'read the public sitting',
    );
    expect(pubSitting.items.find((i) => i.id === target.id)!.state).toBe('withdrawn');
    expect(pubSitting.votes.find((v) => v.id === again.id)!.label).toBe(`Оттегляне от дневния ред: ${target.title}`);
    expect(pubSitting.changes?.map((c) => [c.kind, c.item?.id])).toEqual([
      ['item_added', urgentId],
      ['item_withdrawn', target.id],
    ]);
    // A withdrawn item is not taken up.
    expect((await app.post(url(`/items/${target.id}/activate`), {}, { token: chair.token })).status).toBe(409);
  });

  it('votes amendments, then the decision as amended: the register numbers only the decision, and lists the amendments', async () => {
    const item = items[0]!;
    const noText = await app.post(
      url('/votes'),
      { kind: 'amendment', itemId: item.id, proposerId: councillorIds[2] },
      { token: chair.token },
    );
    expect(noText.status).toBe(400);
    const outsider = await app.api.post('/api/council/sessions/:id/votes', {
      params: { id: sittingId },
      body: { kind: 'amendment', itemId: item.id, text: 'Текст', proposerId: clerk.user.id },
      token: chair.token,
    });
    expectError(outsider, 400, 'invalid_proposer');

    const first = await open({
      kind: 'amendment',
      itemId: item.id,
      text: 'В т. 1 думата „приема“ се заменя с „одобрява“.',
      proposerId: councillorIds[2],
    });
    expect(first).toMatchObject({
      kind: 'amendment',
      label: 'Предложение за изменение № 1',
      proposer: { id: councillorIds[2] },
    });
    const firstResult = await decide(first.id, present());
    expect(firstResult.outcome).toBe('adopted');
    expect(
      (
        await ok(
          app.api.get('/api/council/votes/:id', { params: { id: first.id }, token: clerk.token }),
          'read the vote',
        )
      ).decision,
    ).toBeNull();

    const second = await open({
      kind: 'amendment',
      itemId: item.id,
      text: 'Добавя се т. 2: отчетът се публикува.',
      proposerId: councillorIds[3],
    });
    expect(second.label).toBe('Предложение за изменение № 2');
    expect((await decide(second.id, present().slice(0, 5), present().slice(5, 20))).outcome).toBe('rejected');

    const asAmended = 'Одобрява отчета.';
    const decision = await open({ itemId: item.id, text: asAmended });
    expect(decision).toMatchObject({ kind: 'decision', label: null, text: asAmended });
    expect((await decide(decision.id, present())).outcome).toBe('adopted');
    const closed = await ok(
      app.api.get('/api/council/votes/:id', { params: { id: decision.id }, token: clerk.token }),
      'read the vote',
    );
    expect(closed.decision!.number).toEqual(expect.any(Number));

    const register = await app.api.get('/api/council/decisions', { token: clerk.token });
    expect(register.status).toBe(200);
    expectOk(register);
    const entries = register.body.filter((d) => d.sessionId === sittingId);
    // One entry for the item: its decision; the amendments with it, labelled, with proposer and text.
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      voteId: decision.id,
      text: asAmended,
      outcome: 'adopted',
      number: closed.decision!.number,
    });
    expect(entries[0]!.procedure).toEqual([
      expect.objectContaining({
        voteId: first.id,
        kind: 'amendment',
        label: 'Предложение за изменение № 1',
        text: 'В т. 1 думата „приема“ се заменя с „одобрява“.',
        proposer: expect.objectContaining({ id: councillorIds[2] }),
        outcome: 'adopted',
      }),
      expect.objectContaining({
        voteId: second.id,
        outcome: 'rejected',
        proposer: expect.objectContaining({ id: councillorIds[3] }),
      }),
    ]);
  });

  it('closes the debate on an adopted motion: who still waits for the floor does not speak', async () => {
    const asked = await app.api.post('/api/council/sessions/:id/speakers', {
      params: { id: sittingId },
      body: { kind: 'speech' },
      token: member.token,
    });
    expect(asked.status).toBe(201);
    expectOk(asked);
    const vote = await open({ kind: 'procedural', motion: 'close_debate' });
    expect(vote).toMatchObject({
      itemId: items[0]!.id,
      label: 'Процедурно предложение: прекратяване на разискванията',
    });
    expect((await decide(vote.id, present())).outcome).toBe('adopted');
    const list = await ok(
      app.api.get('/api/council/sessions/:id/speakers', { params: { id: sittingId }, token: clerk.token }),
      'read the speakers',
    );
    expect(list.find((r) => r.id === asked.body.id)!.status).toBe('withdrawn');
  });

  it('pauses the sitting on an adopted motion for a break; a postponed item is left without decision', async () => {
    const breakVote = await open({ kind: 'procedural', motion: 'break', proposerId: councillorIds[4] });
    expect(breakVote).toMatchObject({ kind: 'procedural', motion: 'break', label: 'Процедурно предложение: почивка' });
    expect((await decide(breakVote.id, present())).outcome).toBe('adopted');
    expect((await sitting()).status).toBe('paused');
    expect((await app.post(url('/resume'), {}, { token: chair.token })).status).toBe(200);

    expect((await app.post(url(`/items/${urgentId}/activate`), {}, { token: chair.token })).status).toBe(200);
    const postpone = await open({ kind: 'procedural', motion: 'postpone', itemId: urgentId });
    expect((await decide(postpone.id, present())).outcome).toBe('adopted');
    const s = await sitting();
    const urgent = s.items.find((i) => i.id === urgentId)!;
    expect(urgent.state).toBe('postponed');
    expect(urgent.changes?.at(-1)).toMatchObject({ change: 'postponed', voteId: postpone.id, outcome: 'adopted' });
    const refused = await app.api.post('/api/council/sessions/:id/votes', {
      params: { id: sittingId },
      body: { itemId: urgentId },
      token: chair.token,
    });
    expectError(refused, 409, 'item_not_on_agenda');
  });

  it('the minutes show every vote labelled, the amendment with its proposer and text, and the agenda’s changes', async () => {
    const html = await app.get<string>(url('/minutes?format=html'), { token: clerk.token });
    expect(html.status).toBe(200);
    const text = String(html.body);
    const names = await ok(
      app.api.get('/api/admin/users', { query: { role: 'councillor', limit: 200 }, token: admin.token }),
      'list the councillors',
    );
    const nameOf = (id: string) => names.items.find((u) => u.id === id)!.displayName;
    for (const expected of [
      'Приемане на дневния ред (явно)',
      'Включване в дневния ред: Спешна помощ за пострадали от наводнение',
      'Оттегляне от дневния ред: Наредба за рекламата',
      'Предложение за изменение № 1',
      `Вносител: ${nameOf(councillorIds[2]!)}.`,
      'Текст на предложението: В т. 1 думата „приема“ се заменя с „одобрява“.',
      'Текст, поставен на гласуване: Одобрява отчета.',
      'Процедурно предложение: почивка',
      'Процедурно предложение: отлагане на точката',
      'Състояние: оттеглена от дневния ред.',
      'Състояние: отложена, без решение.',
      'Дневният ред е приет с гласуване',
    ])
      expect(text).toContain(expected);
  });

  it('open data lists every vote with its kind, label, text and proposer', async () => {
    const data = await app.get<VoteRow[] & { rows?: VoteRow[] }>('/api/public/council/data/votes.json');
    expect(data.status).toBe(200);
    const rows = data.body.rows ?? data.body;
    const mine = rows.filter((r) => r.sitting_id === sittingId);
    expect(mine.map((r) => r.kind)).toEqual(
      expect.arrayContaining(['agenda', 'agenda_change', 'amendment', 'decision', 'procedural']),
    );
    expect(mine.find((r) => r.label === 'Предложение за изменение № 1')).toMatchObject({
      kind: 'amendment',
      text: 'В т. 1 думата „приема“ се заменя с „одобрява“.',
      proposer_name: expect.any(String),
    });
  });

  it('what a member proposed is in their personal data, part of the public record', async () => {
    const data = await app.api.get('/api/admin/users/:id/personal-data', {
      params: { id: councillorIds[2]! },
      token: admin.token,
    });
    expect(data.status).toBe(200);
    expectOk(data);
    // The export is shapeless in the contract (every part of the portal adds its own).
    expect((data.body.council as { proposals: unknown }).proposals).toEqual([
      expect.objectContaining({ kind: 'amendment', label: 'Предложение за изменение № 1', itemId: items[0]!.id }),
    ]);
    const mine = await ok(
      app.api.get('/api/admin/users/:id/personal-data', { params: { id: member.user.id }, token: admin.token }),
      'export the member’s personal data',
    );
    expect((mine.council as { itemsProposed: unknown }).itemsProposed).toEqual([
      expect.objectContaining({ id: urgentId, state: 'postponed', title: 'Спешна помощ за пострадали от наводнение' }),
    ]);
  });

  it('an administrator turns the rule off for a body whose rulebook says so: an item is voted first', async () => {
    const body = (b: BodyOf<'PATCH', '/api/council/bodies/:id'>, token = admin.token) =>
      app.api.patch('/api/council/bodies/:id', { params: { id: councilId }, body: b, token });
    expect((await body({ agendaVote: false }, clerk.token)).status).toBe(403);
    const off = await body({ agendaVote: false });
    expect([off.status, viewOf(off)?.agendaVote]).toEqual([200, false]);
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    startsAt.setUTCHours(8, 0, 0, 0);
    const other = await openSittingWith(app, { clerk, chair }, { title: 'Без гласуване на дневния ред', startsAt });
    const at = (p: string) => `/api/council/sessions/${other.id}${p}`;
    expect(
      (await app.post(at('/attendance/bulk'), { userIds: present(), present: true }, { token: clerk.token })).status,
    ).toBe(200);
    const vote = await app.api.post('/api/council/sessions/:id/votes', {
      params: { id: other.id },
      body: { itemId: other.items[0]!.id },
      token: chair.token,
    });
    expect([vote.status, viewOf(vote)?.kind]).toEqual([201, 'decision']);
    expectOk(vote);
    expect((await showOfHands(app, vote.body.id, present(), { clerk, chair })).passed).toBe(true);
    // Turned on again, the next sitting's first vote adopts the agenda.
    expect(viewOf(await body({ agendaVote: true }))?.agendaVote).toBe(true);
  });
});
