import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectOk } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { launchBrowser, screenshot, seriousViolations, signIn } from './browser.js';

const ZONE = 'Europe/Sofia';
const STEP = 30_000;

/**
 * The calendars (halls and schedule) meet WCAG AA contrast in every state they can show,
 * whatever day it is: the browser's clock is set to the Wednesday of a week that runs into
 * the next month, so the grid has past days, today, weekends and days of two months, with
 * busy (approved) and tentative (pending approval, not yet answered) slots on it,
 * in Bulgarian and in English. FullCalendar's own palette failed here (its default event blue
 * and its greys are below 4.5:1).
 */
describe('calendar colours in every state', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let admin: SignedIn;
  let servant: SignedIn;
  let hallId: string;
  /** Monday 00:00 (Sofia) of the week shown: at least a week ahead, its Sunday in the next month. */
  let monday: DateTime;

  const at = (day: number, hour: number) => monday.plus({ days: day }).set({ hour });
  const slot = (start: DateTime, hours = 1) => ({
    startsAt: start.toUTC().toISO()!,
    endsAt: start.plus({ hours }).toUTC().toISO()!,
  });
  const axe = async (name: string) => {
    await screenshot(page, name);
    expect(await seriousViolations(page)).toEqual([]);
  };

  beforeAll(async () => {
    monday = DateTime.now().setZone(ZONE).plus({ days: 7 }).startOf('week');
    while (monday.month === monday.plus({ days: 6 }).month) monday = monday.plus({ weeks: 1 });

    browser = await launchBrowser();
    app = await TestApp.start();
    [admin, servant] = await Promise.all([app.login('admin'), app.login('servant07')]);
    const hall = await app.api.post('/api/halls', {
      body: {
        name: 'Зала с одобрение',
        capacity: 12,
        policy: {
          bookableHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' })),
          minNoticeMinutes: 0,
          bookingWindowDays: 3650,
          maxDurationMinutes: 600,
          requiresApproval: true,
        },
      },
      token: admin.token,
    });
    expect(hall.status).toBe(201);
    expectOk(hall);
    hallId = hall.body.id;
    const book = async (who: SignedIn, title: string, start: DateTime, inviteeIds: string[] = []) => {
      const r = await app.api.post('/api/halls/:id/bookings', {
        params: { id: hallId },
        body: { title, ...slot(start), inviteeIds },
        token: who.token,
      });
      expect(r.status).toBe(201);
      expectOk(r);
      return r.body;
    };
    // Past days of the week shown (Monday, Tuesday), today (Wednesday), the weekend.
    expect((await book(admin, 'Одобрена в понеделник', at(0, 9), [servant.user.id])).status).toBe('confirmed');
    expect((await book(servant, 'Чака одобрение във вторник', at(1, 10))).status).toBe('pending');
    const today = await book(admin, 'Днешна среща', at(2, 11), [servant.user.id]);
    const rsvp = await app.post(`/api/meetings/${today.id}/rsvp`, { response: 'accepted' }, { token: servant.token });
    expect(rsvp.status).toBe(200);
    await book(admin, 'Събота', at(5, 10));

    context = await browser.newContext({ baseURL: app.url, locale: 'bg-BG', timezoneId: ZONE });
    // The browser lives on the Wednesday of that week at noon; the server keeps the real time.
    await context.clock.setFixedTime(at(2, 12).toJSDate());
    page = await context.newPage();
    page.setDefaultTimeout(STEP);
    await signIn(page, 'servant07');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('the halls week with approved and pending slots, past days, today and a weekend', async () => {
    await page.goto('/halls');
    await page.getByRole('heading', { level: 1, name: 'Заседателни зали' }).waitFor();
    await page.getByLabel('Зала', { exact: true }).selectOption(hallId);
    const calendar = page.getByTestId('hall-calendar');
    await calendar.getByText('Заето').first().waitFor();
    await calendar.getByText('Чака одобрение').first().waitFor();
    expect(await calendar.locator('.slot-tentative').count()).toBeGreaterThan(0);
    expect(await calendar.locator('.slot-busy').count()).toBeGreaterThan(1);
    await axe('calendar-halls-bg');

    await page.getByRole('button', { name: 'English' }).click();
    await calendar.getByText('Awaiting approval').first().waitFor();
    await axe('calendar-halls-en');
    await page.getByRole('button', { name: 'Български' }).click();
    await calendar.getByText('Чака одобрение').first().waitFor();
  }, 60_000);

  it('the schedule week and day with accepted and unanswered meetings', async () => {
    await page.goto('/schedule');
    await page.getByRole('heading', { level: 1, name: 'График' }).waitFor();
    await page.getByRole('button', { name: 'Седмица', exact: true }).click();
    const week = page.getByTestId('calendar-week');
    await week.getByText('Днешна среща', { exact: false }).first().waitFor();
    expect(await week.locator('.slot-tentative').count()).toBeGreaterThan(0);
    expect(await week.locator('.slot-busy').count()).toBeGreaterThan(0);
    await axe('calendar-schedule-week-bg');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Week', exact: true }).waitFor();
    await axe('calendar-schedule-week-en');
    await page.getByRole('button', { name: 'Day', exact: true }).click();
    await page.getByTestId('calendar-day').getByText('Днешна среща', { exact: false }).first().waitFor();
    await axe('calendar-schedule-day-en');
    await page.getByRole('button', { name: 'Български' }).click();
  }, 60_000);
});
