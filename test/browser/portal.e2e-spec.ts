import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectOk, ok } from '../support/api.js';
import { TestApp, nextEvent } from '../support/app.js';
import { launchBrowser, screenshot, seriousViolations } from './browser.js';

const STEP = 30_000;

/** Waits until no section of the page is still loading (several may load at once). */
async function settled(page: Page): Promise<void> {
  const loading = page.locator('.state-loading');
  for (const until = Date.now() + STEP; (await loading.count()) > 0;) {
    if (Date.now() > until) throw new Error('the page is still loading');
    await page.waitForTimeout(100);
  }
}

/**
 * The portal in a real Chromium against the real built server: sign-in, the dashboard,
 * language, the live connection, session restore and end, and WCAG 2.1 AA checks with axe.
 */
describe('web portal (browser)', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let servantName: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await TestApp.start();
    servantName = (await app.login('servant01')).user.displayName;
    context = await browser.newContext({ baseURL: app.url, locale: 'bg-BG', timezoneId: 'Europe/Sofia' });
    page = await context.newPage();
    page.setDefaultTimeout(STEP);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const h1 = (p: Page) => p.getByRole('heading', { level: 1 });

  async function expectAccessible(p: Page, name: string): Promise<void> {
    await screenshot(p, name);
    expect({ page: name, violations: await seriousViolations(p) }).toEqual({ page: name, violations: [] });
  }

  async function signIn(p: Page, username: string, password = 'egovbox-demo'): Promise<void> {
    await p.goto('/login');
    await p.getByLabel('Потребителско име').fill(username);
    await p.getByLabel('Парола').fill(password);
    await p.getByRole('button', { name: 'Вход' }).click();
  }

  it('shows the sign-in page in Bulgarian, with labelled fields (from the front door: „Вход“)', async () => {
    await page.goto('/');
    await page.waitForURL('**/public');
    await page.getByRole('navigation', { name: 'Публичен портал' }).getByRole('link', { name: 'Вход' }).click();
    await page.waitForURL('**/login');
    await h1(page).filter({ hasText: 'Вход в eGov Box' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('bg');
    expect(await page.getByLabel('Потребителско име').getAttribute('autocomplete')).toBe('username');
    expect(await page.getByLabel('Парола').getAttribute('type')).toBe('password');
    await expectAccessible(page, 'login');
  }, 60_000);

  it('a wrong password shows the error in an alert', async () => {
    await signIn(page, 'servant02', 'not-the-password');
    const alert = page.getByRole('alert').filter({ hasText: 'Грешно потребителско име или парола.' });
    await alert.waitFor();
    expect(page.url()).toContain('/login');
    expect(await page.getByLabel('Парола').inputValue()).toBe('');
    await expectAccessible(page, 'login-error');
  }, 60_000);

  it('signs in as servant01 and greets them on the dashboard', async () => {
    await signIn(page, 'servant01');
    await page.waitForURL((url) => url.pathname === '/');
    await h1(page)
      .filter({ hasText: `, ${servantName}!` })
      .waitFor();
    expect(await h1(page).textContent()).toMatch(/^(Добро утро|Добър ден|Добър вечер), /);
    expect(await page.getByTestId('user-name').textContent()).toBe(servantName);
    const nav = page.getByRole('navigation', { name: 'Основна навигация' });
    for (const item of ['Начало', 'Моята стая', 'Зали', 'График', 'Срещи един на един', 'Общински съвет']) {
      await nav.getByRole('link', { name: item, exact: true }).waitFor();
    }
    for (const section of ['Моята стая', 'Почуквания', 'Предстоящи срещи', 'Колеги на линия']) {
      await page.getByRole('heading', { level: 2, name: section }).waitFor();
    }
  }, 60_000);

  it('the live connection indicator shows "На живо"', async () => {
    await page.locator('.connection[data-status="live"]').filter({ hasText: 'На живо' }).waitFor();
    await expectAccessible(page, 'dashboard');
  }, 60_000);

  it('the skip link is the first stop of the keyboard and leads to the main content', async () => {
    await page.reload();
    await h1(page).waitFor();
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.textContent()).toBe('Към основното съдържание');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  }, 60_000);

  it('switches to English and back: visible text and <html lang> follow', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Home' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await h1(page)
      .filter({ hasText: new RegExp(`^Good (morning|afternoon|evening), ${servantName}!$`) })
      .waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await screenshot(page, 'dashboard-en');

    // The choice is remembered across a reload.
    await page.reload();
    await page.getByRole('link', { name: 'Home', exact: true }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    await page.getByRole('button', { name: 'Български' }).click();
    await page.getByRole('link', { name: 'Начало', exact: true }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('bg');
    expect(await page.getByRole('button', { name: 'Изход' }).isVisible()).toBe(true);
  }, 60_000);

  it('the session survives a reload (restored from the refresh cookie)', async () => {
    await page.reload();
    await h1(page)
      .filter({ hasText: `, ${servantName}!` })
      .waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    const cookies = await context.cookies();
    const refresh = cookies.find((c) => c.name === 'egov_refresh');
    expect(refresh).toMatchObject({ httpOnly: true, path: '/api/auth', sameSite: 'Strict' });
    // The access token is kept in memory only.
    const storage = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    expect(storage).not.toMatch(/eyJ/);
  }, 60_000);

  it('two tabs restoring the session at once both stay signed in (one refresh at a time)', async () => {
    // The refresh cookie is rotated on each use and a reused one ends the session: the tabs
    // must take turns (Web Locks), or the second tab would sign both out.
    const tabs = await Promise.all([context.newPage(), context.newPage(), context.newPage()]);
    try {
      await Promise.all(tabs.map((t) => t.goto('/halls')));
      for (const t of tabs) await h1(t).filter({ hasText: 'Заседателни зали' }).waitFor();
      await page.reload();
      await h1(page)
        .filter({ hasText: `, ${servantName}!` })
        .waitFor();
    } finally {
      await Promise.all(tabs.map((t) => t.close()));
    }
  }, 60_000);

  it('a request refused with 401 is refreshed and retried without the user noticing', async () => {
    // The first request for the room is refused; the ones after it (the retry, and the page's
    // own second look once it watches the room) go through.
    let requests = 0;
    let refreshes = 0;
    const countRefreshes = (r: { url(): string }) => {
      if (r.url().endsWith('/api/auth/refresh')) refreshes++;
    };
    page.on('request', countRefreshes);
    await page.route('**/api/rooms/me', async (route) => {
      if (requests++ === 0) {
        await route.fulfill({
          status: 401,
          contentType: 'application/json',
          body: JSON.stringify({ statusCode: 401, code: 'unauthenticated', message: 'expired', requestId: 'x' }),
        });
      } else {
        await route.continue();
      }
    });
    try {
      const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/auth/refresh') && r.status() === 200);
      await page.goto('/rooms/me');
      await refreshed;
      // The room itself, loaded by the retried request (no error, no sign-in page).
      await page.getByText(/^Врата: (Отворена|С почукване|Затворена)$/).waitFor();
      expect(await page.locator('.state-error').count()).toBe(0);
      expect(requests).toBeGreaterThanOrEqual(2);
      // One refresh restores the session as the page loads, one answers the refused request.
      expect(refreshes).toBe(2);
      expect(new URL(page.url()).pathname).toBe('/rooms/me');
    } finally {
      page.off('request', countRefreshes);
      await page.unroute('**/api/rooms/me');
    }
  }, 60_000);

  it('the door switch saves the door and announces the result', async () => {
    await page.goto('/');
    await page.getByRole('radio', { name: 'Отворена' }).click();
    await page.getByTestId('announcer').filter({ hasText: 'Вратата е: Отворена.' }).waitFor();
    const owner = await app.login('servant01');
    expect((await ok(app.api.get('/api/rooms/me', { token: owner.token }), 'the room')).door).toBe('open');
    await page.getByRole('radio', { name: 'С почукване' }).click();
    await page.getByTestId('announcer').filter({ hasText: 'Вратата е: С почукване.' }).waitFor();
    expect((await ok(app.api.get('/api/rooms/me', { token: owner.token }), 'the room')).door).toBe('knock');
  }, 60_000);

  it('a knock appears live on the owner\'s dashboard and "Пусни" lets the visitor in', async () => {
    await page.goto('/');
    await page.locator('.connection[data-status="live"]').waitFor();
    const owner = await app.login('servant01');
    const room = await ok(app.api.get('/api/rooms/me', { token: owner.token }), 'the own room');
    const visitor = await app.login('servant02');
    const visitorSocket = await app.socket(visitor.token);
    try {
      const res = await app.api.post('/api/spaces/:id/knocks', {
        params: { id: room.id },
        body: { message: 'Имате ли минута?' },
        token: visitor.token,
      });
      expect(res.status).toBe(201);
      expectOk(res);
      const knocks = page.getByTestId('knocks');
      await knocks.getByText(`${visitor.user.displayName} чука на вратата ви`).waitFor();
      await knocks.getByText('Имате ли минута?').waitFor();
      await page
        .getByTestId('announcer')
        .filter({ hasText: `${visitor.user.displayName} чука на вратата ви.` })
        .waitFor();
      await expectAccessible(page, 'dashboard-knock');
      const resolved = nextEvent(visitorSocket, 'knock.resolved', 10_000);
      await knocks.getByRole('button', { name: 'Пусни' }).click();
      expect(await resolved).toMatchObject({ id: res.body.id, status: 'admitted' });
      await knocks.getByText('Никой не чука в момента.').waitFor();
    } finally {
      visitorSocket.close();
    }
  }, 60_000);

  it('a colleague of the same department who comes online appears live, with a knock button', async () => {
    await page.goto('/');
    await page.locator('.connection[data-status="live"]').waitFor();
    const colleague = await app.login('servant04'); // servant01 and servant04 share a department
    const section = page.getByRole('region', { name: 'Колеги на линия' });
    const socket = await app.socket(colleague.token);
    try {
      await section.getByText(colleague.user.displayName).waitFor();
      await section.getByRole('button', { name: `Почукай на ${colleague.user.displayName}` }).waitFor();
      await screenshot(page, 'dashboard-colleague');
    } finally {
      socket.close();
    }
    await section.getByText('В момента няма колеги на линия.').waitFor();
  }, 60_000);

  it('an unknown address shows the portal’s own page, with status 404, in Bulgarian (issue 22, item 15: was raw JSON)', async () => {
    const res = await page.goto('/nyama-takava-stranitsa');
    expect(res?.status()).toBe(404);
    expect(res?.headers()['content-type']).toMatch(/^text\/html/);
    await page.getByRole('heading', { level: 1, name: 'Страницата не е намерена' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('bg');
    expect(await page.title()).toMatch(/Страницата не е намерена/);
    await expectAccessible(page, 'not-found');
    // The API keeps its JSON answer.
    const api = await page.request.get('/api/nyama-takava', { headers: { accept: 'text/html' } });
    expect([api.status(), (await api.json()).code]).toEqual([404, 'not_found']);
  }, 60_000);

  it('the Bulgarian calendar has no English words, not even hidden ones (issue 22, item 18: „Timed“)', async () => {
    await page.goto('/schedule');
    await page.getByRole('button', { name: 'Седмица', exact: true }).click();
    const calendar = page.getByTestId('calendar-week');
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="calendar-week"]')?.textContent ?? '').length > 50,
    );
    const text = (await calendar.textContent()) ?? '';
    expect(text).toContain('По часове');
    expect(text).not.toMatch(/Timed|all-day/i);
  }, 60_000);

  it('following a menu link moves the focus to the new page’s heading (issue 22, item 16: it stayed on the link)', async () => {
    await page.goto('/');
    await h1(page).waitFor();
    const nav = page.getByRole('navigation').first();
    await nav.getByRole('link', { name: 'Зали', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Заседателни зали' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Заседателни зали');
  }, 60_000);

  it('the door changes with the arrow keys, step after step, the focus staying on it (issue 22, item 16)', async () => {
    await page.goto('/');
    const owner = await app.login('servant01');
    await page.getByRole('radio', { name: 'Отворена' }).click();
    await page.getByTestId('announcer').filter({ hasText: 'Вратата е: Отворена.' }).waitFor();
    // open → knock → closed with two arrow presses, without waiting between them.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.getByTestId('announcer').filter({ hasText: 'Вратата е: Затворена.' }).waitFor();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('radio');
    expect(await page.getByRole('radio', { name: 'Затворена' }).isChecked()).toBe(true);
    expect((await ok(app.api.get('/api/rooms/me', { token: owner.token }), 'the room')).door).toBe('closed');
    await page.keyboard.press('ArrowUp');
    await page.getByTestId('announcer').filter({ hasText: 'Вратата е: С почукване.' }).waitFor();
    expect((await ok(app.api.get('/api/rooms/me', { token: owner.token }), 'the room')).door).toBe('knock');
  }, 60_000);

  it('a colleague online before the page opens is listed at once (issue 22, item 1: was empty after a reload)', async () => {
    const colleague = await app.login('servant07'); // same department as servant01
    const socket = await app.socket(colleague.token);
    try {
      await page.goto('/');
      const section = page.getByRole('region', { name: 'Колеги на линия' });
      await section.getByText(colleague.user.displayName).waitFor();
      await page.reload();
      await section.getByText(colleague.user.displayName).waitFor();
      await expectAccessible(page, 'dashboard-colleague-after-reload');
    } finally {
      socket.close();
    }
    await page.getByRole('region', { name: 'Колеги на линия' }).getByText('В момента няма колеги на линия.').waitFor();
  }, 60_000);

  // Each page shows its content, or an honest "not available yet" while its API is missing;
  // never an error state (a random session id may of course be "not found").
  const pages = [
    { path: '/rooms/me', name: 'room', heading: /.+/, errorAllowed: false },
    { path: '/halls', name: 'halls', heading: /^Заседателни зали$/, errorAllowed: false },
    { path: '/schedule', name: 'schedule', heading: /^График$/, errorAllowed: false },
    { path: '/one-on-ones', name: 'one-on-ones', heading: /^Срещи един на един$/, errorAllowed: false },
    { path: '/council', name: 'council', heading: /^Общински съвет$/, errorAllowed: false },
    {
      path: '/council/00000000-0000-4000-8000-000000000000',
      name: 'council-session',
      heading: /.+/,
      errorAllowed: true,
    },
  ];
  for (const p of pages) {
    it(`${p.path} is a routed page with a heading and no serious WCAG violations`, async () => {
      await page.goto(p.path);
      await h1(page).filter({ hasText: p.heading }).waitFor();
      await settled(page);
      expect(await page.getByRole('main').count()).toBe(1);
      expect(await page.title()).toMatch(/ — eGov Box$/);
      if (!p.errorAllowed) expect(await page.locator('.state-error').allTextContents()).toEqual([]);
      await expectAccessible(page, p.name);
    }, 60_000);
  }

  it('navigates with the menu without reloading the page', async () => {
    await page.goto('/');
    await h1(page).waitFor();
    await page.evaluate(() => ((globalThis as { __marker?: number }).__marker = 1));
    await page.getByRole('navigation').getByRole('link', { name: 'Зали', exact: true }).click();
    await h1(page).filter({ hasText: 'Заседателни зали' }).waitFor();
    expect(await page.evaluate(() => (globalThis as { __marker?: number }).__marker)).toBe(1);
    expect(await page.getByRole('link', { name: 'Зали', exact: true }).getAttribute('aria-current')).toBe('page');
  }, 60_000);

  it('the public session page needs no login', async () => {
    const anonymous = await browser.newContext({ baseURL: app.url });
    try {
      const p = await anonymous.newPage();
      await p.goto('/public/sessions/00000000-0000-4000-8000-000000000000');
      await h1(p).waitFor();
      expect(new URL(p.url()).pathname).toBe('/public/sessions/00000000-0000-4000-8000-000000000000');
      await settled(p);
      await expectAccessible(p, 'public-session');
    } finally {
      await anonymous.close();
    }
  }, 60_000);

  it('signs out: back to sign-in, and a reload does not bring the session back', async () => {
    await page.goto('/');
    await h1(page).filter({ hasText: servantName }).waitFor();
    await page.getByRole('button', { name: 'Изход' }).click();
    await page.waitForURL('**/login');
    await page.getByText('Излязохте от системата.').waitFor();
    await page.reload();
    await h1(page).filter({ hasText: 'Вход в eGov Box' }).waitFor();
    expect(await page.getByTestId('user-name').count()).toBe(0);
  }, 60_000);

  it('a user disabled by the administrator is sent to sign-in at once (session.ended)', async () => {
    const other = await browser.newContext({ baseURL: app.url });
    try {
      const p = await other.newPage();
      await signIn(p, 'servant03');
      await p.locator('.connection[data-status="live"]').waitFor();
      const admin = await app.login('admin');
      const me = await app.login('servant03');
      const res = await app.post(`/api/admin/users/${me.user.id}/disable`, undefined, { token: admin.token });
      expect(res.status).toBeLessThan(300);
      await p.waitForURL('**/login');
      await p.getByText('Сесията ви приключи. Моля, влезте отново.').waitFor();
      await app.post(`/api/admin/users/${me.user.id}/enable`, undefined, { token: admin.token });
    } finally {
      await other.close();
    }
  }, 60_000);
});
