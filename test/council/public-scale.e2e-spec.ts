import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { RegisterEntry, SittingsPage } from '../../libs/contracts/src/index.js';
import { expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { freshDatabase, type TestDatabase } from '../support/database.js';
import { withConnection } from '../support/fingerprint.js';
import { adoptAgenda, openSittingWith, showOfHands } from '../support/council.js';

/**
 * The public record at scale (issue 16, Tests): 300 published past sittings (200 of the council,
 * 100 of a committee) and 3,000 decisions. One sitting is held through the API (published,
 * opened, voted, decided, closed); its rows — the meeting and its invitees, the sitting, the
 * item, the vote and the decision as the real code wrote them — are then cloned by SQL with new
 * ids, times, titles and register numbers, and the template itself removed. The suite proves
 * that paging visits every sitting and every decision exactly once and in order, that the year,
 * body and date filters and the words (Cyrillic, whatever the case) find exactly the right ones,
 * and that limits beyond the maximum are refused.
 */
/** A sitting in the public list (the items of a {@link SittingsPage}). */
type SittingListItem = SittingsPage['items'][number];

const SITTINGS = 300;
const ITEMS_PER_COUNCIL_SITTING = 15;
const ITEMS_PER_COMMITTEE_SITTING = 2;
const DAY = 86_400_000;

/** A version-4 shaped id from a seed (as ids the database makes): in JavaScript and in SQL. */
const uuidOf = (seed: string) => {
  const h = createHash('md5').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20)}`;
};
const uuidSql = (seed: string) => `overlay(overlay(md5(${seed}) placing '4' from 13) placing '8' from 17)::uuid`;
const budget = (g: number, k: number) => k === 1 && g % 10 === 0;
/** The same titles in SQL (`p.g`, `k`) and in JavaScript. */
const TITLE_SQL = `CASE WHEN k = 1 AND p.g % 10 = 0 THEN 'Приемане на Бюджет на Общината, заседание ' || p.g
                   ELSE 'Точка ' || k || ' на заседание ' || p.g END`;
const TEXT_SQL = `'Общинският съвет решава по точка ' || k || ' на заседание ' || p.g || '.'`;

interface Planned {
  g: number;
  id: string;
  committee: boolean;
  startsAt: Date;
  /** Council sittings oldest first: 0, 1, … (their decisions are numbered in this order). */
  rank: number;
}

describe('the public record at scale: 300 sittings, 3,000 decisions', () => {
  let db: TestDatabase;
  let app: TestApp;
  let base: Date;
  let councilId: string;
  let committeeId: string;
  const plan: Planned[] = [];

  beforeAll(async () => {
    db = await freshDatabase();
    app = await TestApp.start({ db });
    const [admin, clerk, chair]: SignedIn[] = await Promise.all([
      app.login('admin'),
      app.login('clerk'),
      app.login('chair'),
    ]);
    // The template: a sitting held through the API, with one item decided by the council.
    const sitting = await openSittingWith(
      app,
      { clerk, chair },
      {
        title: 'Образец',
        startsAt: new Date(Date.now() + 2 * DAY),
        agenda: [{ title: 'Образец', voteMode: 'open', majority: 'present', draftDecision: 'Образец.' }],
      },
    );
    councilId = sitting.body!.id;
    const url = `/api/council/sessions/${sitting.id}`;
    const users = await ok(
      app.api.get('/api/admin/users', { query: { q: 'councillor', limit: 100 }, token: admin.token }),
      'the councillors',
    );
    const present: string[] = [chair.user.id, ...users.items.map((u) => u.id)].slice(0, 40);
    expect(
      (await app.post(`${url}/attendance/bulk`, { userIds: present, present: true }, { token: clerk.token })).status,
    ).toBe(200);
    // The sitting’s first vote adopts its agenda (issue 15).
    await adoptAgenda(app, sitting.id, { clerk, chair }, present);
    const vote = await app.api.post('/api/council/sessions/:id/votes', {
      params: { id: sitting.id },
      body: { itemId: sitting.items[0]!.id },
      token: chair.token,
    });
    expectOk(vote, 201);
    expect((await showOfHands(app, vote.body.id, present, { clerk, chair })).passed).toBe(true);
    expect((await app.post(`${url}/close`, {}, { token: chair.token })).status).toBe(200);
    const committee = await app.api.post('/api/council/bodies', {
      body: { name: 'Постоянна комисия по финанси', memberIds: present.slice(1, 6), chairId: present[1] },
      token: clerk.token,
    });
    expectOk(committee, 201);
    committeeId = committee.body.id;
    await app.close({ keepDatabase: true });

    const today = new Date();
    base = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - 10, 7, 0, 0));
    for (let g = 1; g <= SITTINGS; g++)
      plan.push({
        g,
        id: uuidOf(`s${g}`),
        committee: g % 3 === 0,
        startsAt: new Date(base.getTime() - g * 5 * DAY),
        rank: -1,
      });
    plan
      .filter((p) => !p.committee)
      .sort((a, b) => b.g - a.g)
      .forEach((p, n) => (p.rank = n));

    await withConnection(db, async (sql) => {
      const T = sitting.id;
      for (const statement of [
        `CREATE TEMP TABLE tpl_session AS SELECT * FROM council_session WHERE id = '${T}'`,
        `CREATE TEMP TABLE tpl_meeting AS SELECT m.* FROM meeting m JOIN tpl_session s ON s.meeting_id = m.id`,
        `CREATE TEMP TABLE tpl_participant AS SELECT p.* FROM meeting_participant p JOIN tpl_session s ON s.meeting_id = p.meeting_id`,
        `CREATE TEMP TABLE tpl_item AS SELECT * FROM council_agenda_item WHERE session_id = '${T}'`,
        // The item's vote only: the agenda's adoption (the sitting's first vote) is not cloned.
        `CREATE TEMP TABLE tpl_vote AS SELECT * FROM council_vote WHERE session_id = '${T}' AND kind = 'decision'`,
        `CREATE TEMP TABLE tpl_decision AS SELECT * FROM council_decision WHERE session_id = '${T}'`,
        // The template goes (with its sitting, item, vote and decision: ON DELETE CASCADE).
        `DELETE FROM meeting WHERE id = (SELECT meeting_id FROM tpl_session)`,
        `CREATE TEMP TABLE plan AS
           SELECT g, g % 3 = 0 AS committee, ${uuidSql(`'s' || g`)} AS sid, ${uuidSql(`'m' || g`)} AS mid,
                  '${base.toISOString()}'::timestamptz - g * interval '5 days' AS starts, NULL::int AS c
             FROM generate_series(1, ${SITTINGS}) g`,
        `UPDATE plan p SET c = r.c FROM (SELECT g, (row_number() OVER (ORDER BY g DESC) - 1)::int AS c
                                          FROM plan WHERE NOT committee) r WHERE r.g = p.g`,
        `INSERT INTO meeting SELECT (jsonb_populate_record(NULL::meeting, to_jsonb(m) || jsonb_build_object(
           'id', p.mid, 'title', 'Заседание ' || p.g, 'starts_at', p.starts, 'ends_at', p.starts + interval '2 hours',
           'ical_uid', p.mid || '@scale',
           'kind', CASE WHEN p.committee THEN 'committee_meeting' ELSE m.kind END))).*
           FROM tpl_meeting m, plan p`,
        `INSERT INTO meeting_participant SELECT (jsonb_populate_record(NULL::meeting_participant,
           to_jsonb(x) || jsonb_build_object('meeting_id', p.mid))).* FROM tpl_participant x, plan p`,
        `INSERT INTO council_session SELECT (jsonb_populate_record(NULL::council_session, to_jsonb(s) || jsonb_build_object(
           'id', p.sid, 'meeting_id', p.mid, 'number', p.g, 'title', 'Заседание ' || p.g,
           'body_id', CASE WHEN p.committee THEN '${committeeId}'::uuid ELSE s.body_id END,
           'starts_at', p.starts, 'ends_at', p.starts + interval '2 hours', 'published_at', p.starts - interval '10 days',
           'opened_at', p.starts, 'closed_at', p.starts + interval '2 hours', 'current_item_id', NULL,
           'agenda_vote_id', NULL, 'agenda_adopted_at', NULL,
           'created_at', p.starts - interval '12 days', 'updated_at', p.starts + interval '2 hours'))).*
           FROM tpl_session s, plan p`,
        `INSERT INTO council_agenda_item SELECT (jsonb_populate_record(NULL::council_agenda_item, to_jsonb(i) || jsonb_build_object(
           'id', ${uuidSql(`'i' || p.g || '-' || k`)}, 'session_id', p.sid, 'position', k,
           'title', ${TITLE_SQL}, 'draft_decision', ${TEXT_SQL}))).*
           FROM tpl_item i, plan p, generate_series(1, ${ITEMS_PER_COUNCIL_SITTING}) k
          WHERE k <= CASE WHEN p.committee THEN ${ITEMS_PER_COMMITTEE_SITTING} ELSE ${ITEMS_PER_COUNCIL_SITTING} END`,
        `INSERT INTO council_vote SELECT (jsonb_populate_record(NULL::council_vote, to_jsonb(v) || jsonb_build_object(
           'id', ${uuidSql(`'v' || p.g || '-' || k`)}, 'session_id', p.sid, 'item_id', ${uuidSql(`'i' || p.g || '-' || k`)},
           'opened_at', p.starts + k * interval '5 minutes', 'closed_at', p.starts + k * interval '5 minutes' + interval '1 minute'))).*
           FROM tpl_vote v, plan p, generate_series(1, ${ITEMS_PER_COUNCIL_SITTING}) k WHERE NOT p.committee`,
        `INSERT INTO council_decision SELECT (jsonb_populate_record(NULL::council_decision, to_jsonb(d) || jsonb_build_object(
           'id', ${uuidSql(`'d' || p.g || '-' || k`)}, 'vote_id', ${uuidSql(`'v' || p.g || '-' || k`)}, 'session_id', p.sid,
           'item_id', ${uuidSql(`'i' || p.g || '-' || k`)}, 'number', p.c * ${ITEMS_PER_COUNCIL_SITTING} + k,
           'title', ${TITLE_SQL}, 'text', ${TEXT_SQL}, 'protocol_number', p.g,
           'decided_at', p.starts + k * interval '5 minutes' + interval '1 minute'))).*
           FROM tpl_decision d, plan p, generate_series(1, ${ITEMS_PER_COUNCIL_SITTING}) k WHERE NOT p.committee`,
      ])
        await sql.query(statement);
      const counts = await sql.query(
        `SELECT (SELECT count(*)::int FROM council_session) AS sittings, (SELECT count(*)::int FROM council_decision) AS decisions`,
      );
      expect(counts.rows[0]).toEqual({ sittings: SITTINGS, decisions: 3000 });
    });
    app = await TestApp.start({ db });
  }, 240_000);

  afterAll(async () => {
    await app?.close();
  });

  /** A page of the public sittings (`T` a {@link SittingListItem}) or of the register (a {@link RegisterEntry}). */
  interface Paged<T> {
    items: T[];
    total: number;
    limit: number;
    offset: number;
  }
  const get = async <T>(path: string) => {
    const res = await app.get<Paged<T>>(path);
    expect(res.status).toBe(200);
    return res.body;
  };
  /** Every page of a search, `limit` at a time, until the total is reached. */
  const allPages = async <T>(path: string, limit: number) => {
    const first = await get<T>(`${path}${path.includes('?') ? '&' : '?'}limit=${limit}&offset=0`);
    const items = [...first.items];
    for (let offset = limit; offset < first.total; offset += limit) {
      const page = await get<T>(`${path}${path.includes('?') ? '&' : '?'}limit=${limit}&offset=${offset}`);
      expect(page.total).toBe(first.total);
      items.push(...page.items);
    }
    return { items, total: first.total };
  };
  const latestFirst = (rows: Planned[]) => [...rows].sort((a, b) => a.g - b.g).map((p) => p.id);

  it('paging visits every past sitting exactly once, latest first', async () => {
    const { items, total } = await allPages<SittingListItem>('/api/public/council/sittings?when=past', 100);
    expect(total).toBe(SITTINGS);
    expect(items.map((s) => s.id)).toEqual(latestFirst(plan));
    expect(new Set(items.map((s) => s.id)).size).toBe(SITTINGS);
    // An odd page size over the same list: the same order, nothing twice, nothing missed.
    expect((await allPages<SittingListItem>('/api/public/council/sittings', 37)).items.map((s) => s.id)).toEqual(
      latestFirst(plan),
    );
    const beyond = await get<SittingListItem>(`/api/public/council/sittings?limit=100&offset=${SITTINGS}`);
    expect(beyond).toMatchObject({ items: [], total: SITTINGS });
    expect((await get<SittingListItem>('/api/public/council/sittings?when=upcoming')).total).toBe(0);
  });

  it('filters by the Sofia year and by body', async () => {
    const years = [...new Set(plan.map((p) => DateTime.fromJSDate(p.startsAt).setZone('Europe/Sofia').year))];
    expect(years.length).toBeGreaterThanOrEqual(4);
    for (const year of years) {
      const want = plan.filter((p) => DateTime.fromJSDate(p.startsAt).setZone('Europe/Sofia').year === year);
      const { items, total } = await allPages<SittingListItem>(`/api/public/council/sittings?year=${year}`, 50);
      expect(total).toBe(want.length);
      expect(items.map((s) => s.id)).toEqual(latestFirst(want));
    }
    const committee = await allPages<SittingListItem>(`/api/public/council/sittings?bodyId=${committeeId}`, 100);
    expect(committee.items.map((s) => s.id)).toEqual(latestFirst(plan.filter((p) => p.committee)));
    expect(committee.items.every((s) => s.body?.id === committeeId)).toBe(true);
    const council = await allPages<SittingListItem>(`/api/public/council/sittings?bodyId=${councilId}&when=past`, 100);
    expect(council.total).toBe(200);
    expect(council.items.map((s) => s.id)).toEqual(latestFirst(plan.filter((p) => !p.committee)));
  });

  it('finds sittings and decisions by words of their agenda, in Cyrillic whatever the case', async () => {
    const sittings = latestFirst(plan.filter((p) => budget(p.g, 1)));
    expect(sittings).toHaveLength(30);
    const decisions = plan
      .filter((p) => !p.committee && budget(p.g, 1))
      .sort((a, b) => a.rank - b.rank)
      .map((p) => uuidOf(`d${p.g}-1`));
    expect(decisions).toHaveLength(20);
    for (const q of ['бюджет', 'БЮДЖЕТ', 'Бюджет']) {
      const s = await allPages<SittingListItem>(`/api/public/council/sittings?q=${encodeURIComponent(q)}`, 100);
      expect(s.items.map((x) => x.id)).toEqual(sittings);
      const d = await allPages<RegisterEntry>(`/api/public/council/register?q=${encodeURIComponent(q)}`, 100);
      expect(d.items.map((x) => x.id)).toEqual(decisions);
    }
    // A word of the decision's text only (not its title), with the words of one sitting.
    const only = await get<RegisterEntry>(
      `/api/public/council/register?q=${encodeURIComponent('РЕШАВА ПО ТОЧКА 7 НА ЗАСЕДАНИЕ 101.')}`,
    );
    expect(only.items.map((x) => x.id)).toEqual([uuidOf('d101-7')]);
    const year = DateTime.fromJSDate(plan[40]!.startsAt).setZone('Europe/Sofia').year;
    const both = await allPages<SittingListItem>(
      `/api/public/council/sittings?q=${encodeURIComponent('бюджет')}&year=${year}`,
      100,
    );
    expect(both.items.map((x) => x.id)).toEqual(
      latestFirst(
        plan.filter((p) => budget(p.g, 1) && DateTime.fromJSDate(p.startsAt).setZone('Europe/Sofia').year === year),
      ),
    );
  });

  it('the register pages through 3,000 decisions in number order', async () => {
    const { items, total } = await allPages<RegisterEntry>('/api/public/council/register', 100);
    expect(total).toBe(3000);
    expect(items.map((d) => d.number)).toEqual(Array.from({ length: 3000 }, (_, n) => n + 1));
    const byRank = plan.filter((p) => !p.committee).sort((a, b) => a.rank - b.rank);
    expect(items.map((d) => d.id)).toEqual(
      byRank.flatMap((p) => Array.from({ length: ITEMS_PER_COUNCIL_SITTING }, (_, k) => uuidOf(`d${p.g}-${k + 1}`))),
    );
    expect(items.every((d) => d.outcome === 'adopted' && d.subject === 'other')).toBe(true);
    // One decision by its number, and one Sofia day's decisions (a sitting's fifteen).
    const n = 1234;
    expect((await get<RegisterEntry>(`/api/public/council/register?number=${n}`)).items.map((d) => d.id)).toEqual([
      items[n - 1]!.id,
    ]);
    const day = DateTime.fromISO(items[n - 1]!.decidedAt)
      .setZone('Europe/Sofia')
      .toISODate();
    const sameDay = await get<RegisterEntry>(`/api/public/council/register?from=${day}&to=${day}&limit=100`);
    expect(sameDay.total).toBe(ITEMS_PER_COUNCIL_SITTING);
    expect(sameDay.items.every((d) => d.sessionId === items[n - 1]!.sessionId)).toBe(true);
  });

  it('refuses limits beyond the maximum and bad offsets with 400, naming the field', async () => {
    for (const route of ['sittings', 'register'])
      for (const [query, field] of [
        ['limit=101', 'limit'],
        ['limit=0', 'limit'],
        ['limit=-5', 'limit'],
        ['offset=-1', 'offset'],
        ['offset=100001', 'offset'],
        ['limit=abc', 'limit'],
      ] as const) {
        const res = await app.get(`/api/public/council/${route}?${query}`);
        expect(res.status).toBe(400);
        expect(JSON.stringify(res.body)).toContain(field);
      }
    expect((await get<RegisterEntry>('/api/public/council/register?limit=100')).items).toHaveLength(100);
  });

  it('a cloned sitting’s public page holds its agenda, its votes and its numbered decisions', async () => {
    const p = plan.find((x) => x.g === 10)!;
    const res = await app.api.get('/api/public/council/sessions/:id', { params: { id: p.id } });
    expectOk(res, 200);
    const view = res.body;
    expect(view.items).toHaveLength(ITEMS_PER_COUNCIL_SITTING);
    expect(view.items[0]!.title).toBe('Приемане на Бюджет на Общината, заседание 10');
    expect(view.votes.map((v) => v.decision?.number)).toEqual(
      Array.from({ length: ITEMS_PER_COUNCIL_SITTING }, (_, k) => p.rank * ITEMS_PER_COUNCIL_SITTING + k + 1),
    );
  });
});
