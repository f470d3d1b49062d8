import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { openSittingWith } from '../support/council.js';
import { FakeLiveKit } from '../support/livekit-server.js';
import { expectAccessible, launchBrowser, signIn } from './browser.js';
import { newPage } from './council-setup.js';

const TITLE = 'Заседание: код за регистрация';

/**
 * Issue 15, part 5, in real Chromium: the clerk's tools show the chamber's check-in code; a
 * councillor types it to check in (a wrong code is refused with a clear message); the chair
 * declares the sitting remote with the emergency's reference and the clerk confirms the member's
 * identity. Axe on each page. LiveKit is the fake server (declaring needs it configured).
 */
describe('council in the browser: the chamber code and a remote sitting', () => {
  let lk: FakeLiveKit;
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let clerk: SignedIn;
  let chair: SignedIn;
  let sittingId: string;

  const open = async (username: string): Promise<Page> => {
    const page = await newPage(browser, app, contexts);
    await signIn(page, username);
    await page.goto(`/council/${sittingId}`);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    return page;
  };

  beforeAll(async () => {
    lk = await FakeLiveKit.start();
    app = await TestApp.start({ env: { ...lk.env, COUNCIL_CHECK_IN_CODE: 'true' } });
    browser = await launchBrowser();
    [clerk, chair] = await Promise.all([app.login('clerk'), app.login('chair')]);
    sittingId = (
      await openSittingWith(app, { clerk, chair }, { title: TITLE, startsAt: new Date(Date.now() + 3_600_000) })
    ).id;
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.close();
    await lk?.close();
  });

  it('the clerk sees the code, a councillor checks in with it; the chair declares the sitting remote and the clerk confirms the identity', async () => {
    const clerkPage = await open('clerk');
    const shown = clerkPage.getByTestId('check-in-code');
    await shown.getByRole('heading', { name: 'Код за регистрация в залата' }).waitFor();
    expect(await shown.locator('.check-in-code-value').textContent()).toMatch(/^\d{6}$/);
    await expectAccessible(clerkPage, 'council-check-in-code-clerk');

    const member = await open('councillor07');
    const input = member.getByLabel('Код от залата (6 цифри)');
    const checkInCode = () =>
      ok(
        app.api.get('/api/council/sessions/:id/check-in-code', { params: { id: sittingId }, token: clerk.token }),
        'the check-in code',
      );
    const { code } = await checkInCode();
    const wrong = `${(Number(code[0]) + 1) % 10}${code.slice(1)}`;
    await input.fill(wrong);
    await member.getByRole('button', { name: 'Регистрирай ме' }).click();
    await member.getByRole('alert').getByText('Кодът не е този, който се показва в залата в момента.').waitFor();
    const fresh = (await checkInCode()).code;
    await input.fill(fresh);
    await member.getByRole('button', { name: 'Регистрирай ме' }).click();
    await member.getByTestId('my-attendance').getByText('Регистрирани сте като присъстващ.').waitFor();
    await expectAccessible(member, 'council-check-in-member');

    const chairPage = await open('chair');
    await chairPage
      .getByLabel(/^Основание: актът/)
      .fill('Решение на Министерския съвет за обявяване на извънредна епидемична обстановка');
    await chairPage.getByRole('button', { name: 'Обяви заседание от разстояние' }).click();
    await chairPage
      .getByTestId('remote-sitting')
      .getByRole('heading', { name: 'Заседание от разстояние (чл. 28а ЗМСМА)' })
      .waitFor();
    await expectAccessible(chairPage, 'council-remote-chair');

    await clerkPage.reload();
    const remote = clerkPage.getByTestId('remote-sitting');
    await remote.getByRole('button', { name: /^Потвърди самоличността/ }).click();
    await remote.getByText(/^установена в .* от /).waitFor();
    await expectAccessible(clerkPage, 'council-remote-clerk');
    const { form } = await ok(
      app.api.get('/api/council/sessions/:id', { params: { id: sittingId }, token: clerk.token }),
      'read the sitting',
    );
    const identifications = form?.identifications ?? [];
    expect(identifications).toHaveLength(1);
    expect(identifications[0].confirmedBy.id).toBe(clerk.user.id);
  }, 120_000);
});
