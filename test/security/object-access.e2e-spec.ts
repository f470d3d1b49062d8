import { expectOk } from '../support/api.js';
import { TestApp } from '../support/app.js';
import { fieldOf } from '../support/events.js';
import { AnswerChecker, type OpenApiDocument } from '../support/openapi.js';
import { configuredLiveKit, type ConfiguredLiveKit } from '../support/livekit/real.js';
import { changedTables, fingerprint, liveFingerprint, snapshot } from '../support/fingerprint.js';
import {
  askForFloor,
  buildWorld,
  openVoteWithQuorum,
  resolvePath,
  type Persona,
  type World,
} from '../support/world.js';
import { PERMISSION_NAMES, ruleOf, type Permission } from '../../libs/platform/src/access/permissions.js';
import { ROUTE_RULES } from './access-table.js';
import {
  NEVER_SEEN_KEYS,
  NO_OBJECT_ROW,
  NO_OBJECT_RULE,
  OBJECT_ROWS,
  PRIVATE_TO_MEMBERS,
  PRIVATE_TO_OTHERS,
  type ObjectRow,
} from './object-access-table.js';

/** `METHOD /template` of the OpenAPI route a concrete request goes to (literal segments win). */
function routeOf(method: string, path: string, operations: string[]): string | undefined {
  const bare = path.split('?')[0]!;
  const params = (op: string) => op.match(/\{/g)?.length ?? 0;
  return operations
    .filter((op) => {
      const [m, template] = op.split(' ') as [string, string];
      const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
      return m === method && new RegExp(`^${pattern}$`).test(bare);
    })
    .sort((a, b) => params(a) - params(b))[0];
}

/** Every key path in a JSON value (for the never-seen checks). */
function walk(value: unknown, visit: (key: string, v: unknown, parent: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) for (const v of value) walk(v, visit);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      visit(k, v, value as Record<string, unknown>);
      walk(v, visit);
    }
  }
}

describe('object- and property-level access (table-driven)', () => {
  let lk: ConfiguredLiveKit;
  let app: TestApp;
  let w: World;
  let getRoutes: string[];
  /** `METHOD /template` of every operation of the OpenAPI document. */
  let operations: string[];
  let doc: OpenApiDocument;
  let answers: AnswerChecker;

  beforeAll(async () => {
    // A real LiveKit server, so video routes answer on their merits (not 503).
    lk = await configuredLiveKit();
    app = await TestApp.start({ env: { KNOCK_EXPIRY_SECONDS: '3600', ...lk.env } });
    w = await buildWorld(app);
    w.voteId = await openVoteWithQuorum(app, w, w.itemIds[0]!);
    // The only ballot of this world is secret: no answer may ever show a choice.
    const ballot = await app.post(
      `/api/council/votes/${w.voteId}/ballots`,
      { choice: 'against' },
      {
        token: w.s.councillor.token,
      },
    );
    expect(ballot.status).toBe(201);
    await askForFloor(app, w);
    doc = (await app.get<OpenApiDocument>('/api/docs-json')).body;
    getRoutes = Object.entries(doc.paths)
      .filter(([, methods]) => 'get' in methods)
      .map(([path]) => path);
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await lk?.close();
  });

  const tokenOf = (as: Persona | 'anonymous') => (as === 'anonymous' ? undefined : w.s[as].token);
  const send = (row: ObjectRow) =>
    row.raw
      ? app.request(row.method, row.path(w), undefined, {
          token: tokenOf(row.as),
          raw: row.raw.text,
          headers: { 'content-type': row.raw.type },
        })
      : app.request(row.method, row.path(w), row.body?.(w), { token: tokenOf(row.as) });

  it('every route of the OpenAPI document has a row or a reason why nothing object-level applies', () => {
    const covered = new Map<string, number>();
    const strays: string[] = [];
    for (const row of OBJECT_ROWS) {
      const route = routeOf(row.method, row.path(w), operations);
      if (!route) strays.push(`${row.what}: ${row.method} ${row.path(w)} is no route`);
      else covered.set(route, (covered.get(route) ?? 0) + 1);
    }
    expect(strays).toEqual([]);
    expect(operations.filter((op) => !covered.has(op) && !(op in NO_OBJECT_RULE))).toEqual([]);
    // An exemption names a real route, and no route is both exempt and in the table.
    expect(Object.keys(NO_OBJECT_RULE).filter((op) => !operations.includes(op))).toEqual([]);
    expect(Object.keys(NO_OBJECT_RULE).filter((op) => covered.has(op))).toEqual([]);
  });

  it('every permission with an object check is refused on someone else’s object, or says why not', () => {
    // The permission a row exercises: the one it names, else its route's (access-table.ts).
    const exercised = new Set<Permission>();
    for (const row of OBJECT_ROWS) {
      const route = routeOf(row.method, row.path(w), operations);
      const rule = route ? ROUTE_RULES[route] : undefined;
      if (row.permission) exercised.add(row.permission);
      else if (rule && typeof rule === 'object' && 'permission' in rule) exercised.add(rule.permission);
    }
    // A check that only asks whether the object exists refuses no one: nothing object-level to test.
    const objectLevel = PERMISSION_NAMES.filter((p) => {
      const check = ruleOf(p).check;
      return check !== undefined && !check.endsWith('.exists');
    });
    expect(objectLevel.filter((p) => !exercised.has(p) && !(p in NO_OBJECT_ROW))).toEqual([]);
    // An exemption names an object-level permission that no row exercises.
    expect(Object.keys(NO_OBJECT_ROW).filter((p) => !objectLevel.includes(p as Permission))).toEqual([]);
    expect(Object.keys(NO_OBJECT_ROW).filter((p) => exercised.has(p as Permission))).toEqual([]);
    // A row names a permission of the vocabulary that has an object check.
    expect(OBJECT_ROWS.filter((r) => r.permission && !objectLevel.includes(r.permission)).map((r) => r.what)).toEqual(
      [],
    );
  });

  it('a refusal that could come from a wrong id (404) always has a control that reaches the object', () => {
    expect(OBJECT_ROWS.filter((r) => r.refused.includes(404) && !r.allowed).map((r) => r.what)).toEqual([]);
  });

  it('every row is refused as the table says, and the database is unchanged', async () => {
    const wrong: string[] = [];
    const live = liveFingerprint(app.db);
    const start = await snapshot(app);
    app = start.app;
    let before = start.print;
    for (const row of OBJECT_ROWS) {
      const res = await send(row);
      // A refusal's body is the error shape, unless the row is wrong: read its code as any JSON.
      const code = fieldOf(res.body, 'code');
      if (!row.refused.includes(res.status) || (row.code && code !== row.code))
        wrong.push(
          `${row.what}: ${row.method} as ${row.as} -> ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`,
        );
      else if (typeof code !== 'string') wrong.push(`${row.what}: ${res.status} without a code`);
      if (live) {
        const after = await fingerprint(app.db);
        for (const t of changedTables(before, after)) wrong.push(`${row.what} changed ${t}`);
        before = after;
      }
    }
    if (!live) {
      const end = await snapshot(app);
      app = end.app;
      for (const t of changedTables(before, end.print)) wrong.push(`the refused requests changed ${t}`);
    }
    expect(wrong).toEqual([]);
    // A crawl of every row with a database fingerprint after each: it grows with the table.
  }, 180_000);

  it('the rightful caller gets through where the table names them (the rows can fail)', async () => {
    const wrong: string[] = [];
    for (const row of OBJECT_ROWS.filter((r) => r.allowed)) {
      const { as, method = 'GET', path, body, status = 200 } = row.allowed!;
      const res = await app.request(method, (path ?? row.path)(w), body?.(w), { token: tokenOf(as) });
      if (res.status !== status)
        wrong.push(`${row.what}: ${method} as ${as} -> ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
    }
    expect(wrong).toEqual([]);
    // The knock the stranger could not answer is still pending for its owner.
    const knocks = await app.get('/api/rooms/me/knocks', { token: w.s.owner.token });
    expect(JSON.stringify(knocks.body)).toContain(w.knockId);
  });

  /** GET every route of the OpenAPI document as everyone, and look for what must never show. */
  async function crawl(stage: string): Promise<string[]> {
    const leaks: string[] = [];
    const callers: [string, string | undefined][] = [
      ['anonymous', undefined],
      ...Object.entries(w.s).map(([p, s]): [string, string] => [p, s.token]),
    ];
    answers ??= new AnswerChecker(doc);
    for (const template of getRoutes) {
      if (template === '/api/docs-json') continue;
      const path = resolvePath(template, w);
      for (const [who, token] of callers) {
        const res = await app.get(path, { token });
        if (res.status >= 500 && fieldOf(res.body, 'code') !== 'video_unavailable')
          leaks.push(`${stage}: GET ${template} as ${who} -> ${res.status}`);
        // An answer the document describes is what the document says, to the last field.
        for (const wrong of answers.check('get', template, res.status, res.body))
          leaks.push(`${stage}: GET ${template} as ${who} does not answer as documented: ${wrong}`);
        const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
        const hidden =
          who === 'other' || who === 'anonymous'
            ? PRIVATE_TO_OTHERS(w)
            : who === 'councillor' || who === 'councillor2'
              ? PRIVATE_TO_MEMBERS(w)
              : {};
        for (const [what, id] of Object.entries(hidden))
          if (text.includes(id)) leaks.push(`${stage}: GET ${template} as ${who} shows the ${what}`);
        walk(res.body, (key, value, parent) => {
          if (NEVER_SEEN_KEYS.test(key)) leaks.push(`${stage}: GET ${template} as ${who} shows "${key}"`);
          if (key === 'choice' && value !== null)
            leaks.push(`${stage}: GET ${template} as ${who} shows a secret choice ${JSON.stringify(parent)}`);
          if (parent.id === w.voteId && key === 'roll' && value !== null)
            leaks.push(`${stage}: GET ${template} as ${who} shows the roll of a secret vote`);
        });
      }
    }
    return leaks;
  }

  it('no answer to any GET route shows a password hash, a token or a secret ballot choice', async () => {
    expect(getRoutes.length).toBeGreaterThan(10);
    const open = await crawl('vote open');
    const closed = await app.api.post('/api/council/votes/:id/close', {
      params: { id: w.voteId! },
      body: {},
      token: w.s.chair.token,
    });
    expectOk(closed, 200);
    expect(closed.body.result?.counts).toMatchObject({ against: 1 });
    expect([...open, ...(await crawl('vote closed'))]).toEqual([]);
  }, 120_000);

  it('the crawl sees the secret vote and the private objects at all (the checks above are not vacuous)', async () => {
    const seen = new Set<string>();
    for (const p of ['councillor', 'clerk'] as Persona[]) {
      const res = await app.api.get('/api/council/votes/:id', { params: { id: w.voteId! }, token: w.s[p].token });
      expectOk(res, 200);
      if (res.body.mine) seen.add(`${p}:${JSON.stringify(res.body.mine)}`);
    }
    expect([...seen]).toContain('councillor:{"voted":true,"choice":null}');
    // …and the private objects are in the lists of those they belong to.
    const lists = await Promise.all([
      app.get('/api/meetings/upcoming', { token: w.s.owner.token }),
      app.get('/api/one-on-ones', { token: w.s.owner.token }),
      app.get('/api/me/absences', { token: w.s.owner.token }),
      app.get('/api/council/sessions', { token: w.s.clerk.token }),
    ]);
    const text = lists.map((r) => JSON.stringify(r.body)).join();
    for (const id of [w.meetingId, w.oneOnOneId, w.absenceId, w.draftSittingId]) expect(text).toContain(id);
    const clerks = await app.get('/api/meetings/upcoming?limit=100', { token: w.s.clerk.token });
    expect(JSON.stringify(clerks.body)).toContain(w.draftMeetingId);
  });
});
