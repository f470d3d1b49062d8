import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import ICAL from 'ical.js';
import jsonld, { type JsonLdDocument } from 'jsonld';
import type { ErrorBody } from '../../libs/contracts/src/index.js';
import { ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { adoptAgenda, openSittingWith, openVote, showOfHands } from '../support/council.js';

/**
 * The council's open data (issue 16, part 5): six datasets across all published sittings as
 * CSV and JSON with their Table Schemas, a DCAT-AP catalogue in JSON-LD, and an iCalendar feed
 * of the sittings, all without login, with ETags. Parsed with real parsers (csv-parse,
 * jsonld, ical.js) and compared with what the public API says of the same sittings. A draft is
 * nowhere in them.
 */
const DATASETS = ['sittings', 'agenda-items', 'attendance', 'votes', 'ballots', 'decisions'] as const;
const DATA = '/api/public/council/data';
const DRAFT_TITLE = 'Чернова, която никой не бива да види';
/**
 * A row of a dataset's JSON: its fields are the dataset's Table Schema (served beside it, read
 * by the first test); libs/contracts has no type of the rows.
 */
type DataRow = Record<string, string | number | boolean | null>;
/** A node of expanded JSON-LD: every property an array of values (nodes, `@id`s, `@value`s). */
interface LdNode {
  '@id'?: string;
  '@type'?: string[];
  '@language'?: string;
  [property: string]: LdNode[] | string[] | string | undefined;
}
const values = (node: LdNode, property: string) => (node[property] ?? []) as LdNode[];

describe('council open data', () => {
  let app: TestApp;
  let clerk: SignedIn;
  let chair: SignedIn;
  let sittingId: string;
  let agendaVote: string;
  let rollCallVote: string;
  let secretVote: string;

  beforeAll(async () => {
    app = await TestApp.start();
    const admin = await app.login('admin');
    [clerk, chair] = await Promise.all([app.login('clerk'), app.login('chair')]);
    const sitting = await openSittingWith(
      app,
      { clerk, chair },
      {
        title: 'Заседание „Отворени данни“, с кавички и, запетая',
        startsAt: new Date(Date.now() + 2 * 86_400_000),
        agenda: [
          { title: 'Поименно гласуване', voteMode: 'roll_call', majority: 'present' },
          { title: 'Тайно гласуване', voteMode: 'secret', majority: 'present' },
        ],
      },
    );
    sittingId = sitting.id;
    const url = `/api/council/sessions/${sittingId}`;
    const users = await ok(
      app.api.get('/api/admin/users', { query: { q: 'councillor', limit: 100 }, token: admin.token }),
      'users',
    );
    const present: string[] = [chair.user.id, ...users.items.map((u) => u.id)].slice(0, 30);
    expect(
      (await app.post(`${url}/attendance/bulk`, { userIds: present, present: true }, { token: clerk.token })).status,
    ).toBe(200);
    // A roll call (the clerk records each member's hand in the hall), adopted.
    // The sitting’s first vote adopts its agenda (issue 15).
    agendaVote = await adoptAgenda(app, sittingId, { clerk, chair }, present);
    const first = sitting.items[0].id;
    const second = sitting.items[1].id;
    await app.post(`${url}/items/${first}/activate`, {}, { token: chair.token });
    rollCallVote = await openVote(app, sittingId, first, chair, 'the roll call');
    expect((await showOfHands(app, rollCallVote, present.slice(0, 20), { clerk, chair })).passed).toBe(true);
    // A secret vote: three members vote themselves; not enough, rejected.
    await app.post(`${url}/items/${second}/activate`, {}, { token: chair.token });
    secretVote = await openVote(app, sittingId, second, chair, 'the secret vote');
    for (const name of ['councillor01', 'councillor02', 'councillor03']) {
      const member = await app.login(name);
      expect(
        (await app.post(`/api/council/votes/${secretVote}/ballots`, { choice: 'for' }, { token: member.token })).status,
      ).toBe(201);
    }
    expect((await app.post(`/api/council/votes/${secretVote}/close`, {}, { token: chair.token })).status).toBe(200);
    // A draft, never published.
    const draft = await app.post(
      '/api/council/sessions',
      {
        title: DRAFT_TITLE,
        startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 30 * 86_400_000 + 3_600_000).toISOString(),
        agenda: [{ title: 'Скрита точка', voteMode: 'open', majority: 'present' }],
      },
      { token: clerk.token },
    );
    expect(draft.status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  /** A dataset as CSV (parsed by csv-parse, every cell a string) and as JSON. */
  const both = async (name: string) => {
    const csvRes = await app.get(`${DATA}/${name}.csv`);
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    const text = csvRes.body as string;
    const header = parse(text, { to_line: 1 })[0] as string[];
    const rows = parse(text, { columns: true, relax_column_count: false }) as Record<string, string>[];
    const json = await app.get(`${DATA}/${name}.json`);
    expect(json.status).toBe(200);
    return { header, rows, json: json.body as Record<string, unknown>[] };
  };
  const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));

  it('each dataset parses as CSV, says the same as its JSON, and follows its Table Schema', async () => {
    for (const name of DATASETS) {
      const { header, rows, json } = await both(name);
      const schema = (await app.get<{ fields: { name: string; type: string }[] }>(`${DATA}/${name}.schema.json`)).body;
      expect(schema.fields.map((f) => f.name)).toEqual(header);
      expect(rows).toHaveLength(json.length);
      rows.forEach((row, i) => {
        for (const f of schema.fields) {
          expect(row[f.name]).toBe(cell(json[i]![f.name]));
          const v = row[f.name]!;
          if (v === '') continue;
          if (f.type === 'integer') expect(v).toMatch(/^-?\d+$/);
          if (f.type === 'boolean') expect(['true', 'false']).toContain(v);
          if (f.type === 'datetime') expect(new Date(v).toISOString()).toBe(v);
        }
      });
      expect(JSON.stringify(json)).not.toContain(DRAFT_TITLE);
    }
  });

  it('matches the public API: the sitting, its agenda, attendance by name, votes as closed, roll-call ballots, decisions', async () => {
    const view = await ok(app.api.get('/api/public/council/sessions/:id', { params: { id: sittingId } }), 'sitting');
    const data = Object.fromEntries(
      await Promise.all(DATASETS.map(async (n) => [n, (await app.get<DataRow[]>(`${DATA}/${n}.json`)).body])),
    ) as Record<(typeof DATASETS)[number], DataRow[]>;

    expect(data.sittings.find((s) => s.id === sittingId)).toEqual({
      id: view.id,
      body_id: view.body!.id,
      body_name: view.body!.name,
      number: view.number,
      title: view.title,
      status: view.status,
      extraordinary: true,
      starts_at: view.startsAt,
      ends_at: view.endsAt,
      agenda_published_at: view.publishedAt,
      opened_at: view.openedAt,
      closed_at: null,
      minutes_published_at: null,
      items: 2,
    });
    expect(
      data['agenda-items'].filter((i) => i.sitting_id === sittingId).map((i) => [i.id, i.position, i.title]),
    ).toEqual(view.items.map((i) => [i.id, i.position, i.title]));
    const attendance = data.attendance.filter((a) => a.sitting_id === sittingId);
    expect(attendance).toHaveLength(30);
    expect(attendance.map((a) => [a.member_id, a.member_name, a.checked_in_at])).toEqual(
      view.attendance.map((a) => [a.member.id, a.member.displayName, a.checkedInAt]),
    );
    const votes = data.votes.filter((v) => v.sitting_id === sittingId);
    expect(votes.map((v) => v.id).sort()).toEqual([agendaVote, rollCallVote, secretVote].sort());
    for (const v of votes) {
      const api = view.votes.find((x) => x.id === v.id)!;
      expect(v).toMatchObject({
        mode: api.mode,
        outcome: api.result!.outcome,
        present: api.result!.present,
        for: api.result!.counts.for,
        against: api.result!.counts.against,
        abstain: api.result!.counts.abstain,
        decision_number: api.decision?.number ?? null,
      });
    }
    expect(votes.find((v) => v.id === secretVote)).toMatchObject({ outcome: 'rejected', for: 3 });
    // Ballots by name for the roll call only; none of the secret vote's, nor of the show of hands
    // that adopted the agenda (an open vote: counted, not named).
    const ballots = data.ballots.filter((b) => b.sitting_id === sittingId);
    const roll = view.votes.find((x) => x.id === rollCallVote)!.roll!;
    expect(ballots.map((b) => [b.vote_id, b.member_id, b.member_name, b.choice, b.recorded_by])).toEqual(
      roll.map((r) => [rollCallVote, r.member.id, r.member.displayName, r.choice, r.recordedBy]),
    );
    expect(ballots).toHaveLength(20);
    expect(data.ballots.some((b) => b.vote_id === secretVote)).toBe(false);
    // The register, as the API gives it.
    const register = await ok(app.api.get('/api/public/council/decisions'), 'decisions');
    expect(data.decisions.map((d) => [d.id, d.number, d.outcome, d.vote_id])).toEqual(
      register.map((d) => [d.id, d.number, d.outcome, d.voteId]),
    );
    expect(data.decisions.filter((d) => d.sitting_id === sittingId)).toHaveLength(2);
  });

  it('the DCAT-AP catalogue is valid JSON-LD and every distribution it lists can be downloaded', async () => {
    const res = await app.get<JsonLdDocument>(`${DATA}/catalog.jsonld`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    const expanded = (await jsonld.expand(res.body)) as LdNode[];
    const DCAT = 'http://www.w3.org/ns/dcat#';
    const DCT = 'http://purl.org/dc/terms/';
    const catalog = expanded.find((n) => n['@type']?.includes(`${DCAT}Catalog`))!;
    expect(
      values(catalog, `${DCT}title`)
        .map((t) => t['@language'])
        .sort(),
    ).toEqual(['bg', 'en']);
    expect(catalog[`${DCT}publisher`]).toBeDefined();
    const datasets = values(catalog, `${DCAT}dataset`);
    expect(datasets).toHaveLength(DATASETS.length);
    for (const d of datasets) {
      expect(d['@type']).toContain(`${DCAT}Dataset`);
      expect(d[`${DCT}description`]).toBeDefined();
      const distributions = values(d, `${DCAT}distribution`);
      expect(distributions.map((x) => values(x, `${DCAT}mediaType`)[0]!['@id']).sort()).toEqual([
        'http://www.iana.org/assignments/media-types/application/json',
        'http://www.iana.org/assignments/media-types/text/csv',
      ]);
      for (const x of distributions) {
        const url = new URL(values(x, `${DCAT}downloadURL`)[0]!['@id']!);
        expect(url.origin).toBe(app.url);
        const got = await app.get(url.pathname);
        expect(got.status).toBe(200);
        const schema = new URL(values(x, `${DCT}conformsTo`)[0]!['@id']!);
        expect((await app.get(schema.pathname)).status).toBe(200);
      }
    }
  });

  it('the iCalendar feed holds every published sitting, never a draft, with times in UTC', async () => {
    const res = await app.get('/api/public/council/calendar.ics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = res.body as string;
    expect(text).not.toContain('Чернова');
    const cal = new ICAL.Component(ICAL.parse(text));
    const events = cal.getAllSubcomponents('vevent');
    const published = await ok(app.api.get('/api/public/council/sessions'), 'sittings');
    expect(events).toHaveLength(published.length);
    const ours = events.find((e) => e.getFirstPropertyValue('uid') === `council-session-${sittingId}@egov-box`)!;
    expect(ours).toBeDefined();
    const view = published.find((s) => s.id === sittingId)!;
    expect(ours.getFirstPropertyValue('sequence')).toBe(view.version);
    for (const prop of ['dtstamp', 'dtstart', 'dtend', 'last-modified']) {
      const t = ours.getFirstPropertyValue(prop) as InstanceType<typeof ICAL.Time>;
      expect(t.zone?.tzid).toBe('UTC');
    }
    // iCalendar times are whole seconds.
    const start = (ours.getFirstPropertyValue('dtstart') as InstanceType<typeof ICAL.Time>).toJSDate().getTime();
    expect(start).toBe(Math.floor(Date.parse(view.startsAt) / 1000) * 1000);
    expect(String(ours.getFirstPropertyValue('url'))).toBe(`${app.url}/public/sessions/${sittingId}`);
  });

  it('answers 304 to a harvester that holds the current version, and a new ETag once the record changes', async () => {
    const first = await app.get(`${DATA}/attendance.csv`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await app.request('GET', `${DATA}/attendance.csv`, undefined, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body === '' || again.body === undefined || again.body === null).toBe(true);
    // A member leaves: the attendance dataset changes, and so does its tag.
    const url = `/api/council/sessions/${sittingId}`;
    expect(
      (await app.post(`${url}/attendance`, { userId: chair.user.id, present: false }, { token: clerk.token })).status,
    ).toBe(200);
    const changed = await app.request('GET', `${DATA}/attendance.csv`, undefined, {
      headers: { 'if-none-match': etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('refuses a dataset or a format it does not have', async () => {
    for (const file of ['unknown.csv', 'sittings.xml', 'sittings', '..%2Fsittings.csv']) {
      const res = await app.get<ErrorBody>(`${DATA}/${file}`);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
  });
});
