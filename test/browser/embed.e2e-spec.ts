import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CouncilSessionView } from '../../libs/contracts/src/index.js';
import { ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { adoptAgenda } from '../support/council.js';
import { expectAccessible, launchBrowser } from './browser.js';
import { createSitting, newPage } from './council-setup.js';

/**
 * The municipality's own website frames the live council (issue 16, part 6): a host page on
 * another origin (a tiny HTTP server of its own) holds `<iframe src="<portal>/embed/council">`.
 * Allowed by EMBED_ORIGINS, the frame shows "no sitting", the next one once it is published,
 * switches live when the chair opens it, and follows votes to their results; a host on an
 * origin not in EMBED_ORIGINS gets nothing (Chromium refuses to frame). Axe at 320 px.
 */
describe('the embeddable live view on another website', () => {
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const hosts: Server[] = [];
  let allowed = '';
  let foreign = '';
  let clerk: SignedIn;
  let chair: SignedIn;
  const voters: SignedIn[] = [];
  let sitting: CouncilSessionView;

  const must = async <T>(what: string, res: Promise<{ status: number; body: T }>) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  /** A web server of "the municipality's site": one page framing the portal's embed view. */
  async function host(): Promise<string> {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html>
<html lang="bg"><head><meta charset="utf-8"><title>Сайтът на общината</title></head>
<body><h1>Общината</h1>
<iframe title="Общинският съвет на живо" src="${app.url}/embed/council" width="340" height="1200"
  onload="document.body.dataset.framed = 'yes'"></iframe>
</body></html>`);
    });
    hosts.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    allowed = await host();
    foreign = await host();
    [browser, app] = await Promise.all([launchBrowser(), TestApp.start({ env: { EMBED_ORIGINS: allowed } })]);
    [clerk, chair] = await Promise.all([app.login('clerk'), app.login('chair')]);
    for (const u of ['councillor01', 'councillor02']) voters.push(await app.login(u));
    sitting = await createSitting(app, clerk, 'Заседание на сайта на общината', [
      { title: 'Бюджет на общината за 2027 г.', voteMode: 'open', majority: 'present' },
      { title: 'Избор на представител', voteMode: 'secret', majority: 'present' },
    ]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    for (const h of hosts) await new Promise((resolve) => h.close(resolve));
  });

  it('framed by an allowed site: the next sitting, then live when it opens, a vote as it runs and its result', async () => {
    const page = await newPage(browser, app, contexts);
    await page.goto(allowed);
    const frame = page.frameLocator('iframe');
    // Only a draft so far: nothing announced. The clerk publishes it: the frame shows it as the next sitting.
    await frame.getByTestId('embed-no-sitting').filter({ hasText: 'Няма обявени предстоящи заседания.' }).waitFor();
    await must('publish', app.post(`/api/council/sessions/${sitting.id}/publish`, {}, { token: clerk.token }));
    const next = frame.getByTestId('embed-next');
    await next.getByText('Заседание на сайта на общината').waitFor();
    await next.getByTestId('embed-next-place').filter({ hasText: 'Място: Зала на Общинския съвет' }).waitFor();
    const link = next.getByRole('link', { name: /Отвори на портала/ });
    expect(await link.getAttribute('href')).toBe(`/public/sessions/${sitting.id}`);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener');

    // The chair opens the sitting: the frame switches to it without a reload.
    await must('open', app.post(`/api/council/sessions/${sitting.id}/open`, {}, { token: chair.token }));
    await frame.getByRole('heading', { level: 1, name: /Заседание на сайта на общината/ }).waitFor();
    await frame.getByTestId('embed-current-item').filter({ hasText: '1. Бюджет на общината за 2027 г.' }).waitFor();

    // A quorum, for the vote: the clerk registers 26 members present, the two voters among them.
    const members = (await ok(app.api.get('/api/council/bodies', { token: clerk.token }), 'bodies'))
      .find((b) => b.kind === 'council')!
      .members.filter((m) => !voters.some((v) => v.user.id === m.id))
      .slice(0, 24);
    for (const id of [...voters.map((v) => v.user.id), ...members.map((m) => m.id)])
      await must(
        'attendance',
        app.post(
          `/api/council/sessions/${sitting.id}/attendance`,
          { userId: id, present: true },
          { token: clerk.token },
        ),
      );
    // The sitting’s first vote adopts its agenda (issue 15).
    await adoptAgenda(app, sitting.id, { clerk, chair });
    const vote = await ok(
      app.api.post('/api/council/sessions/:id/votes', {
        params: { id: sitting.id },
        body: { itemId: sitting.items[0].id },
        token: chair.token,
      }),
      'vote',
    );
    await frame.getByTestId('open-vote-tally').filter({ hasText: 'Гласували: 0' }).waitFor();
    await must(
      'ballot',
      app.post(`/api/council/votes/${vote.id}/ballots`, { choice: 'for' }, { token: voters[0]!.token }),
    );
    await must(
      'ballot',
      app.post(`/api/council/votes/${vote.id}/ballots`, { choice: 'against' }, { token: voters[1]!.token }),
    );
    await frame
      .getByTestId('open-vote-tally')
      .filter({ hasText: 'За: 1, против: 1, въздържали се: 0 · Гласували: 2' })
      .waitFor();
    await must('close vote', app.post(`/api/council/votes/${vote.id}/close`, {}, { token: chair.token }));
    await frame.getByTestId('open-vote').waitFor({ state: 'hidden' });
    const last = frame.getByTestId('embed-last-result');
    await last.getByText('За: 1, против: 1, въздържали се: 0', { exact: false }).waitFor();
    await last.getByText('Бюджет на общината за 2027 г.').waitFor();

    // A secret vote: the frame shows only how many have voted, never totals or names.
    await must(
      'next item',
      app.post(`/api/council/sessions/${sitting.id}/items/${sitting.items[1].id}/activate`, {}, { token: chair.token }),
    );
    await frame.getByTestId('embed-current-item').filter({ hasText: '2. Избор на представител' }).waitFor();
    const secret = await ok(
      app.api.post('/api/council/sessions/:id/votes', {
        params: { id: sitting.id },
        body: { itemId: sitting.items[1].id },
        token: chair.token,
      }),
      'secret vote',
    );
    await must(
      'ballot',
      app.post(`/api/council/votes/${secret.id}/ballots`, { choice: 'for' }, { token: voters[0]!.token }),
    );
    await frame
      .getByTestId('open-vote-tally')
      .filter({ hasText: /^Гласували: 1$/ })
      .waitFor();
    expect(await frame.getByTestId('open-vote-roll').count()).toBe(0);
    await must('close vote', app.post(`/api/council/votes/${secret.id}/close`, {}, { token: chair.token }));
    await last.getByText('Избор на представител').waitFor();
  }, 120_000);

  it('at 320 px the embed page fits and is accessible; a draft is not found, as in the public API', async () => {
    const page: Page = await newPage(browser, app, contexts);
    await page.setViewportSize({ width: 320, height: 900 });
    await page.goto('/embed/council');
    await page.getByTestId('embed-current-item').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('bg');
    expect(await page.title()).toContain('Заседание на сайта на общината');
    expect(await page.locator('header, nav').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await expectAccessible(page, 'embed-council-320');

    await page.goto(`/embed/council/sessions/${sitting.id}?lang=en`);
    await page.getByTestId('embed-status').filter({ hasText: 'Status' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('link', { name: /Open on the portal/ }).waitFor();

    const startsAt = new Date(Date.now() + 5 * 86_400_000);
    startsAt.setUTCHours(8, 0, 0, 0);
    const draft = await ok(
      app.api.post('/api/council/sessions', {
        body: {
          title: 'Чернова, невидима за гражданите',
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
          agenda: [{ title: 'Точка' }],
        },
        token: clerk.token,
      }),
      'draft',
    );
    expect((await app.get(`/api/public/council/sessions/${draft.id}`)).status).toBe(404);
    await page.goto(`/embed/council/sessions/${draft.id}`);
    await page.getByTestId('embed-not-found').waitFor();
    expect(await page.getByText('Чернова, невидима за гражданите').count()).toBe(0);
  }, 60_000);

  it('framed by a site not in EMBED_ORIGINS: Chromium refuses, the frame shows nothing of the portal', async () => {
    const page = await newPage(browser, app, contexts);
    const refused = new Promise<string>((resolve) =>
      page.on('console', (m) => {
        if (m.text().includes('frame-ancestors')) resolve(m.text());
      }),
    );
    await page.goto(foreign);
    expect(await refused).toContain(`frame-ancestors 'self' ${allowed}`);
    await page.locator('body[data-framed="yes"]').waitFor({ state: 'attached' });
    expect(await page.frameLocator('iframe').locator('main.embed').count()).toBe(0);
    const framed = page.frames().find((f) => f !== page.mainFrame());
    expect(framed?.url() ?? '').not.toContain('/embed/council');
  }, 60_000);
});
