import { TestApp, type SignedIn } from '../support/app.js';
import { fieldOf } from '../support/events.js';
import { ACCESS, PERMISSIONS_WITHOUT_ROUTE, type Access } from './access-table.js';

/** One signed-in person per role of the demo municipality. */
const PERSONAS: Record<string, string> = {
  admin: 'admin',
  clerk: 'clerk',
  council_chair: 'chair',
  councillor: 'councillor01',
  staff: 'servant01',
};

interface Operation {
  method: string;
  path: string;
  key: string;
  security: unknown;
}

const FILLER_ID = '00000000-0000-4000-8000-000000000000';

/** 503 for a feature that is switched off here (no LiveKit in this run) is an honest answer. */
function notConfigured(res: { status: number; body: unknown }): boolean {
  return res.status === 503 && fieldOf(res.body, 'code') === 'video_unavailable';
}

function concrete(path: string): string {
  return path.replace(/\{[^}]+\}/g, (m) => (/id\}$/i.test(m) ? FILLER_ID : 'x'));
}

describe('authorization matrix (every route of the OpenAPI document)', () => {
  let app: TestApp;
  let operations: Operation[];
  const signedIn: Record<string, SignedIn> = {};

  beforeAll(async () => {
    app = await TestApp.start();
    const doc = (
      await app.get<{
        paths: Record<string, Record<string, { security?: unknown }>>;
      }>('/api/docs-json')
    ).body;
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map(([m, op]) => ({
          method: m.toUpperCase(),
          path,
          key: `${m.toUpperCase()} ${path}`,
          security: op.security,
        })),
    );
    for (const [role, username] of Object.entries(PERSONAS)) signedIn[role] = await app.login(username);
  });
  afterAll(() => app.close());

  const call = (op: Operation, token?: string) =>
    app.request(op.method, concrete(op.path), ['POST', 'PUT', 'PATCH'].includes(op.method) ? {} : undefined, {
      token,
    });

  it('every route has a row in the access table, and every row a route', () => {
    const documented = operations.map((o) => o.key).sort();
    expect(documented.filter((k) => !(k in ACCESS))).toEqual([]);
    expect(Object.keys(ACCESS).filter((k) => !documented.includes(k))).toEqual([]);
  });

  it('every permission of the vocabulary is some route’s rule (a row naming an unknown one fails on load)', () => {
    expect(PERMISSIONS_WITHOUT_ROUTE).toEqual([]);
  });

  it('every non-public route is documented with bearer auth', () => {
    const undocumented = operations.filter((o) => ACCESS[o.key] !== 'public' && !o.security).map((o) => o.key);
    expect(undocumented).toEqual([]);
  });

  it('anonymous callers get 401 on every non-public route', async () => {
    const wrong: string[] = [];
    for (const op of operations) {
      if (ACCESS[op.key] === 'public') continue;
      const res = await call(op);
      if (res.status !== 401 || fieldOf(res.body, 'code') === undefined) wrong.push(`${op.key} -> ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('each role gets past the guard exactly where the table allows it', async () => {
    const wrong: string[] = [];
    for (const op of operations) {
      const access: Access | undefined = ACCESS[op.key];
      if (!access || access === 'public') continue;
      for (const [role, person] of Object.entries(signedIn)) {
        const res = await call(op, person.token);
        if (res.status >= 500 && !notConfigured(res)) wrong.push(`${op.key} as ${role} -> ${res.status}`);
        if (access === 'authenticated') {
          if (res.status === 401) wrong.push(`${op.key} as ${role} -> 401`);
          continue;
        }
        const allowed = access.roles.some((r) => person.user.roles.includes(r));
        if (allowed && (res.status === 401 || res.status === 403)) wrong.push(`${op.key} as ${role} -> ${res.status}`);
        if (!allowed && res.status !== 403) wrong.push(`${op.key} as ${role} -> ${res.status}, expected 403`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('public routes never answer 5xx to an anonymous caller', async () => {
    const wrong: string[] = [];
    for (const op of operations.filter((o) => ACCESS[o.key] === 'public')) {
      const res = await call(op);
      if (res.status >= 500 && !notConfigured(res)) wrong.push(`${op.key} -> ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });
});
