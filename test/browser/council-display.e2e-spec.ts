import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestApp, type Session } from '../support/app.js';
import { adoptAgenda } from '../support/council.js';
import { expectAccessible, launchBrowser, signIn } from './browser.js';
import { createSession, newPage, openWithQuorum } from './council-setup.js';

const TITLE = 'Заседание с екран в залата';

/**
 * The chamber's screen in real Chromium (issue 15, part 7): the clerk makes its address on the
 * session page, the hall's display opens it with no account, and a short sitting runs on it —
 * the current item, the quorum, the speaker with the time left, the open vote's live count and
 * its result — with axe clean on the screen.
 */
describe('council in the browser: the chamber screen', () => {
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let clerkPage: Page;
  let screen: Page;
  let clerk: Session;
  let chair: Session;
  let c1: Session;
  let sessionId: string;
  let itemId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await TestApp.start();
    [clerk, chair, c1] = await Promise.all([app.login('clerk'), app.login('chair'), app.login('councillor01')]);
    const s = await createSession(app, clerk, TITLE, [
      { title: 'Отчет за бюджета', voteMode: 'open', majority: 'present' },
    ]);
    sessionId = s.id;
    itemId = s.items[0].id;
    await openWithQuorum(app, sessionId, clerk, chair, [chair, c1]);
    [clerkPage, screen] = [await newPage(browser, app, contexts), await newPage(browser, app, contexts)];
    await signIn(clerkPage, 'clerk');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('the clerk opens the screen; it shows the item, the speaker’s time left, the live count and the result', async () => {
    await clerkPage.goto(`/council/${sessionId}`);
    await clerkPage.getByRole('button', { name: 'Адрес за екрана в залата' }).click();
    const href = await clerkPage.getByTestId('display-address').getAttribute('href');
    expect(href).toMatch(/^\/display#[A-Za-z0-9_-]{43}$/);

    await screen.goto(href!);
    await screen.getByTestId('display-item').filter({ hasText: '1. Отчет за бюджета' }).waitFor();
    await screen.getByTestId('display-quorum').filter({ hasText: 'Присъстват 26 от 51' }).waitFor();

    // A speech: the speaker and the time left of the 5 minutes, counted on the screen.
    const asked = await app.post(
      `/api/council/sessions/${sessionId}/speakers`,
      { kind: 'speech' },
      { token: c1.token },
    );
    const waiting = await app.post(
      `/api/council/sessions/${sessionId}/speakers`,
      { kind: 'speech' },
      { token: chair.token },
    );
    await app.post(`/api/council/speakers/${asked.body.id}/grant`, {}, { token: chair.token });
    const speaker = screen.getByTestId('display-speaker');
    await speaker.filter({ hasText: `${c1.user.displayName} — изказване` }).waitFor();
    await speaker
      .getByTestId('floor-left')
      .filter({ hasText: /остават 4:5\d/ })
      .waitFor();
    await screen.getByTestId('display-queue').filter({ hasText: chair.user.displayName }).waitFor();
    await expectAccessible(screen, 'chamber-display-speaker');
    await app.post(`/api/council/speakers/${asked.body.id}/finish`, {}, { token: chair.token });
    await app.post(`/api/council/speakers/${waiting.body.id}/withdraw`, {}, { token: chair.token });

    // An open vote: the live count, then the result.
    // The sitting’s first vote adopts its agenda (issue 15).
    await adoptAgenda(app, sessionId, { clerk, chair });
    const vote = await app.post(`/api/council/sessions/${sessionId}/votes`, { itemId }, { token: chair.token });
    expect(vote.status).toBe(201);
    await screen.getByTestId('display-vote').filter({ hasText: 'За: 0, против: 0' }).waitFor();
    await app.post(`/api/council/votes/${vote.body.id}/ballots`, { choice: 'for' }, { token: c1.token });
    await screen.getByTestId('display-vote').filter({ hasText: 'За: 1, против: 0, въздържали се: 0' }).waitFor();
    await app.post(`/api/council/votes/${vote.body.id}/close`, {}, { token: chair.token });
    await screen.getByTestId('display-results').filter({ hasText: 'Отчет за бюджета: Неприето' }).waitFor();
    await expectAccessible(screen, 'chamber-display-result');

    // Revoked: the screen says so.
    const tokens = await app.get(`/api/council/sessions/${sessionId}/display-tokens`, { token: clerk.token });
    await app.post(`/api/council/display-tokens/${tokens.body[0].id}/revoke`, {}, { token: clerk.token });
    await screen.getByRole('alert').filter({ hasText: 'не е разрешен' }).waitFor();
  }, 180_000);
});
