import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { workday } from '../support/world.js';
import { expectAccessible, launchBrowser, signIn } from './browser.js';

const STEP = 30_000;
const ZONE = 'Europe/Sofia';
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const TOPIC = 'Отчет за тримесечието по проекта за дигитализация';

/** Sofia days from today to an instant. */
const daysAhead = (iso: string) =>
  Math.round(
    DateTime.fromISO(iso, { zone: ZONE }).startOf('day').diff(DateTime.now().setZone(ZONE).startOf('day'), 'days').days,
  );

/**
 * Issue 22, items 13 and 14, as civil servants: a 30-minute one-on-one in the schedule (a
 * legible block, whose room it is, no RSVP once agreed) and the free slots of a colleague
 * (the whole fortnight by day, unanswered invitations marked tentative, „ч.“ kept with its
 * time, the status said once).
 */
describe('one-on-ones in the schedule and the free slots, as people use them', () => {
  let app: TestApp;
  let browser: Browser;
  let asker: SignedIn;
  let host: SignedIn;
  let busyOne: SignedIn;
  let organizer: SignedIn;
  let slot: { startsAt: string; endsAt: string };
  let invitation: { startsAt: string; endsAt: string };
  const contexts: BrowserContext[] = [];

  const open = async (username: string, path: string, viewport = DESKTOP): Promise<Page> => {
    const ctx = await browser.newContext({ baseURL: app.url, locale: 'bg-BG', timezoneId: ZONE, viewport });
    contexts.push(ctx);
    const page = await ctx.newPage();
    page.setDefaultTimeout(STEP);
    await signIn(page, username);
    await page.goto(path);
    return page;
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await TestApp.start();
    [asker, host, busyOne, organizer] = await Promise.all(
      ['servant05', 'servant06', 'servant09', 'servant10'].map((u) => app.login(u)),
    );
    // A 30-minute one-on-one, asked by the asker, agreed by the host (in the host's room).
    const start = workday(0, 11, 2);
    slot = { startsAt: start.toUTC().toISO()!, endsAt: start.plus({ minutes: 30 }).toUTC().toISO()! };
    const asked = await app.api.post('/api/one-on-ones', {
      body: { inviteeId: host.user.id, topic: TOPIC, slots: [slot] },
      token: asker.token,
    });
    expect(asked.status).toBe(201);
    expectOk(asked);
    const accepted = await app.post(`/api/one-on-ones/${asked.body.id}/accept`, { slot }, { token: host.token });
    expect(accepted.status).toBe(200);
    // A colleague invited to a meeting they have not answered yet (10:00–11:00 on a working day).
    const halls = await ok(app.api.get('/api/halls', { token: organizer.token }), 'the halls');
    const hall = halls.find((h) => h.kind === 'hall')!;
    const at = workday(1, 10, 2);
    invitation = { startsAt: at.toUTC().toISO()!, endsAt: at.plus({ hours: 1 }).toUTC().toISO()! };
    const booked = await app.post(
      `/api/halls/${hall.id}/bookings`,
      { title: 'Съгласуване на плана', ...invitation, inviteeIds: [busyOne.user.id] },
      { token: organizer.token },
    );
    expect(booked.status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
  });

  describe('item 13: the schedule', () => {
    it.each([
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ])(
      'a 30-minute one-on-one reads well and says whose room it is (%s)',
      async (name, viewport) => {
        const page = await open('servant06', '/schedule', viewport);
        const row = page.getByTestId('meetings').getByRole('listitem').filter({ hasText: TOPIC });
        await row.waitFor();
        // The host's own room; no „Приемам / Може би / Отказвам“ for an agreed one-on-one.
        expect(await row.getByTestId('place').innerText()).toBe('Вашата стая');
        expect(await row.getByRole('button', { name: /^(Приемам|Може би|Отказвам)/ }).count()).toBe(0);
        await row.getByText('Среща един на един: часът е уговорен от двамата.').waitFor();
        expect(await row.getByRole('link', { name: /„Срещи един на един“/ }).getAttribute('href')).toBe('/one-on-ones');
        await expectAccessible(page, `schedule-one-on-one-list-${name}`);

        // The day view on the meeting's day: the block shows the title on one line, legibly.
        await page.getByRole('group', { name: 'Изглед' }).getByRole('button', { name: 'Ден' }).click();
        for (let i = 0; i < daysAhead(slot.startsAt); i++)
          await page.getByRole('button', { name: 'Следващ ден' }).click();
        const block = page.getByTestId('calendar-day').locator('.slot-content').filter({ hasText: TOPIC });
        await block.waitFor();
        const look = await block.evaluate((el) => {
          const title = el.querySelector('.slot-title') as HTMLElement;
          const style = getComputedStyle(title);
          return {
            tooltip: el.getAttribute('title'),
            text: title.textContent,
            fontSize: parseFloat(style.fontSize),
            lines: Math.round(title.getBoundingClientRect().height / parseFloat(style.lineHeight)),
            ellipsis: style.textOverflow,
            time: el.querySelector('.slot-time') !== null,
            blockHeight: (el.closest('[role="listitem"]') as HTMLElement).getBoundingClientRect().height,
            fits: title.getBoundingClientRect().bottom <= el.getBoundingClientRect().bottom + 0.5,
          };
        });
        expect(look).toEqual({
          tooltip: expect.stringContaining(`11:00–11:30 ч. — ${TOPIC}`),
          text: TOPIC,
          fontSize: expect.any(Number),
          lines: 1,
          ellipsis: 'ellipsis',
          time: false,
          blockHeight: expect.any(Number),
          fits: true,
        });
        expect(look.fontSize).toBeGreaterThanOrEqual(12);
        expect(look.blockHeight).toBeGreaterThanOrEqual(30);
        await expectAccessible(page, `schedule-one-on-one-day-${name}`);
      },
      120_000,
    );

    it('the one who asked sees the room named after its owner, in both languages', async () => {
      const page = await open('servant05', '/schedule');
      const row = page.getByTestId('meetings').getByRole('listitem').filter({ hasText: TOPIC });
      await row.waitFor();
      expect(await row.getByTestId('place').innerText()).toBe(`Стаята на ${host.user.displayName}`);
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { level: 1, name: 'Schedule' }).waitFor();
      expect(await row.getByTestId('place').innerText()).toBe(`${host.user.displayName}'s room`);
      await expectAccessible(page, 'schedule-one-on-one-asker-en');
      await page.getByRole('button', { name: 'Български' }).click();
      await page.getByRole('heading', { level: 1, name: 'График' }).waitFor();
    }, 90_000);
  });

  describe('item 14: free slots', () => {
    const pick = async (page: Page, who: SignedIn) => {
      await page.getByRole('heading', { level: 1, name: 'Срещи един на един' }).waitFor();
      await page.getByLabel('Колега').selectOption({ label: who.user.displayName });
      await page.getByTestId('free-slots').waitFor();
    };

    it.each([
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ])(
      'list every day of the two weeks, mark unanswered invitations, keep „ч.“ with the time (%s)',
      async (name, viewport) => {
        const page = await open('servant05', '/one-on-ones', viewport);
        await pick(page, busyOne);
        const list = page.getByTestId('free-slots');
        // Every Sofia day from today to 14 days ahead, in order.
        const days = await list
          .locator(':scope > li')
          .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-testid')));
        const today = DateTime.now().setZone(ZONE).startOf('day');
        expect(days).toEqual(Array.from({ length: 15 }, (_, i) => `slot-day-${today.plus({ days: i }).toISODate()}`));
        // Far more than the 40 that were shown; as many as the server answers for the window.
        const total = await list.locator('input[type="checkbox"]').count();
        expect(total).toBeGreaterThan(40 * 2);
        // The invitation's day: 10:00 is offered but said to be tentative, in words.
        const day = list.getByTestId(`slot-day-${DateTime.fromISO(invitation.startsAt, { zone: ZONE }).toISODate()}`);
        const summary = day.locator('summary');
        if ((await day.locator('details').getAttribute('open')) === null) await summary.click();
        const tentative = day.getByRole('checkbox', { name: /10:00–10:30 ч\., под въпрос: покана без отговор$/ });
        await tentative.waitFor();
        expect(await day.getByRole('checkbox', { name: /, 11:15–11:45 ч\.$/ }).count()).toBe(1);
        await page
          .getByText('Часовете „под въпрос“ съвпадат със среща, на която колегата още не е отговорил(а)')
          .waitFor();
        // No time is parted from its „ч.“: each time is one line that ends in „ч.“.
        const times = await day
          .locator('.slot-time')
          .evaluateAll((els) => els.map((e) => ({ text: e.textContent, rects: e.getClientRects().length })));
        expect(times.length).toBeGreaterThan(5);
        for (const t of times)
          expect(t).toEqual({ text: expect.stringMatching(/^\d\d:\d\d–\d\d:\d\d\u00a0ч\.$/), rects: 1 });
        // Choosing a time on a later day counts it on that day's line.
        await tentative.check();
        await summary.getByText('избрани: 1').waitFor();
        await expectAccessible(page, `one-on-ones-free-slots-${name}`);
      },
      120_000,
    );

    it('the status is said once: whose turn it is', async () => {
      const page = await open('servant05', '/one-on-ones');
      await pick(page, busyOne);
      await page.getByLabel('Тема').fill('План за обученията');
      const list = page.getByTestId('free-slots');
      await list.locator('details[open]').getByRole('checkbox').first().check();
      await page.getByRole('button', { name: 'Изпрати поканата' }).click();
      const row = page.getByTestId('one-on-ones').getByRole('listitem').filter({ hasText: 'План за обученията' });
      await row.waitFor();
      expect(await row.getByTestId('status').innerText()).toBe(`чака отговор от ${busyOne.user.displayName}`);
      expect(await row.innerText()).not.toMatch(/чака отговор ·/);
      await expectAccessible(page, 'one-on-ones-status-asker');

      const theirs = await open('servant09', '/one-on-ones', PHONE);
      const their = theirs.getByTestId('one-on-ones').getByRole('listitem').filter({ hasText: 'План за обученията' });
      await their.waitFor();
      expect(await their.getByTestId('status').innerText()).toBe('ваш ред е да отговорите');
      // „ч.“ stays with its time in the proposed slots too.
      const proposed = await their
        .locator('li time')
        .evaluateAll((els) => els.map((e) => ({ text: e.textContent, rects: e.getClientRects().length })));
      for (const t of proposed) expect(t.text).toMatch(/\u00a0ч\.$/);
      await expectAccessible(theirs, 'one-on-ones-status-invitee-phone');
    }, 120_000);
  });
});
