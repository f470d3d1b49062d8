import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestApp, type SignedIn } from '../support/app.js';
import { adoptAgenda, openSittingWith, openVote, showOfHands } from '../support/council.js';
import type { CouncilSessionView } from '../../libs/contracts/src/index.js';
import { expectOk, ok } from '../support/api.js';

/**
 * Issue 16, part 3: the public pages come from the server as real HTML — the front door, a
 * sitting, the register and a decision — with the record in them (readable without
 * JavaScript, by any browser, screen reader or search engine), each with its own <title> and
 * description, in Bulgarian (English at `?lang=en` or by the visitor's choice), and the
 * answers they were made from for the browser to hydrate. A sitting that is not public is a
 * 404 page that names nothing of it.
 */
const TITLE = 'Сесия: бюджет и „данъци“ <b>за</b> 2027';
const DRAFT = 'Чернова, която никой не вижда';

/** The page's text as a reader gets it (tags out, React's entities decoded). */
function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const headOf = (html: string) => ({
  lang: /<html lang="([^"]+)"/.exec(html)?.[1],
  title: /<title>([^<]*)<\/title>/.exec(html)?.[1],
  description: /<meta name="description" content="([^"]*)"/.exec(html)?.[1],
});

describe('public pages rendered on the server', () => {
  let app: TestApp;
  let clerk: SignedIn;
  let chair: SignedIn;
  let sitting: CouncilSessionView;
  let view: CouncilSessionView;
  let draftId: string;

  /** A page as a browser without JavaScript asks for it. */
  const page = async (path: string, headers: Record<string, string> = {}) => {
    const res = await fetch(app.url + path, { headers: { accept: 'text/html', ...headers }, redirect: 'manual' });
    return { status: res.status, html: await res.text(), headers: res.headers };
  };

  beforeAll(async () => {
    app = await TestApp.start();
    const admin = await app.login('admin');
    [clerk, chair] = await Promise.all([app.login('clerk'), app.login('chair')]);
    sitting = await openSittingWith(
      app,
      { clerk, chair },
      {
        title: TITLE,
        startsAt: new Date(Date.now() + 60_000),
        agenda: [
          {
            title: 'Бюджет на общината за 2027 г.',
            subject: 'budget',
            voteMode: 'roll_call',
            majority: 'all',
            draftDecision: 'Приема бюджета.',
          },
          { title: 'Отчет за дейността', voteMode: 'open', majority: 'present', draftDecision: 'Приема отчета.' },
        ],
      },
    );
    const url = `/api/council/sessions/${sitting.id}`;
    const users = await ok(
      app.api.get('/api/admin/users', { query: { q: 'councillor', limit: 100 }, token: admin.token }),
      'the councillors',
    );
    const present: string[] = [chair.user.id, ...users.items.map((u) => u.id)].slice(0, 30);
    expect(
      (await app.post(`${url}/attendance/bulk`, { userIds: present, present: true }, { token: clerk.token })).status,
    ).toBe(200);
    // The sitting’s first vote adopts its agenda (issue 15).
    await adoptAgenda(app, sitting.id, { clerk, chair }, present);
    for (const [n, choice] of [
      [0, 'for'],
      [1, 'against'],
    ] as const) {
      const itemId = sitting.items[n].id;
      expect((await app.post(`${url}/items/${itemId}/activate`, {}, { token: chair.token })).status).toBe(200);
      const vote = await openVote(app, sitting.id, itemId, chair);
      await showOfHands(app, vote, present, { clerk, chair }, choice);
    }
    expect((await app.post(`${url}/close`, {}, { token: chair.token })).status).toBe(200);
    view = await ok(app.api.get('/api/public/council/sessions/:id', { params: { id: sitting.id } }), 'the sitting');
    const draft = await app.api.post('/api/council/sessions', {
      body: {
        title: DRAFT,
        startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 30 * 86_400_000 + 3_600_000).toISOString(),
        agenda: [{ title: 'Скрита точка', voteMode: 'open', majority: 'present' }],
      },
      token: clerk.token,
    });
    expectOk(draft, 201);
    draftId = draft.body.id;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it("a sitting's page holds its record: agenda, attendance by name, votes by name, decisions", async () => {
    const res = await page(`/public/sessions/${sitting.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const text = textOf(res.html);
    // Its own title and description, in Bulgarian.
    expect(headOf(res.html)).toEqual({
      lang: 'bg',
      title: `${TITLE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')} — eGov Box`,
      description: expect.stringMatching(/^Заседание на .+: дневен ред, материали, присъствие, гласувания/),
    });
    expect(text).toContain(TITLE);
    for (const item of sitting.items) expect(text).toContain(item.title);
    // Attendance by name.
    for (const a of view.attendance.slice(0, 5)) expect(text).toContain(a.member.displayName);
    // The roll call: names and choices; the outcome of each vote; the adopted decision's number.
    const roll = view.votes.find((v) => v.roll)!.roll!;
    expect(roll.length).toBeGreaterThan(20);
    for (const r of roll.slice(0, 5)) expect(text).toContain(r.member.displayName);
    expect(text).toMatch(/Бюджет на общината за 2027 г\. Прието \(\s*Решение № \d+\s*\) — За: 30, против: 0/);
    expect(text).toMatch(/Отчет за дейността Неприето — За: 0, против: 30/);
    const adopted = view.votes.find((v) => v.decision?.number);
    expect(adopted).toBeDefined();
    expect(text).toContain(`Решение № ${adopted!.decision!.number}`);
    expect(res.html).toContain(`href="/public/decisions/${adopted!.decision!.id}"`);
    expect(text).toContain('Присъствали (30)');
    // Nothing of it is left for JavaScript to load: no spinner.
    expect(text).not.toContain('Зареждане');
  });

  it('the page carries the answers it was made from, safely inside a JSON script', async () => {
    const { html } = await page(`/public/sessions/${sitting.id}`);
    const json = /<script type="application\/json" id="ssr-state">([\s\S]*?)<\/script>/.exec(html)?.[1];
    expect(json).toBeDefined();
    // The title's "<b>" cannot end the script or start markup: it is written as \u003c.
    expect(json).not.toContain('<');
    // The page's state (React Query's dehydrated cache): the answers, each under its query's key.
    const state = JSON.parse(json!) as {
      lang: string;
      queries: { queries: { queryKey: unknown[]; state: { data: unknown } }[] };
    };
    expect(state.lang).toBe('bg');
    const cached = state.queries.queries.find((q) => q.queryKey[0] === 'public' && q.queryKey[2] === sitting.id);
    expect(cached!.state.data).toEqual(view);
    // The markup holds the title only as text.
    expect(html).not.toContain('<b>за</b>');
  });

  it('the front door lists the sitting; the register finds its decision by a word in another case; the decision has its page', async () => {
    const home = await page('/public');
    // (Before: /public, /public/register and a decision's page answered 404 with the client app.)
    expect(home.status).toBe(200);
    expect(headOf(home.html).title).toBe('Общинският съвет — публично — eGov Box');
    expect(textOf(home.html)).toContain(TITLE);
    expect(textOf(home.html)).toContain('Общински съвет · Зала на Общинския съвет');
    expect(home.html).toContain(`href="/public/sessions/${sitting.id}"`);

    // The search form works without JavaScript: a GET with the same parameters as the app's.
    expect(home.html).toMatch(/<form class="filters" role="search" action="\/public" method="get">/);
    const searched = await page(`/public?q=${encodeURIComponent('бюджет и „данъци“')}`);
    expect(textOf(searched.html)).toContain(TITLE);
    const none = await page(`/public?q=${encodeURIComponent('няма такава дума')}`);
    expect(textOf(none.html)).not.toContain(TITLE);

    const adopted = view.votes.find((v) => v.decision?.number)!;
    const decisionId = adopted.decision!.id;
    const register = await page(`/public/register?q=${encodeURIComponent('БЮДЖЕТ на общината')}`);
    expect(register.status).toBe(200);
    expect(register.html).toMatch(/<form class="filters" role="search" action="\/public\/register" method="get">/);
    expect(register.html).toContain(`href="/public/decisions/${decisionId}"`);
    expect(textOf(register.html)).toContain('Бюджет на общината за 2027 г.');
    expect(textOf(register.html)).not.toContain('Отчет за дейността');

    const decision = await page(`/public/decisions/${decisionId}`);
    expect(decision.status).toBe(200);
    const head = headOf(decision.html);
    expect(head.title).toContain('Бюджет на общината за 2027 г.');
    expect(head.description).toMatch(/^Решение на общинския съвет/);
    const text = textOf(decision.html);
    expect(text).toContain('Приема бюджета.');
    for (const r of adopted.roll!.slice(0, 3)) expect(text).toContain(r.member.displayName);
    expect(decision.html).toContain(`href="/public/sessions/${sitting.id}"`);
  });

  it('in English at ?lang=en or by the visitor’s choice (the language cookie)', async () => {
    for (const [path, headers] of [
      [`/public/sessions/${sitting.id}?lang=en`, {}],
      [`/public/sessions/${sitting.id}`, { cookie: 'egov_lang=en' }],
    ] as const) {
      const { html } = await page(path, headers);
      expect(headOf(html).lang).toBe('en');
      expect(headOf(html).description).toMatch(/^Sitting of .+: agenda, materials, attendance, votes/);
      expect(textOf(html)).toContain('Agenda');
      expect(JSON.parse(/id="ssr-state">([\s\S]*?)<\/script>/.exec(html)![1]).lang).toBe('en');
    }
  });

  it('a draft, an unknown sitting or decision are 404 pages that name nothing; a malformed address is a 400 page', async () => {
    for (const [path, status] of [
      [`/public/sessions/${draftId}`, 404],
      ['/public/sessions/00000000-0000-4000-8000-000000000000', 404],
      ['/public/decisions/00000000-0000-4000-8000-000000000000', 404],
      ['/public/sessions/not-a-uuid', 400],
    ] as const) {
      const res = await page(path);
      expect({ path, status: res.status }).toEqual({ path, status });
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.html).not.toContain(DRAFT);
      expect(res.html).not.toContain('Скрита точка');
    }
    const text = textOf((await page(`/public/sessions/${draftId}`)).html);
    expect(text).toContain('Няма такова публично заседание.');
  });

  it("the portal's address sends a visitor who never signed in to the front door, also without JavaScript", async () => {
    const first = await page('/');
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/public');
    // Someone with a session in this browser gets the portal (the app restores the session).
    const member = await page('/', { cookie: 'egov_session=1' });
    expect(member.status).toBe(200);
    expect(member.html).toContain('<div id="root"></div>');
    // The workspace's pages are not rendered on the server (they are private).
    const people = await page('/people');
    expect(people.status).toBe(200);
    expect(people.html).toContain('<div id="root"></div>');
  });
});
