import type { Socket } from 'socket.io-client';
import { EXTRAORDINARY_REASON } from '../support/council.js';
import { freshDatabase } from '../support/database.js';
import { expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';

/**
 * The embeddable live view (issue 16, part 6), over plain HTTP and a socket: only the /embed
 * pages may be framed, and only by the portal and the origins in EMBED_ORIGINS; every other
 * response keeps `frame-ancestors 'none'`; a wrong EMBED_ORIGINS stops the server. The
 * `/public` socket tells every listener when a published sitting opens or closes (the embed
 * follows it), and says nothing of drafts.
 */
const ORIGINS = ['https://www.example.bg', 'http://localhost:8089'];

/** The policy's directives by name. */
function directives(csp: string | null): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (csp ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name, values.join(' '));
  }
  return out;
}

describe('the embeddable live view: framing policy and live switching', () => {
  let app: TestApp;
  let clerk: SignedIn;
  let chair: SignedIn;

  beforeAll(async () => {
    app = await TestApp.start({ env: { EMBED_ORIGINS: ORIGINS.join(', ') } });
    [clerk, chair] = await Promise.all([app.login('clerk'), app.login('chair')]);
  }, 90_000);

  afterAll(async () => {
    await app?.close();
  });

  const page = (path: string) => app.request('GET', path, undefined, { headers: { accept: 'text/html' } });

  it('the embed pages may be framed by exactly the configured origins; the rest of the policy is the portal’s', async () => {
    const portal = await page('/login');
    const portalPolicy = directives(portal.headers.get('content-security-policy'));
    expect(portalPolicy.get('frame-ancestors')).toBe("'none'");
    for (const [path, status] of [
      ['/embed/council', 200],
      // Rendered on the server: a sitting that is not public is a 404 page (framed all the same).
      ['/embed/council/sessions/00000000-0000-4000-8000-000000000000', 404],
    ] as const) {
      const res = await page(path);
      expect({ path, status: res.status, type: res.headers.get('content-type') }).toEqual({
        path,
        status,
        type: 'text/html; charset=utf-8',
      });
      const policy = directives(res.headers.get('content-security-policy'));
      expect(policy.get('frame-ancestors')).toBe(`'self' ${ORIGINS.join(' ')}`);
      // Everything else exactly as on the portal's own pages: no inline scripts, same sources.
      expect(new Map([...policy].filter(([k]) => k !== 'frame-ancestors'))).toEqual(
        new Map([...portalPolicy].filter(([k]) => k !== 'frame-ancestors')),
      );
      expect(policy.get('script-src')).toBe("'self'");
      expect(res.headers.get('x-frame-options')).toBeNull();
    }
  });

  it('every other response keeps frame-ancestors none: the portal, the public pages, sign-in, the API, unknown addresses', async () => {
    for (const path of [
      '/',
      '/public',
      '/public/sessions/00000000-0000-4000-8000-000000000000',
      '/login',
      '/council',
      '/api/health',
      '/api/public/council/sittings',
      '/embed',
      '/embed/council/sessions',
      '/embed/council/other',
    ]) {
      const res = await page(path);
      const policy = directives(res.headers.get('content-security-policy'));
      expect({ path, frameAncestors: policy.get('frame-ancestors') }).toEqual({ path, frameAncestors: "'none'" });
      expect({ path, xfo: res.headers.get('x-frame-options') }).toEqual({ path, xfo: 'SAMEORIGIN' });
    }
  });

  it('a published sitting that opens and closes is announced to every /public socket; a draft is not', async () => {
    const socket: Socket = await app.socket(undefined, '/public');
    const heard: { change: string; sessionId: string; status: string; title: string }[] = [];
    socket.on('council.sittings.updated', (e: (typeof heard)[number]) => void heard.push(e));
    const waitFor = async (pred: (e: (typeof heard)[number]) => boolean) => {
      const deadline = Date.now() + 10_000;
      while (!heard.some(pred)) {
        if (Date.now() > deadline) throw new Error(`not heard; got ${JSON.stringify(heard)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    try {
      const startsAt = new Date(Date.now() + 86_400_000);
      startsAt.setUTCHours(8, 0, 0, 0);
      const created = await app.api.post('/api/council/sessions', {
        body: {
          title: 'Заседание за вградения изглед',
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
          agenda: [{ title: 'Бюджет', voteMode: 'open', majority: 'present' }],
          extraordinary: true,
          extraordinaryReason: EXTRAORDINARY_REASON,
        },
        token: clerk.token,
      });
      expectOk(created, 201);
      const id = created.body.id;
      // A draft's edit is nobody's business outside the council office.
      expect(
        (await app.patch(`/api/council/sessions/${id}`, { title: 'Черновата, преименувана' }, { token: clerk.token }))
          .status,
      ).toBe(200);
      expect((await app.get(`/api/public/council/sessions/${id}`)).status).toBe(404);
      expect((await app.post(`/api/council/sessions/${id}/publish`, {}, { token: clerk.token })).status).toBe(200);
      await waitFor((e) => e.sessionId === id && e.change === 'publish');
      // The public view says where it meets (the embed's "next sitting" shows it).
      expect(
        (await ok(app.api.get('/api/public/council/sessions/:id', { params: { id } }), 'the public sitting')).place,
      ).toBe('Зала на Общинския съвет');
      expect((await app.post(`/api/council/sessions/${id}/open`, {}, { token: chair.token })).status).toBe(200);
      await waitFor((e) => e.sessionId === id && e.change === 'open' && e.status === 'open');
      // The embed comes rendered with the live sitting in it (its title and current item).
      const live = await page('/embed/council');
      expect(live.status).toBe(200);
      const html = live.body as string;
      expect(html).toContain('<h1 tabindex="-1" class="page-title">Заседание № 1: Черновата, преименувана</h1>');
      expect(html).toMatch(/data-testid="embed-current-item"[^<]*>(<[^>]*>[^<]*)*Бюджет/);
      expect((await app.post(`/api/council/sessions/${id}/close`, {}, { token: chair.token })).status).toBe(200);
      await waitFor((e) => e.sessionId === id && e.change === 'close' && e.status === 'closed');
      // The draft's edit came before publishing: nothing was heard of it (events keep their order).
      expect(heard.filter((e) => e.sessionId === id).map((e) => e.change)).toEqual(['publish', 'open', 'close']);
    } finally {
      socket.close();
    }
  });
});

describe('EMBED_ORIGINS at boot', () => {
  it('a value that is not an http(s) origin stops the server, naming the setting and the value', async () => {
    const db = await freshDatabase({ empty: true });
    try {
      const bad = TestApp.spawn(
        db,
        TestApp.environment(db, { EMBED_ORIGINS: 'https://www.example.bg, https://www.example.bg/council' }),
      );
      // Its whole output, read to the end (the exit can come before the last lines are read).
      let output = '';
      for (const stream of [bad.child.stdout!, bad.child.stderr!]) stream.on('data', (c: Buffer) => (output += c));
      const closed = new Promise((resolve) => bad.child.once('close', resolve));
      const code = await bad.waitForExit();
      await closed;
      expect({
        code,
        named: output.includes('EMBED_ORIGINS: "https://www.example.bg/council" is not an origin'),
      }).toEqual({ code: 78, named: true });
    } finally {
      await db.drop();
    }
  }, 60_000);
});
