import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestApp, type Session } from '../support/app.js';
import { workday } from '../support/world.js';
import { launchBrowser, screenshot, seriousViolations, signIn } from './browser.js';

const STEP = 30_000;

/** A weekday two or more days ahead, as YYYY-MM-DD in Sofia's calendar (the page's). */
function sofiaWeekday(daysAhead = 2): string {
  return workday(0, 10, daysAhead).toISODate()!;
}

/**
 * Halls in real Chromium: the halls with capacity and equipment, the FullCalendar week,
 * a booking made in the form with an invitee, and a second one on the same slot refused
 * with the meeting in the way (409 slot_taken).
 */
describe('halls in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let invitee: Session;

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await TestApp.start();
    invitee = await app.login('servant06');
    context = await browser.newContext({ baseURL: app.url, locale: 'bg-BG', timezoneId: 'Europe/Sofia' });
    page = await context.newPage();
    page.setDefaultTimeout(STEP);
    await signIn(page, 'servant05');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('lists the halls with capacity and shows the week calendar', async () => {
    await page.getByRole('navigation', { name: 'Основна навигация' }).getByRole('link', { name: 'Зали' }).click();
    await page.getByRole('heading', { level: 1, name: 'Заседателни зали' }).waitFor();
    await page
      .getByText(/^Места: \d+$/)
      .first()
      .waitFor();
    await page
      .locator('.calendar')
      .getByText(/^пн \d+/)
      .first()
      .waitFor();
    await page.getByLabel('Зала', { exact: true }).waitFor();
    await screenshot(page, 'halls');
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);

  it('books a hall with an invitee; the same slot again shows the meeting in the way', async () => {
    const date = sofiaWeekday();
    const book = async (title: string) => {
      await page.getByLabel('Тема на срещата').fill(title);
      await page.getByLabel('Дата').fill(date);
      await page.getByLabel('Начало (часът в София)').fill('10:00');
      await page.getByLabel('Край (часът в София)').fill('11:00');
      await page.getByRole('button', { name: 'Резервирай' }).click();
    };
    await page.getByLabel('Търсене на колега').fill(invitee.user.displayName);
    await page.getByRole('checkbox', { name: invitee.user.displayName }).check();
    await book('Планиране на бюджета');
    await page.getByTestId('announcer').filter({ hasText: '„Планиране на бюджета“' }).waitFor();
    const upcoming = await app.get('/api/meetings/upcoming?limit=50', { token: invitee.token });
    expect(upcoming.body.items.map((m: { title: string }) => m.title)).toContain('Планиране на бюджета');

    await book('Втора среща');
    const error = page.getByTestId('booking-error');
    await error.filter({ hasText: 'Залата е заета по това време.' }).waitFor();
    await error.filter({ hasText: 'Пречи: „Планиране на бюджета“' }).waitFor();
    await screenshot(page, 'halls-conflict');
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);
});
