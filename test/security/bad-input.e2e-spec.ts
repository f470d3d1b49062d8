import fc from 'fast-check';
import type { ErrorBody } from '../../libs/contracts/src/index.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { fieldOf } from '../support/events.js';

/**
 * Random and hostile input to every write route of the OpenAPI document, as a user who
 * is allowed to call it (an administrator, a clerk, the chair): the answer is always a
 * 4xx with an error code — never a 5xx.
 */
const FILLER_ID = '00000000-0000-4000-8000-000000000000';

/** What is read here of the OpenAPI document: each operation's JSON request body and its properties. */
interface RequestBodies {
  paths: Record<
    string,
    Record<
      string,
      { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } }
    >
  >;
}
const hostileString = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.constantFrom(
    "'; DROP TABLE app_user; --",
    '<script>alert(1)</script>',
    '\u0000',
    '../../etc/passwd',
    '𝕰𝖌𝖔𝖛 ☃',
    'a'.repeat(5000),
    '2026-13-45T99:99:99Z',
    '{{7*7}}',
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
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('bad input never breaks the server', () => {
  let app: TestApp;
  let signedIn: SignedIn[];
  let writes: { method: string; path: string; props: string[] }[];

  beforeAll(async () => {
    app = await TestApp.start();
    signedIn = [await app.login('admin'), await app.login('clerk'), await app.login('chair')];
    const doc = (await app.get<RequestBodies>('/api/docs-json')).body;
    writes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([m]) => ['post', 'put', 'patch'].includes(m))
        .filter(() => !path.includes('/auth/'))
        .map(([m, op]) => ({
          method: m.toUpperCase(),
          path: path.replace(/\{[^}]+\}/g, FILLER_ID),
          props: Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {}),
        })),
    );
  });
  afterAll(() => app.close());

  it('random JSON bodies and field values get 4xx answers with a code', async () => {
    expect(writes.length).toBeGreaterThan(5);
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: writes.length - 1 }),
        fc.integer({ min: 0, max: signedIn.length - 1 }),
        fc.oneof(hostileValue, fc.dictionary(fc.constantFrom('x'), hostileValue)),
        fc.dictionary(hostileString, hostileValue, { maxKeys: 3 }),
        async (w, who, body, extra) => {
          const route = writes[w]!;
          // Known field names with hostile values, plus unknown fields.
          const shaped =
            typeof body === 'object' && body !== null && !Array.isArray(body)
              ? { ...Object.fromEntries(route.props.map((p) => [p, (body as Record<string, unknown>).x])), ...extra }
              : body;
          const res = await app.request(route.method, route.path, shaped, { token: signedIn[who]!.token });
          // Any route's answer, to any body: its code read as any JSON's.
          const code = fieldOf(res.body, 'code');
          if (res.status >= 500 && !(res.status === 503 && code === 'video_unavailable')) {
            failures.push(`${route.method} ${route.path} ${JSON.stringify(shaped).slice(0, 200)} -> ${res.status}`);
          }
          if (res.status >= 400 && typeof code !== 'string') {
            failures.push(`${route.method} ${route.path} -> ${res.status} without a code`);
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
    expect(failures).toEqual([]);
  });

  it('raw garbage in place of JSON is 400 malformed_json on every write route', async () => {
    const wrong: string[] = [];
    for (const route of writes) {
      const res = await app.request<ErrorBody>(route.method, route.path, undefined, {
        raw: '{"a":',
        token: signedIn[0]!.token,
      });
      if (res.status !== 400 || res.body.code !== 'malformed_json') wrong.push(`${route.path} -> ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });
});
