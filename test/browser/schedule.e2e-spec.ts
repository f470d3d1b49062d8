import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestApp, type Session } from '../support/app.js';
import { launchBrowser, screenshot, seriousViolations, signIn } from './browser.js';

const STEP = 30_000;

/** A weekday at least two days ahead, 10:00–11:00 in Sofia (inside the halls' bookable hours). */
export function nextWeekdaySlot(daysAhead = 2, hourUtc = 8): { startsAt: string; endsAt: string } {
  const d = new Date(Date.now() + daysAhead * 86_400_000);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  d.setUTCHours(hourUtc, 0, 0, 0);
  return { startsAt: d.toISOString(), endsAt: new Date(d.getTime() + 3_600_000).toISOString() };
}

/**
 * The schedule in real Chromium: a booking made through the API by one user, with the other
 * as invitee, appears live on the invitee's /schedule page; RSVP, the calendar feed, axe.
 */
describe('schedule in the browser', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let organizer: Session;
  let invitee: Session;

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await TestApp.start();
    [organizer, invitee] = await Promise.all([app.login('servant03'), app.login('servant04')]);
    context = await browser.newContext({ baseURL: app.url, locale: 'bg-BG', timezoneId: 'Europe/Sofia' });
    page = await context.newPage();
    page.setDefaultTimeout(STEP);
    await signIn(page, 'servant04');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a hall booked by a colleague with me invited appears live on /schedule', async () => {
    await page.getByRole('navigation', { name: 'Основна навигация' }).getByRole('link', { name: 'График' }).click();
    await page.getByRole('heading', { level: 1, name: 'График' }).waitFor();
    await page.getByText('Нямате срещи в този период.').waitFor();
    await page.locator('.connection').filter({ hasText: 'На живо' }).waitFor();

    const halls = await app.get('/api/halls', { token: organizer.token });
    expect(halls.status).toBe(200);
    const hall = (halls.body as { id: string; kind: string }[]).find((h) => h.kind === 'hall')!;
    const booked = await app.post(
      `/api/halls/${hall.id}/bookings`,
      { title: 'Работна среща по бюджета', ...nextWeekdaySlot(), inviteeIds: [invitee.user.id] },
      { token: organizer.token },
    );
    expect(booked.status).toBe(201);

    const row = page.getByRole('listitem').filter({ hasText: 'Работна среща по бюджета' });
    await row.waitFor();
    await row.getByText('Вашият отговор: без отговор').waitFor();
    await row.getByRole('button', { name: 'Приемам „Работна среща по бюджета“' }).click();
    await row.getByText('Вашият отговор: приета').waitFor();
    expect(
      await row.getByRole('button', { name: 'Приемам „Работна среща по бюджета“' }).getAttribute('aria-pressed'),
    ).toBe('true');
    await screenshot(page, 'schedule');
    expect(await seriousViolations(page)).toEqual([]);
  }, 90_000);

  it('creates and rotates the calendar-feed link', async () => {
    await page.getByRole('button', { name: 'Създай адрес на календара' }).click();
    const field = page.getByLabel('Таен адрес на календара');
    await field.waitFor();
    const first = await field.inputValue();
    expect(first).toMatch(/\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const ics = await app.get(new URL(first).pathname);
    expect(ics.status).toBe(200);
    await page.getByRole('button', { name: 'Смени адреса' }).click();
    // Evaluated in the page (a string: the test code is not compiled with DOM types).
    await page.waitForFunction(`document.querySelector('input[readonly]')?.value !== ${JSON.stringify(first)}`);
    expect((await app.get(new URL(first).pathname)).status).not.toBe(200);
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);
});
