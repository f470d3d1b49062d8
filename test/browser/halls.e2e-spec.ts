import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { workday } from '../support/world.js';
import { expectAccessible, launchBrowser, requestMarker, screenshot, seriousViolations, signIn } from './browser.js';

const STEP = 30_000;
const ZONE = 'Europe/Sofia';
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const WEEKDAYS = ['пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'нд'];

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
  let invitee: SignedIn;

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await TestApp.start();
    invitee = await app.login('servant06');
    context = await browser.newContext({
      baseURL: app.url,
      locale: 'bg-BG',
      timezoneId: 'Europe/Sofia',
      viewport: DESKTOP,
    });
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
    const upcoming = await ok(
      app.api.get('/api/meetings/upcoming', { query: { limit: 50 }, token: invitee.token }),
      'upcoming meetings',
    );
    expect(upcoming.items.map((m: { title: string }) => m.title)).toContain('Планиране на бюджета');

    await book('Втора среща');
    const error = page.getByTestId('booking-error');
    await error.filter({ hasText: 'Залата е заета по това време.' }).waitFor();
    await error.filter({ hasText: 'Пречи: „Планиране на бюджета“' }).waitFor();
    await screenshot(page, 'halls-conflict');
    expect(await seriousViolations(page)).toEqual([]);
  }, 60_000);
});

/** A column heading as the portal writes it: "пн 7.12" (weekday, day.month), from YYYY-MM-DD in Sofia. */
function dayHeading(date: string): string {
  const d = DateTime.fromISO(date, { zone: ZONE });
  return `${WEEKDAYS[d.weekday - 1]} ${d.day}.${d.month}`;
}

/** The page's width against the screen's, and what sticks out if anything does. */
function overflow(page: Page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const wider = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 0.5)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${String(e.className)} “${(e.textContent ?? '').slice(0, 30)}”`);
    return {
      fits: root.scrollWidth <= window.innerWidth,
      scrollWidth: root.scrollWidth,
      width: window.innerWidth,
      wider,
    };
  });
}

/** Height, font size and border of a form control. */
function measure(control: Locator) {
  return control.evaluate((e) => {
    const style = getComputedStyle(e);
    return { height: Math.round(e.getBoundingClientRect().height), font: style.fontSize, border: style.borderTopWidth };
  });
}

/**
 * The halls page as a civil servant uses it on a desktop and on a phone (issue 22, item 12):
 * nothing wider than the screen, the week's buttons whole, each calendar column headed by its
 * weekday and date (a phone shows one day, picked from the week's seven), the equipment in
 * Bulgarian, date, time and select controls like the text fields and big enough for a finger,
 * an end before the start said at the end field, every colleague invitable with the count
 * said, and the organizer's own booking shown as theirs; axe in every state. Dates follow the
 * clock (Sofia), so the suite holds on any day the date matrix picks.
 */
describe.each([
  ['desktop', DESKTOP, 'servant11', 14],
  ['phone', PHONE, 'servant12', 16],
] as const)('halls on a %s', (size, viewport, username, hour) => {
  const phone = size === 'phone';
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let me: SignedIn;
  let bookingRequests = 0;
  /** A working day two or more days ahead (Sofia), inside the default bookable hours. */
  const date = workday(0, 10, 2).toISODate()!;
  const title = `Среща на екипа (${size})`;
  const endField = () => page.getByLabel('Край (часът в София)');
  const fillTimes = async (start: number, end: number) => {
    await page.getByLabel('Дата', { exact: true }).fill(date);
    await page.getByLabel('Начало (часът в София)').fill(`${start}:00`);
    await endField().fill(`${end}:00`);
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await TestApp.start();
    me = await app.login(username);
    const context = await browser.newContext({
      baseURL: app.url,
      locale: 'bg-BG',
      timezoneId: ZONE,
      viewport,
      ...(phone ? { isMobile: true, hasTouch: true } : {}),
    });
    page = await context.newPage();
    page.setDefaultTimeout(STEP);
    page.on('request', (r) => {
      if (r.method() === 'POST' && /\/api\/halls\/[^/]+\/bookings$/.test(r.url())) bookingRequests += 1;
    });
    await signIn(page, username);
    await page.goto('/halls');
    await page.getByRole('heading', { level: 1, name: 'Заседателни зали' }).waitFor();
    await page.locator('.calendar [role=columnheader][data-date]').first().waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('nothing is wider than the screen', async () => {
    expect(await overflow(page)).toMatchObject({ fits: true, wider: [] });
    await expectAccessible(page, `halls-${size}`);
  });

  it('„Следваща седмица“ is whole and on the screen', async () => {
    const next = page.getByRole('button', { name: 'Следваща седмица' });
    const box = (await next.boundingBox())!;
    expect({
      left: box.x >= 0,
      right: box.x + box.width <= viewport.width,
      uncut: await next.evaluate((e) => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight),
    }).toEqual({ left: true, right: true, uncut: true });
  });

  it('each calendar column is headed by its weekday and date', async () => {
    const columns = () =>
      page.locator('.calendar [role=columnheader][data-date]').evaluateAll((cells) =>
        cells.map((c) => {
          const label = c.querySelector('.day-header') as HTMLElement | null;
          return {
            date: c.getAttribute('data-date')!,
            text: (label ?? c).textContent,
            whole: label ? label.scrollWidth <= c.clientWidth : false,
          };
        }),
      );
    const shown = await columns();
    const monday = DateTime.fromISO(shown[0]!.date, { zone: ZONE }).startOf('week');
    const week = Array.from({ length: 7 }, (_, i) => monday.plus({ days: i }).toISODate()!);
    if (phone) {
      // One day at a time on a phone, picked from the week's seven (weekday and date on each).
      const picker = page.getByRole('group', { name: 'Ден в календара' });
      expect(await picker.getByRole('button').allTextContents()).toEqual(week.map(dayHeading));
      const pressed = await picker.getByRole('button', { pressed: true }).allTextContents();
      expect(shown).toEqual([{ date: shown[0]!.date, text: dayHeading(shown[0]!.date), whole: true }]);
      expect(pressed).toEqual([dayHeading(shown[0]!.date)]);
      await picker.getByRole('button', { name: dayHeading(week[4]!) }).click();
      await page.locator(`.calendar [role=columnheader][data-date="${week[4]}"]`).waitFor();
      expect(await columns()).toEqual([{ date: week[4], text: dayHeading(week[4]!), whole: true }]);
    } else {
      expect(shown).toEqual(week.map((d) => ({ date: d, text: dayHeading(d), whole: true })));
    }
    await expectAccessible(page, `halls-${size}-days`);
  });

  it('the equipment is named in Bulgarian', async () => {
    const big = page.locator('.card').filter({ has: page.getByRole('heading', { name: 'Голяма заседателна зала' }) });
    expect(await big.getByText(/^Оборудване:/).textContent()).toBe(
      'Оборудване: проектор, видеоконферентна връзка, достъп с инвалидна количка, микрофони',
    );
    expect(await page.locator('main').textContent()).not.toMatch(/video_conferencing|wheelchair_access|projector/);
  });

  it('date, time and select controls look like the text fields, and a finger can hit every control', async () => {
    const form = page.getByRole('region', { name: /^Резервация на / }).locator('form');
    const text = await measure(form.getByLabel('Тема на срещата'));
    expect(text.height).toBeGreaterThanOrEqual(44);
    const controls = {
      date: form.getByLabel('Дата', { exact: true }),
      start: form.getByLabel('Начало (часът в София)'),
      end: form.getByLabel('Край (часът в София)'),
      repeat: form.getByLabel('Повторение'),
      search: form.getByLabel('Търсене на колега'),
      hall: page.getByLabel('Зала', { exact: true }),
    };
    for (const [name, control] of Object.entries(controls)) {
      const m = await measure(control);
      expect({
        name,
        height: Math.abs(m.height - text.height) <= 1 || m.height,
        font: m.font,
        border: m.border,
      }).toEqual({ name, height: true, font: text.font, border: text.border });
    }
    if (phone) {
      // Every button and every colleague's checkbox row is at least 44 × 44 px.
      const small = await page.locator('main button, main .checkbox-list label').evaluateAll((els) =>
        els
          .map((e) => ({ text: (e.textContent ?? '').trim().slice(0, 30), box: e.getBoundingClientRect() }))
          .filter(({ box }) => box.width > 0 && (box.height < 44 || box.width < 44))
          .map(({ text, box }) => `${text}: ${Math.round(box.width)}×${Math.round(box.height)}`),
      );
      expect(small).toEqual([]);
    }
  });

  it('an end before the start is said at the end field, and nothing is sent', async () => {
    await page.getByLabel('Тема на срещата').fill(title);
    await fillTimes(hour + 1, hour);
    const before = bookingRequests;
    await page.getByRole('button', { name: 'Резервирай' }).click();
    // The page answers at the end field; then a marker request: a booking sent on the click
    // would have been seen before it.
    await page.getByText('Краят трябва да е след началото.').waitFor();
    await requestMarker(page);
    const described = (await endField().getAttribute('aria-describedby')) ?? '';
    expect({
      invalid: await endField().getAttribute('aria-invalid'),
      message: described ? await page.locator(`[id="${described}"]`).textContent() : null,
      focused: await endField().evaluate((e) => e === document.activeElement),
      generic: await page.getByText('Нещо се обърка').count(),
      sent: bookingRequests - before,
    }).toEqual({ invalid: 'true', message: 'Краят трябва да е след началото.', focused: true, generic: 0, sent: 0 });
    expect(await overflow(page)).toMatchObject({ fits: true });
    await expectAccessible(page, `halls-${size}-end-before-start`);

    await fillTimes(hour, hour + 1);
    expect(await endField().getAttribute('aria-invalid')).toBeNull();
    expect(await page.getByText('Краят трябва да е след началото.').count()).toBe(0);
  });

  it('every colleague can be invited, and the page says how many it shows', async () => {
    const spaces = await ok(
      app.api.get('/api/spaces', { query: { kind: 'personal' }, token: me.token }),
      'the personal rooms',
    );
    const names: string[] = spaces
      .map((s) => s.owner)
      .filter((o): o is NonNullable<typeof o> => !!o && o.id !== me.user.id)
      .map((o) => o.displayName);
    expect(names.length).toBeGreaterThan(30);
    const invitees = page.getByRole('group', { name: /^Поканени/ });
    const said = () =>
      invitees
        .getByText(/^Показан/)
        .textContent({ timeout: 2_000 })
        .catch(() => null);
    expect({ said: await said(), boxes: await invitees.getByRole('checkbox').count() }).toEqual({
      said: `Показани са ${names.length} от ${names.length} колеги.`,
      boxes: names.length,
    });
    const colleague = names.find((n) => names.filter((m) => m.includes(n)).length === 1)!;
    await page.getByLabel('Търсене на колега').fill(colleague);
    await invitees.getByRole('checkbox').nth(1).waitFor({ state: 'detached' });
    expect(await said()).toBe(`Показан е 1 от ${names.length} колеги.`);
    await invitees.getByRole('checkbox', { name: colleague }).check();
    await page.getByLabel('Търсене на колега').fill('');
    expect(await invitees.getByRole('checkbox').count()).toBe(names.length);
    await expectAccessible(page, `halls-${size}-invitees`);
  });

  it('the organizer sees their own booking as theirs, named', async () => {
    await page.getByLabel('Тема на срещата').fill(title);
    await fillTimes(hour, hour + 1);
    await page.getByRole('button', { name: 'Резервирай' }).click();
    await page
      .getByTestId('announcer')
      .filter({ hasText: `„${title}“` })
      .waitFor();
    // To the booking's week (the page's own clock decides which week it shows first).
    const firstColumn = page.locator('.calendar [role=columnheader][data-date]').first();
    const shownWeek = async () =>
      DateTime.fromISO((await firstColumn.getAttribute('data-date'))!, { zone: ZONE })
        .startOf('week')
        .toISODate();
    const target = DateTime.fromISO(date, { zone: ZONE }).startOf('week').toISODate();
    for (let i = 0; i < 3 && (await shownWeek()) !== target; i += 1) {
      const shown = await firstColumn.getAttribute('data-date');
      await page.getByRole('button', { name: 'Следваща седмица' }).click();
      await page.locator(`.calendar [role=columnheader][data-date]:not([data-date="${shown}"])`).first().waitFor();
    }
    expect(await shownWeek()).toBe(target);
    const d = DateTime.fromISO(date, { zone: ZONE }).setLocale('bg');
    const when = `${d.day} ${d.toFormat('MMMM')} ${d.year} г., ${hour}:00–${hour + 1}:00 ч.`;
    const item = page.getByTestId('busy-list').getByRole('listitem').filter({ hasText: when });
    await item.waitFor();
    expect(await item.textContent()).toBe(`${when} — Ваша резервация: „${title}“`);
    if (phone)
      await page
        .getByRole('group', { name: 'Ден в календара' })
        .getByRole('button', { name: dayHeading(date) })
        .click();
    await page
      .getByTestId('hall-calendar')
      .getByText(`„${title}“ — ваша резервация`)
      .first()
      .waitFor({ timeout: 5_000 });
    expect(await overflow(page)).toMatchObject({ fits: true });
    await expectAccessible(page, `halls-${size}-own-booking`);
  });
});
