import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { workday } from '../support/world.js';
import { expectAccessible, launchBrowser, screenshot, seriousViolations, signIn } from './browser.js';

const STEP = 30_000;

/**
 * A weekday at least `daysAhead` days ahead, 10:00–11:00 in Sofia (inside the halls'
 * bookable hours), counted in Sofia's calendar, which the page shows (counted in UTC, late on
 * a Saturday evening the slot was only one Sofia day ahead).
 */
export function nextWeekdaySlot(daysAhead = 2): { startsAt: string; endsAt: string } {
  const start = workday(0, 10, daysAhead);
  return { startsAt: start.toUTC().toISO()!, endsAt: start.plus({ hours: 1 }).toUTC().toISO()! };
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
  let organizer: SignedIn;
  let invitee: SignedIn;
  let organizerPage: Page;
  let hallId: string;
  let budget: { id: string; startsAt: string; endsAt: string };

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

    const halls = await app.api.get('/api/halls', { token: organizer.token });
    expect(halls.status).toBe(200);
    expectOk(halls);
    const hall = halls.body.find((h) => h.kind === 'hall')!;
    hallId = hall.id;
    const booked = await app.api.post('/api/halls/:id/bookings', {
      params: { id: hall.id },
      body: { title: 'Работна среща по бюджета', ...nextWeekdaySlot(), inviteeIds: [invitee.user.id] },
      token: organizer.token,
    });
    expect(booked.status).toBe(201);
    expectOk(booked);
    budget = booked.body;

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
    // Polled from here: a string waitForFunction polls by eval in the page, which the CSP forbids.
    for (let i = 0; (await field.inputValue()) === first; i++) {
      if (i > 300) throw new Error('the calendar-feed address did not change');
      await page.waitForTimeout(100);
    }
    expect((await app.get(new URL(first).pathname)).status).not.toBe(200);
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);

  it('chooses which kinds of mail to get, for the signed-in person only', async () => {
    const box = page.getByRole('group', { name: 'Получавам по пощата' });
    const reminder = box.getByRole('checkbox', { name: 'Напомняне преди среща' });
    await reminder.waitFor();
    expect(await reminder.isChecked()).toBe(true);
    // No SMTP_URL in this server: the page says so, and keeps the choice for later.
    await page.getByText('Порталът все още не изпраща писма').waitFor();
    await reminder.uncheck();
    await page.getByRole('button', { name: 'Запази избора' }).click();
    for (let i = 0; ; i++) {
      const saved = await ok(app.api.get('/api/me/mail-preferences', { token: invitee.token }), 'the mail choice');
      if (saved.kinds.meeting_reminder === false) {
        expect(saved.kinds).toEqual({
          meeting: true,
          meeting_reminder: false,
          one_on_one: true,
          hall_booking: true,
          council: true,
        });
        break;
      }
      if (i > 100) throw new Error('the mail choice was not saved');
      await page.waitForTimeout(100);
    }
    expect(
      (await ok(app.api.get('/api/me/mail-preferences', { token: organizer.token }), 'the mail choice')).kinds
        .meeting_reminder,
    ).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);

  it('shows my meetings by day, by week (FullCalendar time grid beside the list) and as a list', async () => {
    const title = 'Работна среща по бюджета';
    const sofiaDate = (iso: string) =>
      new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Sofia' }).format(new Date(iso));
    const days = Math.round(
      (Date.parse(sofiaDate(budget.startsAt)) - Date.parse(sofiaDate(new Date().toISOString()))) / 86_400_000,
    );
    expect(days).toBeGreaterThanOrEqual(2);
    const views = page.getByRole('group', { name: 'Изглед' });
    const list = page.getByTestId('meetings').filter({ hasText: title });

    await views.getByRole('button', { name: 'Ден' }).click();
    expect(await views.getByRole('button', { name: 'Ден' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('calendar-day').waitFor();
    // Today: the meeting is days ahead, and the views do not go back before today.
    expect(await page.getByRole('button', { name: 'Предишен ден' }).isDisabled()).toBe(true);
    for (let i = 0; i < days; i++) await page.getByRole('button', { name: 'Следващ ден' }).click();
    await list.waitFor();
    await page.getByTestId('calendar-day').getByText(title).waitFor();
    await expectAccessible(page, 'schedule-day');

    await views.getByRole('button', { name: 'Седмица' }).click();
    await page
      .getByTestId('period')
      .getByText(/^седмицата от понеделник, /)
      .waitFor();
    await page.getByTestId('calendar-week').getByText(title).waitFor();
    await list.waitFor();
    await expectAccessible(page, 'schedule-week');

    await views.getByRole('button', { name: 'Списък' }).click();
    await page.getByTestId('period').getByText('всички предстоящи').waitFor();
    await list.waitFor();
    expect(await page.getByTestId('calendar-week').count()).toBe(0);
    await expectAccessible(page, 'schedule-list');
  }, 90_000);

  it('the organizer reschedules: a clash shows the meeting in the way, the new time reaches the participant live', async () => {
    const sofiaTime = (iso: string) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Sofia',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(iso));
    const later = {
      startsAt: new Date(Date.parse(budget.startsAt) + 2 * 3_600_000).toISOString(),
      endsAt: new Date(Date.parse(budget.endsAt) + 2 * 3_600_000).toISOString(),
    };
    const booked = await app.api.post('/api/halls/:id/bookings', {
      params: { id: hallId },
      body: { title: 'Планиране на проекта', ...later, inviteeIds: [invitee.user.id] },
      token: organizer.token,
    });
    expect(booked.status).toBe(201);
    expectOk(booked);
    // The participant sees it arrive.
    const participantRow = page.getByRole('listitem').filter({ hasText: 'Планиране на проекта' });
    await participantRow.waitFor();

    const organizerContext = await browser.newContext({
      baseURL: app.url,
      locale: 'bg-BG',
      timezoneId: 'Europe/Sofia',
    });
    organizerPage = await organizerContext.newPage();
    organizerPage.setDefaultTimeout(STEP);
    await signIn(organizerPage, 'servant03');
    await organizerPage.goto('/schedule');
    const row = organizerPage.getByRole('listitem').filter({ hasText: 'Планиране на проекта' });
    await row.getByRole('button', { name: 'Промени часа на „Планиране на проекта“' }).click();
    const form = organizerPage.getByRole('form', { name: 'Нов час за „Планиране на проекта“' });
    // The keyboard focus goes into the form (the button that opened it is gone).
    await form.getByLabel('Нова дата').waitFor();
    expect(await organizerPage.evaluate("document.activeElement?.getAttribute('type')")).toBe('date');
    // Onto the budget meeting's time in the same hall: 409 slot_taken, the meeting in the way listed.
    await form.getByLabel('Ново начало (часът в София)').fill(sofiaTime(budget.startsAt));
    await form.getByLabel('Нов край (часът в София)').fill(sofiaTime(budget.endsAt));
    await form.getByRole('button', { name: 'Запази новия час' }).click();
    const error = form.getByTestId('reschedule-error');
    await error.getByText('Залата е заета по това време.').waitFor();
    await error.getByText(/^Пречи: „Работна среща по бюджета“, /).waitFor();
    await expectAccessible(organizerPage, 'schedule-reschedule-conflict');
    expect(
      (
        await ok(
          app.api.get('/api/meetings/:id', { params: { id: booked.body.id }, token: organizer.token }),
          'the meeting',
        )
      ).startsAt,
    ).toBe(booked.body.startsAt);

    // An end before the start is caught in the form.
    await form.getByLabel('Нов край (часът в София)').fill('08:00');
    await form.getByRole('button', { name: 'Запази новия час' }).click();
    await error.getByText('Краят трябва да е след началото.').waitFor();

    const newStart = new Date(Date.parse(budget.startsAt) + 5 * 3_600_000).toISOString();
    const newEnd = new Date(Date.parse(budget.startsAt) + 6 * 3_600_000).toISOString();
    await form.getByLabel('Ново начало (часът в София)').fill(sofiaTime(newStart));
    await form.getByLabel('Нов край (часът в София)').fill(sofiaTime(newEnd));
    await form.getByRole('button', { name: 'Запази новия час' }).click();
    await organizerPage
      .getByTestId('announcer')
      .getByText(/^Срещата „Планиране на проекта“ е преместена: /)
      .waitFor();
    expect(await form.count()).toBe(0);
    // ... and back to the button when it closes.
    expect(await organizerPage.evaluate("document.activeElement?.getAttribute('aria-label')")).toBe(
      'Промени часа на „Планиране на проекта“',
    );
    const moved = await ok(
      app.api.get('/api/meetings/:id', { params: { id: booked.body.id }, token: organizer.token }),
      'the meeting',
    );
    expect([moved.startsAt, moved.endsAt].map((x: string) => Date.parse(x))).toEqual([
      Date.parse(newStart),
      Date.parse(newEnd),
    ]);

    // Live on the participant's schedule (meeting.updated), no reload.
    const range = `${sofiaTime(newStart)}–${sofiaTime(newEnd)} ч.`;
    await participantRow.getByText(range, { exact: false }).waitFor();
    await row.getByText(range, { exact: false }).waitFor();
    await expectAccessible(page, 'schedule-rescheduled-participant');
    await expectAccessible(organizerPage, 'schedule-rescheduled-organizer');
  }, 120_000);

  it('in English', async () => {
    await organizerPage.getByRole('button', { name: 'English' }).click();
    await organizerPage.getByRole('heading', { level: 1, name: 'Schedule' }).waitFor();
    const row = organizerPage.getByRole('listitem').filter({ hasText: 'Планиране на проекта' });
    await row.getByRole('button', { name: 'Change the time of “Планиране на проекта”' }).click();
    await organizerPage
      .getByRole('form', { name: 'New time for “Планиране на проекта”' })
      .getByLabel('New start (Sofia time)')
      .waitFor();
    await organizerPage.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Week' }).click();
    await organizerPage
      .getByTestId('period')
      .getByText(/^the week of Monday, /)
      .waitFor();
    await expectAccessible(organizerPage, 'schedule-en');
    await organizerPage.getByRole('button', { name: 'Български' }).click();
    await organizerPage.getByRole('heading', { level: 1, name: 'График' }).waitFor();
  }, 60_000);
});
