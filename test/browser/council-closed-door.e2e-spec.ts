import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestApp, type SignedIn } from '../support/app.js';
import { expectAccessible, launchBrowser, signIn } from './browser.js';
import { createSitting, newPage } from './council-setup.js';

const TITLE = 'Заседание със закрита точка';
const REASON = 'Решение № 7: лични данни на служител';

/**
 * Closed-door in real Chromium (ЗМСМА чл. 28): the clerk records that one item is closed-door,
 * with its grounds, from the sitting's page; the page says so with the grounds, and the public
 * page says so without them — both axe-clean.
 */
describe('council in the browser: a closed-door item', () => {
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let clerkPage: Page;
  let publicPage: Page;
  let clerk: SignedIn;
  let sittingId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await TestApp.start();
    clerk = await app.login('clerk');
    const s = await createSitting(app, clerk, TITLE, [
      { title: 'Отчет за дейността', voteMode: 'open', majority: 'present' },
      { title: 'Обезщетение на служител', voteMode: 'open', majority: 'present' },
    ]);
    sittingId = s.id;
    expect((await app.post(`/api/council/sessions/${sittingId}/publish`, {}, { token: clerk.token })).status).toBe(200);
    clerkPage = await newPage(browser, app, contexts);
    publicPage = await newPage(browser, app, contexts);
    await signIn(clerkPage, 'clerk');
    await clerkPage.goto(`/council/${sittingId}`);
    await clerkPage.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('the clerk records the closed-door item with its grounds; the public page shows it closed-door, without them', async () => {
    const form = clerkPage.getByTestId('closed-door-form');
    await form.getByText('Закрито заседание или закрита точка').click();
    await form.getByLabel('Кое е закрито').selectOption({ label: '2. Обезщетение на служител' });
    await form.getByLabel('Основание (решението на съвета; виждат го само членовете и администрацията)').fill(REASON);
    await expectAccessible(clerkPage, 'council-closed-door-form');
    await form.getByRole('button', { name: 'Запиши решението за закриване' }).click();
    await clerkPage.getByTestId('announcer').filter({ hasText: 'Решението за закриване е записано.' }).waitFor();
    await clerkPage
      .getByTestId('closed-door-item')
      .filter({ hasText: `основание: ${REASON}` })
      .waitFor();

    await publicPage.goto(`/public/sessions/${sittingId}`);
    await publicPage.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const mark = publicPage.getByTestId('closed-door-item');
    await mark.filter({ hasText: 'Закрита точка (чл. 28, ал. 2 ЗМСМА)' }).waitFor();
    expect(await publicPage.content()).not.toContain(REASON);
    await expectAccessible(publicPage, 'public-session-closed-door');
  }, 180_000);
});
