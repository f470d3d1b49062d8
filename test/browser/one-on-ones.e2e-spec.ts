import type { Browser, Page } from 'playwright-core';
import { TestApp, type SignedIn } from '../support/app.js';
import { launchBrowser, screenshot, seriousViolations, signIn as signInPage } from './browser.js';

const STEP = 30_000;

/**
 * One-on-ones in real Chromium, two people in two contexts: one picks the other, sees their
 * free slots and proposes two; the request appears live in the other's inbox, who accepts
 * one; the agreement reaches the first page live.
 */
/**
 * Ticks two free slots whatever the hour: the first and last of the day the picker opens (only
 * its slots are visible), or, late in a working day with one slot left, that one and the first
 * of the next day with free times (opened first). Ticking the fifth slot of the list failed late
 * in the afternoon, when the open day had fewer than five.
 */
async function pickTwoSlots(page: Page): Promise<void> {
  const picker = page.getByTestId('free-slots');
  const open = picker.locator('details[open]').first().getByRole('checkbox');
  await open.first().waitFor();
  await open.first().check();
  if ((await open.count()) >= 2) {
    await open.last().check();
    return;
  }
  const next = picker.locator('details:not([open])').first();
  await next.locator('summary').click();
  await next.getByRole('checkbox').first().check();
}

describe('one-on-ones in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let asker: Page;
  let invitee: Page;
  let inviteeSignedIn: SignedIn;
  let askerSignedIn: SignedIn;

  const signIn = async (username: string): Promise<Page> => {
    const ctx = await browser.newContext({ baseURL: app.url, locale: 'bg-BG', timezoneId: 'Europe/Sofia' });
    const p = await ctx.newPage();
    p.setDefaultTimeout(STEP);
    await signInPage(p, username);
    await p
      .getByRole('navigation', { name: 'Основна навигация' })
      .getByRole('link', { name: 'Срещи един на един' })
      .click();
    await p.getByRole('heading', { level: 1, name: 'Срещи един на един' }).waitFor();
    await p.locator('.connection').filter({ hasText: 'На живо' }).waitFor();
    return p;
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await TestApp.start();
    [askerSignedIn, inviteeSignedIn] = await Promise.all([app.login('servant07'), app.login('servant08')]);
    asker = await signIn('servant07');
    invitee = await signIn('servant08');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('proposes two free slots; the colleague sees it live and accepts one', async () => {
    await invitee.getByText('Нямате заявки за срещи един на един.').waitFor();
    await asker.getByLabel('Колега').selectOption({ label: inviteeSignedIn.user.displayName });
    await asker.getByLabel('Тема').fill('Отчет за тримесечието');
    await pickTwoSlots(asker);
    await asker.getByRole('button', { name: 'Изпрати поканата' }).click();
    await asker.getByTestId('one-on-ones').getByText('Отчет за тримесечието').waitFor();
    await screenshot(asker, 'one-on-ones-asker');
    expect(await seriousViolations(asker)).toEqual([]);

    const row = invitee
      .getByTestId('one-on-ones')
      .getByRole('listitem')
      .filter({ hasText: 'Отчет за тримесечието' })
      .first();
    await row.waitFor();
    await row.getByText(`От ${askerSignedIn.user.displayName}`).waitFor();
    const accept = row.getByRole('button', { name: /^Приеми / });
    expect(await accept.count()).toBe(2);
    await screenshot(invitee, 'one-on-ones-invitee');
    expect(await seriousViolations(invitee)).toEqual([]);
    await accept.first().click();
    await row.getByText(/^Уговорено: /).waitFor();

    await asker
      .getByTestId('one-on-ones')
      .getByRole('listitem')
      .filter({ hasText: 'Отчет за тримесечието' })
      .first()
      .getByText(/приета/)
      .waitFor();
  }, 90_000);
});
