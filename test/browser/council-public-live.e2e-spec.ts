import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import type { CouncilSessionView } from '../../libs/contracts/src/index.js';
import { ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { adoptAgenda } from '../support/council.js';
import { expectAccessible, launchBrowser } from './browser.js';
import { createSitting, newPage } from './council-setup.js';

const LEGAL_BASIS = 'чл. 21, ал. 1, т. 6 ЗМСМА';

/**
 * The public page as a citizen follows a sitting (issue 22, items 8 and 10): each item's legal
 * basis; a roll-call vote while it runs — the running totals and the names, live; a secret
 * vote only how many have voted; no "current item" once the sitting is closed. Axe on each state.
 */
describe('council in the browser: the public page while a vote runs', () => {
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let page: Page;
  let clerk: SignedIn;
  let chair: SignedIn;
  const voters: SignedIn[] = [];
  let sitting: CouncilSessionView;

  const must = async <T>(what: string, res: Promise<{ status: number; body: T }>) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await TestApp.start();
    [clerk, chair] = await Promise.all([app.login('clerk'), app.login('chair')]);
    for (const u of ['councillor01', 'councillor02', 'councillor03']) voters.push(await app.login(u));
    sitting = await createSitting(app, clerk, 'Заседание пред гражданите', [
      { title: 'Наредба за местните такси', voteMode: 'roll_call', majority: 'present', legalBasis: LEGAL_BASIS },
      { title: 'Избор на представител', voteMode: 'secret', majority: 'present' },
    ]);
    await must('publish', app.post(`/api/council/sessions/${sitting.id}/publish`, {}, { token: clerk.token }));
    await must('open', app.post(`/api/council/sessions/${sitting.id}/open`, {}, { token: chair.token }));
    const members = (await ok(app.api.get('/api/council/bodies', { token: clerk.token }), 'bodies')).find(
      (b) => b.kind === 'council',
    )!.members;
    for (const m of members.slice(0, 30))
      await must(
        'attendance',
        app.post(
          `/api/council/sessions/${sitting.id}/attendance`,
          { userId: m.id, present: true },
          { token: clerk.token },
        ),
      );
    for (const v of voters)
      await must(
        'attendance',
        app.post(
          `/api/council/sessions/${sitting.id}/attendance`,
          { userId: v.user.id, present: true },
          { token: clerk.token },
        ),
      );
    // The sitting’s first vote adopts its agenda (issue 15).
    await adoptAgenda(app, sitting.id, { clerk, chair });
    page = await newPage(browser, app, contexts);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows the legal basis, then a roll-call vote live: totals and names as the members vote', async () => {
    await page.goto(`/public/sessions/${sitting.id}`);
    await page.getByRole('heading', { level: 1, name: 'Заседание пред гражданите' }).waitFor();
    await page.getByText(`Правно основание: ${LEGAL_BASIS}`).waitFor();
    expect(await page.getByTestId('open-vote').isHidden()).toBe(true);

    const vote = await ok(
      app.api.post('/api/council/sessions/:id/votes', {
        params: { id: sitting.id },
        body: { itemId: sitting.items[0].id },
        token: chair.token,
      }),
      'vote',
    );
    const region = page.getByRole('region', { name: 'Тече гласуване' });
    await region.getByText('По точка „Наредба за местните такси“').waitFor();
    await page.getByTestId('open-vote-tally').filter({ hasText: 'Гласували: 0' }).waitFor();
    await must(
      'ballot',
      app.post(`/api/council/votes/${vote.id}/ballots`, { choice: 'for' }, { token: voters[0]!.token }),
    );
    await must(
      'ballot',
      app.post(`/api/council/votes/${vote.id}/ballots`, { choice: 'against' }, { token: voters[1]!.token }),
    );
    await page
      .getByTestId('open-vote-tally')
      .filter({ hasText: 'За: 1, против: 1, въздържали се: 0 · Гласували: 2' })
      .waitFor();
    const roll = page.getByTestId('open-vote-roll');
    await roll.getByText(`${voters[0]!.user.displayName}: За`).waitFor();
    await roll.getByText(`${voters[1]!.user.displayName}: Против`).waitFor();
    await expectAccessible(page, 'public-live-roll-call');
    await must('close vote', app.post(`/api/council/votes/${vote.id}/close`, {}, { token: chair.token }));
    await page.getByTestId('open-vote').waitFor({ state: 'hidden' });
  }, 120_000);

  it('a change made while the page was on its way (before it watched) is caught up when it starts watching', async () => {
    // The page (rendered on the server) arrives, but its socket is held back; meanwhile the
    // chair moves on to the next item. No event follows once the page watches: the watch's
    // acknowledgement says the sitting's version, newer than the page's copy, and the page
    // fetches the sitting again. (Before: it showed the old item until some later event.)
    const late = await newPage(browser, app, contexts);
    const held: Route[] = [];
    let connecting!: () => void;
    const triedToConnect = new Promise<void>((resolve) => (connecting = resolve));
    let released = false;
    await late.route('**/socket.io/**', (route) => {
      if (released) return void route.continue();
      held.push(route);
      connecting();
    });
    await late.goto(`/public/sessions/${sitting.id}`);
    await late.getByTestId('current-item').filter({ hasText: 'Наредба за местните такси' }).waitFor();
    await triedToConnect;
    await must(
      'next item',
      app.post(`/api/council/sessions/${sitting.id}/items/${sitting.items[1].id}/activate`, {}, { token: chair.token }),
    );
    released = true;
    for (const r of held) await r.continue();
    await late.getByTestId('current-item').filter({ hasText: 'Избор на представител' }).waitFor();
    await late.close();
  }, 120_000);

  it('a secret vote shows only how many have voted; after the closing there is no current item', async () => {
    await must(
      'next item',
      app.post(`/api/council/sessions/${sitting.id}/items/${sitting.items[1].id}/activate`, {}, { token: chair.token }),
    );
    const vote = await ok(
      app.api.post('/api/council/sessions/:id/votes', {
        params: { id: sitting.id },
        body: { itemId: sitting.items[1].id },
        token: chair.token,
      }),
      'vote',
    );
    await must(
      'ballot',
      app.post(`/api/council/votes/${vote.id}/ballots`, { choice: 'for' }, { token: voters[2]!.token }),
    );
    const tally = page.getByTestId('open-vote-tally');
    await tally.filter({ hasText: /^Гласували: 1$/ }).waitFor();
    expect(await page.getByTestId('open-vote-roll').count()).toBe(0);
    await expectAccessible(page, 'public-live-secret');
    await must('close vote', app.post(`/api/council/votes/${vote.id}/close`, {}, { token: chair.token }));
    await page.getByTestId('current-item').filter({ hasText: 'Избор на представител' }).waitFor();
    await must('close', app.post(`/api/council/sessions/${sitting.id}/close`, {}, { token: chair.token }));
    await page.getByTestId('session-status').filter({ hasText: 'Закрито' }).waitFor();
    expect(await page.getByTestId('current-item').count()).toBe(0);
    await expectAccessible(page, 'public-live-closed');
  }, 120_000);
});
