import fc from 'fast-check';
import type { ErrorBody } from '../../libs/contracts/src/index.js';
import { TestApp } from '../support/app.js';
import { fieldOf } from '../support/events.js';
import { configuredLiveKit, type ConfiguredLiveKit } from '../support/livekit/real.js';
import { changedTables, fingerprint, liveFingerprint, snapshot, type Fingerprint } from '../support/fingerprint.js';
import {
  FILLER_ID,
  askForFloor,
  buildWorld,
  openVoteWithQuorum,
  resolvePath,
  type Persona,
  type World,
} from '../support/world.js';
import { ACCESS } from './access-table.js';

/**
 * Hostile input against REAL objects (a meeting, a hall, a knock, a council session with an
 * open vote…), sent by someone the guard lets through, so that it reaches the validation and
 * the services behind it. Every input is invalid by construction — a body of the wrong type,
 * or an object with an unknown field (all request schemas are strict), or a path id that is
 * garbage or names nothing — so every answer must be a 4xx with a code, and the database must
 * be exactly as before: per route on PostgreSQL (fingerprinted while the server runs), over
 * the whole run on the embedded database (fingerprinted with the server stopped).
 */
const RUNS_PER_ROUTE = 5;

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    "'; DELETE FROM meeting; --",
    '<img src=x onerror=alert(1)>',
    '\u0000',
    '../../etc/passwd',
    '𝕰𝖌𝖔𝖛 ☃',
    'a'.repeat(3000),
    '2026-02-30T25:61:00Z',
    '${jndi:ldap://x}',
    '__proto__',
  ),
);
const hostileValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 3 }),
  ),
})).value;
/** A path segment that is not an id of anything. */
const hostileSegment = fc.oneof(
  fc.constant(FILLER_ID),
  fc.uuid(),
  hostileString.filter((s) => s.length > 0),
);

interface WriteRoute {
  method: string;
  template: string;
  key: string;
  props: string[];
  hasBody: boolean;
  hasParams: boolean;
}

const ROLE_PERSONA: Record<string, Persona> = {
  admin: 'admin',
  clerk: 'clerk',
  council_chair: 'chair',
  councillor: 'councillor',
  staff: 'owner',
};

/** Who sends the hostile input: someone the guard lets through, close to the object. */
function caller(route: WriteRoute): Persona | undefined {
  const access = ACCESS[route.key];
  if (access === 'public') return undefined;
  if (access && access !== 'authenticated') return ROLE_PERSONA[access.roles[0]!] ?? 'admin';
  if (/^\/api\/spaces\/\{id\}\/knocks/.test(route.template)) return 'invitee';
  return 'owner';
}

describe('bad input changes nothing in the database', () => {
  let lk: ConfiguredLiveKit;
  let app: TestApp;
  let w: World;
  let writes: WriteRoute[];
  let queries: { template: string; params: string[] }[];

  beforeAll(async () => {
    lk = await configuredLiveKit();
    app = await TestApp.start({ env: { ...lk.env, KNOCK_EXPIRY_SECONDS: '3600' } });
    w = await buildWorld(app);
    w.voteId = await openVoteWithQuorum(app, w, w.itemIds[1]!);
    await askForFloor(app, w);
    const doc = (await app.get('/api/docs-json')).body as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content?: Record<string, { schema?: { properties?: object } }> };
            parameters?: { in: string; name: string }[];
          }
        >
      >;
    };
    writes = Object.entries(doc.paths).flatMap(([template, methods]) =>
      Object.entries(methods)
        .filter(([m]) => ['post', 'put', 'patch', 'delete'].includes(m))
        // Sign-in routes have suites of their own (lockout would get in the way here).
        .filter(() => !template.startsWith('/api/auth/'))
        .map(([m, op]) => {
          const schema = op.requestBody?.content?.['application/json']?.schema;
          return {
            method: m.toUpperCase(),
            template,
            key: `${m.toUpperCase()} ${template}`,
            props: Object.keys(schema?.properties ?? {}),
            hasBody: schema !== undefined,
            hasParams: template.includes('{'),
          };
        }),
    );
    queries = Object.entries(doc.paths).flatMap(([template, methods]) => {
      const params = (methods.get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      return params.length ? [{ template, params }] : [];
    });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await lk?.close();
  });

  /** One invalid request for `route` (see the file comment for why each one is invalid). */
  function invalidRequest(route: WriteRoute) {
    const withHostilePath = fc
      .tuple(fc.array(hostileSegment, { minLength: 3, maxLength: 3 }), hostileValue)
      .map(([segments, body]) => {
        let i = 0;
        const path = route.template.replace(/\{[^}]+\}/g, () => encodeURIComponent(segments[i++]!));
        return { path, body: route.hasBody || ACCESS[route.key] === 'public' ? body : undefined };
      });
    const withHostileBody = fc
      .oneof(
        // the wrong type altogether
        fc.oneof(fc.array(hostileValue, { maxLength: 3 }), hostileString, fc.integer(), fc.boolean()),
        // known fields with hostile values, plus at least one field the schema does not have
        fc
          .tuple(
            fc.dictionary(fc.constantFrom(...(route.props.length ? route.props : ['x'])), hostileValue),
            fc.dictionary(
              hostileString.map((k) => `x_${k}`),
              hostileValue,
              { minKeys: 1, maxKeys: 3 },
            ),
          )
          .map(([known, unknown]) => ({ ...known, ...unknown })),
      )
      .map((body) => ({ path: resolvePath(route.template, w), body }));
    // A public route without a schema (the signed webhook): the body itself is the attack.
    if (!route.hasBody && !route.hasParams) return hostileValue.map((body) => ({ path: route.template, body }));
    if (!route.hasBody) return withHostilePath;
    if (!route.hasParams) return withHostileBody;
    return fc.oneof(withHostileBody, withHostileBody, withHostilePath);
  }

  it('hostile input to every write route, against real objects: a 4xx with a code, and nothing changes', async () => {
    const fuzzed = writes.filter((r) => r.hasBody || r.hasParams || ACCESS[r.key] === 'public');
    expect(fuzzed.length).toBeGreaterThan(30);
    const live = liveFingerprint(app.db);
    const wrong: string[] = [];
    const first = await snapshot(app);
    app = first.app;
    let before: Fingerprint = first.print;
    for (const route of fuzzed) {
      const persona = caller(route);
      const token = persona ? w.s[persona].token : undefined;
      await fc.assert(
        fc.asyncProperty(invalidRequest(route), async ({ path, body }) => {
          const res = await app.request(route.method, path, body, { token });
          const shown = `${route.method} ${path.slice(0, 120)} ${JSON.stringify(body)?.slice(0, 120)}`;
          if (res.status < 400 || res.status >= 500) wrong.push(`${shown} -> ${res.status}`);
          // Hostile input to any route: the answer's code read as any JSON's.
          else if (typeof fieldOf(res.body, 'code') !== 'string')
            wrong.push(`${shown} -> ${res.status} without a code`);
          return true;
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
      if (live) {
        const after = await fingerprint(app.db);
        for (const t of changedTables(before, after)) wrong.push(`${route.key} changed ${t}`);
        before = after;
      }
    }
    if (!live) {
      const last = await snapshot(app);
      app = last.app;
      for (const t of changedTables(before, last.print)) wrong.push(`hostile input changed ${t}`);
    }
    expect(wrong).toEqual([]);
  }, 240_000);

  it('hostile query strings on every GET route with parameters: never a 5xx; page sizes are bounded', async () => {
    expect(queries.length).toBeGreaterThan(3);
    const wrong: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: queries.length - 1 }),
        fc.dictionary(fc.string({ maxLength: 8 }), hostileString, { maxKeys: 2 }),
        fc.array(hostileString, { minLength: 4, maxLength: 4 }),
        async (q, extra, values) => {
          const { template, params } = queries[q]!;
          const search = new URLSearchParams(extra);
          params.forEach((p, i) => search.set(p, values[i % values.length]!));
          const path = `${resolvePath(template, w)}?${search.toString()}`;
          const res = await app.get(path, { token: w.s.admin.token });
          if (res.status >= 500) wrong.push(`GET ${path.slice(0, 200)} -> ${res.status}`);
          return true;
        },
      ),
      { numRuns: 150 },
    );
    for (const { template, params } of queries.filter((x) => x.params.includes('limit'))) {
      const res = await app.get<ErrorBody>(`${resolvePath(template, w)}?limit=100000`, { token: w.s.admin.token });
      if (res.status !== 400 || res.body.code !== 'validation_failed')
        wrong.push(`${template}?limit=100000 -> ${res.status}`);
      void params;
    }
    expect(wrong).toEqual([]);
  });
});
