import type { Browser, Page } from 'playwright-core';
import { expectOk, ok } from '../support/api.js';
import { TestApp } from '../support/app.js';
import { adoptAgenda, openSittingWith, showOfHands } from '../support/council.js';
import { expectAccessible, launchBrowser, screenshot } from './browser.js';

const STEP = 20_000;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };
const PAST_TITLE = 'Сесия за бюджета на общината';
const ITEM_TITLE = 'Приемане на Бюджет на Общината за 2027 г.';
const UPCOMING_TITLE = 'Предстояща сесия за пътищата';

/**
 * The citizen's front door (issue 16): someone who knows only the portal's address, without an
 * account and with the keyboard alone, reaches a past sitting and how each member voted, then
 * the register of decisions, a search in it and a decision's page — at a phone's width and at a
 * desktop's, each page axe clean.
 */
describe('the public portal, as an anonymous visitor with the keyboard', () => {
  let app: TestApp;
  let browser: Browser;
  let memberName: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await TestApp.start();
    const admin = await app.login('admin');
    const [clerk, chair] = await Promise.all([app.login('clerk'), app.login('chair')]);
    const people = { clerk, chair };
    // A past sitting: a budget adopted by roll call, then closed.
    const past = await openSittingWith(app, people, {
      title: PAST_TITLE,
      startsAt: new Date(Date.now() + 3 * 86_400_000),
      agenda: [
        {
          title: ITEM_TITLE,
          subject: 'budget',
          voteMode: 'roll_call',
          majority: 'all',
          draftDecision: 'Общинският съвет приема бюджета на общината за 2027 г.',
        },
      ],
    });
    const url = `/api/council/sessions/${past.id}`;
    const users = (
      await ok(
        app.api.get('/api/admin/users', { query: { q: 'councillor', limit: 100 }, token: admin.token }),
        'the councillors',
      )
    ).items;
    memberName = users[0]!.displayName;
    const present = [chair.user.id, ...users.map((u) => u.id)].slice(0, 35);
    expect(
      (await app.post(`${url}/attendance/bulk`, { userIds: present, present: true }, { token: clerk.token })).status,
    ).toBe(200);
    await app.post(`${url}/items/${past.items[0].id}/activate`, {}, { token: chair.token });
    // The sitting’s first vote adopts its agenda (issue 15).
    await adoptAgenda(app, past.id, people, present);
    const vote = (
      await ok(
        app.api.post('/api/council/sessions/:id/votes', {
          params: { id: past.id },
          body: { itemId: past.items[0].id },
          token: chair.token,
        }),
        'open the vote',
      )
    ).id;
    expect((await showOfHands(app, vote, present, people)).passed).toBe(true);
    expect((await app.post(`${url}/close`, {}, { token: chair.token })).status).toBe(200);
    // An upcoming one, announced.
    const next = await app.api.post('/api/council/sessions', {
      body: {
        title: UPCOMING_TITLE,
        startsAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 10 * 86_400_000 + 7_200_000).toISOString(),
        agenda: [{ title: 'Ремонт на улици', voteMode: 'open', majority: 'present' }],
        extraordinary: true,
        extraordinaryReason: 'Спешен ремонт след наводнението',
      },
      token: clerk.token,
    });
    expectOk(next);
    expect((await app.post(`/api/council/sessions/${next.body.id}/publish`, {}, { token: clerk.token })).status).toBe(
      200,
    );
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Presses Tab until the focused element is named `name` (its text, label or aria-label); then `key`. */
  async function tabTo(page: Page, name: string | RegExp, key = 'Enter'): Promise<void> {
    for (let i = 0; i < 120; i += 1) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as (HTMLElement & { labels?: NodeListOf<HTMLLabelElement> }) | null;
        if (!el) return '';
        return (el.getAttribute('aria-label') ?? el.labels?.[0]?.innerText ?? el.innerText ?? '').trim();
      });
      if (typeof name === 'string' ? focused === name : name.test(focused)) {
        if (key) await page.keyboard.press(key);
        return;
      }
    }
    throw new Error(`no focusable element named ${String(name)}`);
  }

  for (const viewport of [PHONE, DESKTOP]) {
    it(`from / to a past sitting's vote by name and to a decision, by keyboard (${viewport.width} px)`, async () => {
      const context = await browser.newContext({ baseURL: app.url, locale: 'bg-BG', viewport });
      const page = await context.newPage();
      page.setDefaultTimeout(STEP);
      try {
        await page.goto('/');
        await page.waitForURL('**/public');
        await page.getByRole('heading', { level: 1, name: 'Общинският съвет — публично' }).waitFor();
        await page.getByTestId('public-upcoming').getByText(UPCOMING_TITLE, { exact: false }).waitFor();
        await page.getByTestId('public-past').getByText(PAST_TITLE, { exact: false }).waitFor();
        await expectAccessible(page, `public-home-${viewport.width}`);

        // The past sitting, and how each member voted on its budget.
        await tabTo(page, new RegExp(PAST_TITLE));
        await page.waitForURL(/\/public\/sessions\//);
        await page.getByText(ITEM_TITLE).first().waitFor();
        // The roll call opens from its summary.
        await tabTo(page, /^Поименно гласуване \(35 гласа\)/);
        await page.getByRole('rowheader', { name: memberName }).first().waitFor();
        // Who attended, by name with the time of check-in; the decision's number links to its page.
        const attended = page.getByTestId('public-attendance').getByRole('row', { name: new RegExp(memberName) });
        expect(await attended.getByRole('cell').first().innerText()).toMatch(/^\d{1,2}:\d{2}/);
        await page.getByRole('link', { name: /^Решение № \d+$/ }).waitFor();
        await expectAccessible(page, `public-sitting-${viewport.width}`);

        // The register, from the header; a search for „бюджет“; the decision's page.
        await tabTo(page, 'Регистър на решенията');
        await page.waitForURL('**/public/register');
        await page.getByRole('heading', { level: 1, name: 'Регистър на решенията' }).waitFor();
        await tabTo(page, 'Думи', '');
        await page.keyboard.type('бюджет');
        await page.keyboard.press('Enter');
        await page.waitForURL(/[?&]q=/);
        await page.getByRole('status').filter({ hasText: 'Намерено е 1 решение.' }).waitFor();
        await expectAccessible(page, `public-register-${viewport.width}`);
        await tabTo(page, ITEM_TITLE);
        await page.waitForURL(/\/public\/decisions\//);
        await page.getByRole('heading', { level: 1, name: new RegExp(`^Решение № \\d+: ${ITEM_TITLE}`) }).waitFor();
        await page.getByTestId('decision-roll').getByText(memberName).waitFor();
        await expectAccessible(page, `public-decision-${viewport.width}`);
      } finally {
        await context.close();
      }
    }, 120_000);
  }

  it('without JavaScript (phone): from / to the sitting, its roll call, the register searched and the decision', async () => {
    // Issue 16, part 3: the record itself is in the pages the server sends.
    const context = await browser.newContext({
      baseURL: app.url,
      locale: 'bg-BG',
      viewport: PHONE,
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP);
    try {
      await page.goto('/');
      expect(new URL(page.url()).pathname).toBe('/public');
      expect(await page.title()).toBe('Общинският съвет — публично — eGov Box');
      await page.getByTestId('public-upcoming').getByText(UPCOMING_TITLE, { exact: false }).waitFor();
      await page
        .getByTestId('public-past')
        .getByRole('link', { name: new RegExp(PAST_TITLE) })
        .click();
      await page.waitForURL(/\/public\/sessions\//);
      expect(await page.title()).toBe(`${PAST_TITLE} — eGov Box`);
      await page.getByText(ITEM_TITLE).first().waitFor();
      // The roll call opens from its summary (a native <details>).
      await page.getByText(/^Поименно гласуване \(35 гласа\)/).click();
      await page.getByRole('rowheader', { name: memberName }).first().waitFor();
      // (axe needs scripts in the page: the same markup is checked in the keyboard walk above.)
      await screenshot(page, 'public-sitting-nojs');

      // The register from the header; its search form is a plain GET form.
      await page
        .getByRole('navigation', { name: 'Публичен портал' })
        .getByRole('link', { name: 'Регистър на решенията' })
        .click();
      await page.waitForURL('**/public/register');
      await page.getByLabel('Думи').fill('бюджет');
      await page.getByRole('button', { name: 'Търси' }).click();
      await page.waitForURL(/[?&]q=/);
      await page.getByRole('status').filter({ hasText: 'Намерено е 1 решение.' }).waitFor();
      await page.getByRole('link', { name: ITEM_TITLE }).click();
      await page.waitForURL(/\/public\/decisions\//);
      await page.getByRole('heading', { level: 1, name: new RegExp(`^Решение № \\d+: ${ITEM_TITLE}`) }).waitFor();
      await page.getByTestId('decision-roll').getByText(memberName).waitFor();
      await screenshot(page, 'public-decision-nojs');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('with JavaScript, a rendered page is hydrated as it came (no mismatch) and then runs as the app', async () => {
    const context = await browser.newContext({ baseURL: app.url, locale: 'bg-BG', viewport: DESKTOP });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP);
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || /hydrat/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.goto('/public');
      await page.getByTestId('public-past').getByText(PAST_TITLE, { exact: false }).waitFor();
      // Hydrated: the search runs in the page (no new document), and the list follows.
      await page.evaluate(() => ((window as unknown as { __marker?: number }).__marker = 1));
      await page.getByLabel('Думи').fill('няма такова заседание');
      await page.getByRole('button', { name: 'Търси' }).click();
      await page.getByRole('status').filter({ hasText: 'Намерени са 0 заседания.' }).waitFor();
      expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);

      // The English page by its address stays English once hydrated (this browser chose nothing).
      await page.goto('/public?lang=en');
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await page.evaluate(() => ((window as unknown as { __marker?: number }).__marker = 2));
      await page.getByLabel('Words').fill('no such sitting');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('status').filter({ hasText: '0 sittings found.' }).waitFor();
      expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(2);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('The municipal council — in public');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('the sign-in page links to the public portal', async () => {
    const context = await browser.newContext({ baseURL: app.url, locale: 'bg-BG' });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP);
    try {
      await page.goto('/login');
      await page.getByRole('link', { name: 'Към заседанията и решенията' }).click();
      await page.waitForURL('**/public');
    } finally {
      await context.close();
    }
  }, 60_000);
});
