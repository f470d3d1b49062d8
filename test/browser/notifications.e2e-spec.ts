import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { adoptAgenda, openSittingWith } from '../support/council.js';
import { eventually } from '../support/eventually.js';
import { expectAccessible, launchBrowser, signIn } from './browser.js';

const STEP = 20_000;

interface Shown {
  title: string;
  body: string | undefined;
  tag: string | undefined;
}

/** An init script: wraps the real Notification constructor to record its calls (and still calls it). */
function recordNotifications(): void {
  const Real = window.Notification;
  const w = window as unknown as { __notifications: unknown[]; __permissionRequests: number };
  w.__notifications = [];
  w.__permissionRequests = 0;
  class Recorded extends Real {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      w.__notifications.push({ title, body: options?.body, tag: options?.tag, instance: this });
    }
    static override get permission(): NotificationPermission {
      return Real.permission;
    }
    static override requestPermission(cb?: NotificationPermissionCallback): Promise<NotificationPermission> {
      w.__permissionRequests += 1;
      return Real.requestPermission(cb);
    }
  }
  window.Notification = Recorded;
}

/** The page's record of the real Notification constructor's calls (see the init script). */
const shown = (page: Page): Promise<Shown[]> =>
  page.evaluate(() =>
    (window as unknown as { __notifications: (Shown & { instance: Notification })[] }).__notifications.map(
      ({ title, body, tag }) => ({ title, body, tag }),
    ),
  );

/**
 * Browser notifications (issue 18, part 3) in a real Chromium against the built server: the
 * owner's portal is in a tab behind another one of the same window; a colleague knocks; the
 * portal raises a system notification (the real Notification API: the test wraps the
 * constructor to record its calls and still calls it) and a count in the tab's title; nothing
 * while the owner is „Не безпокойте“; back in front, the count goes; a click on the
 * notification goes to the room. The permission is asked for only from the dashboard's button.
 */
describe('browser notifications in a background tab', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page; // the owner's portal
  let other: Page; // another tab in front of it
  let owner: SignedIn;
  let visitors: SignedIn[];
  let ownerSocket: Socket | undefined;
  let room: { id: string };

  const knock = async (visitor: SignedIn, message?: string) =>
    expect(
      (await app.post(`/api/spaces/${room.id}/knocks`, message ? { message } : {}, { token: visitor.token })).status,
    ).toBe(201);
  /** Puts `p` in front; the other tab of the window loses the focus (a real blur, see below). */
  const toFront = async (p: Page, behind: Page) => {
    await p.bringToFront();
    await behind.waitForFunction(() => !document.hasFocus());
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await TestApp.start({
      env: { LIVEKIT_URL: undefined, LIVEKIT_API_KEY: undefined, LIVEKIT_API_SECRET: undefined },
    });
    [owner, ...visitors] = await Promise.all(
      ['servant16', 'servant17', 'servant18', 'servant19', 'servant20'].map((u) => app.login(u)),
    );
    expect((await app.patch('/api/rooms/me', { door: 'knock' }, { token: owner.token })).status).toBe(200);
    room = await ok(app.api.get('/api/rooms/me', { token: owner.token }), 'the own room');
    context = await browser.newContext({ baseURL: app.url, locale: 'bg-BG', timezoneId: 'Europe/Sofia' });
    await context.addInitScript(recordNotifications);
    page = await context.newPage();
    page.setDefaultTimeout(STEP);
    await signIn(page, 'servant16');
  }, 120_000);

  afterAll(async () => {
    ownerSocket?.close();
    await browser?.close();
    await app?.close();
  });

  const requests = () =>
    page.evaluate(() => (window as unknown as { __permissionRequests: number }).__permissionRequests);
  const count = () => page.evaluate(() => (window as unknown as { __notifications: unknown[] }).__notifications.length);

  it('offers „Включи известията на браузъра“ and asks nothing on load; refused in the browser, it says so and asks no more', async () => {
    const control = page.getByTestId('browser-notifications');
    const button = control.getByRole('button', { name: 'Включи известията на браузъра' });
    await button.waitFor();
    expect(await requests()).toBe(0); // nothing asked on load
    await expectAccessible(page, 'notifications-control');
    // The person has refused notifications to the portal in the browser (Playwright sets it
    // for the origin): pressing the button asks no prompt and says where to change it.
    await context.grantPermissions([], { origin: app.url });
    await button.click();
    await control.getByText(/Браузърът не разрешава известия от портала/).waitFor();
    expect(await requests()).toBe(0);
    expect(await button.count()).toBe(0); // the portal does not ask again
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'browser-notifications-state',
    );
    await expectAccessible(page, 'notifications-control-refused');
  }, 60_000);

  it('refused: a knock while the portal is behind another tab still counts in the title; in front, no count', async () => {
    // Playwright tells every page it has the focus; without that emulation the tabs of the
    // window gain and lose it as a real browser's tabs do.
    await (await context.newCDPSession(page)).send('Emulation.setFocusEmulationEnabled', { enabled: false });
    other = await context.newPage();
    other.setDefaultTimeout(STEP);
    await (await context.newCDPSession(other)).send('Emulation.setFocusEmulationEnabled', { enabled: false });
    await toFront(other, page);
    await knock(visitors[0]!);
    await page.waitForFunction(() => document.title === '(1) Начало — eGov Box');
    expect(await count()).toBe(0);
    await toFront(page, other);
    await page.waitForFunction(() => document.title === 'Начало — eGov Box');
  }, 60_000);

  it('allowed: a knock in the background raises a system notification and the count; in front again, no count', async () => {
    await context.grantPermissions(['notifications'], { origin: app.url });
    await toFront(other, page);
    await knock(visitors[1]!, 'Имате ли минута?');
    await page.waitForFunction(
      () => (window as unknown as { __notifications: unknown[] }).__notifications.length === 1,
    );
    expect(await shown(page)).toEqual([
      {
        title: `${visitors[1]!.user.displayName} чука на вратата ви`,
        body: '„Имате ли минута?“',
        tag: expect.stringMatching(/^knock:/),
      },
    ]);
    expect(await page.title()).toBe('(1) Начало — eGov Box');
    await toFront(page, other);
    await page.waitForFunction(() => document.title === 'Начало — eGov Box');
    // Back in front, the control reads the browser's setting again.
    await page.getByTestId('browser-notifications').getByText('Известията на браузъра са включени.').waitFor();
    await expectAccessible(page, 'notifications-control-enabled');
  }, 60_000);

  it('nothing while „Не безпокойте“; a click on the notification goes to the room', async () => {
    await toFront(other, page);
    ownerSocket = await app.socket(owner.token);
    expect(await ownerSocket.timeout(STEP).emitWithAck('presence.set', { status: 'dnd' })).toMatchObject({ ok: true });
    await knock(visitors[2]!);
    expect(await ownerSocket.timeout(STEP).emitWithAck('presence.set', { status: 'online' })).toMatchObject({
      ok: true,
    });
    // The page hears its events in order: by the time the next knock shows, the one before
    // was heard (and dropped) while „Не безпокойте“.
    await knock(visitors[3]!);
    await page.waitForFunction(() => (window as unknown as { __notifications: unknown[] }).__notifications.length >= 2);
    const list = await shown(page);
    expect(list.map((n) => n.title)).toEqual([
      `${visitors[1]!.user.displayName} чука на вратата ви`,
      `${visitors[3]!.user.displayName} чука на вратата ви`,
    ]);
    expect(list[1]!.body).toBe('Отворете стаята си, за да пуснете или откажете.');
    expect(await page.title()).toBe('(1) Начало — eGov Box');

    // The person clicks the notification: the portal comes to the front on the room.
    await page.evaluate(() => {
      const n = (window as unknown as { __notifications: { instance: Notification }[] }).__notifications[1]!;
      n.instance.dispatchEvent(new Event('click'));
    });
    await page.waitForURL((url) => url.pathname === `/rooms/${room.id}`);
    // The page called window.focus(); a real browser raises the tab then (headless Chromium
    // leaves that to the window manager it has not got): once in front, the count is gone.
    await toFront(page, other);
    await page.waitForFunction(() => !document.title.startsWith('('));
    expect(await page.title()).toMatch(/— eGov Box$/);
  }, 60_000);

  it('my own knock answered while the portal is behind: „Пуснаха ви да влезете“, and a click opens that room', async () => {
    await toFront(other, page);
    const theirs = await ok(app.api.get('/api/rooms/me', { token: visitors[0]!.token }), 'their room');
    const mine = await app.api.post('/api/spaces/:id/knocks', {
      params: { id: theirs.id },
      body: {},
      token: owner.token,
    });
    expect(mine.status).toBe(201);
    expectOk(mine);
    expect((await app.post(`/api/knocks/${mine.body.id}/admit`, {}, { token: visitors[0]!.token })).status).toBe(200);
    await page.waitForFunction(
      () => (window as unknown as { __notifications: unknown[] }).__notifications.length === 3,
    );
    expect((await shown(page))[2]).toEqual({
      title: 'Пуснаха ви да влезете',
      body: 'Почукването ви е прието. Влезте в стаята.',
      tag: `knock:${mine.body.id}`,
    });
    expect(await page.title()).toMatch(/^\(1\) /);
    await page.evaluate(() => {
      const n = (window as unknown as { __notifications: { instance: Notification }[] }).__notifications[2]!;
      n.instance.dispatchEvent(new Event('click'));
    });
    await page.waitForURL((url) => url.pathname === `/rooms/${theirs.id}`);
  }, 60_000);

  it('a member present at a sitting, with the portal on another page behind: a vote opening is notified', async () => {
    const [clerk, chair, member] = await Promise.all([
      app.login('clerk'),
      app.login('chair'),
      app.login('councillor05'),
    ]);
    const sitting = await openSittingWith(
      app,
      { clerk, chair },
      { title: 'Заседание с гласуване', startsAt: new Date(Date.now() + 86_400_000) },
    );
    const url = `/api/council/sessions/${sitting.id}`;
    // A quorum in the hall, the member among them; the item under discussion.
    const admin = await app.login('admin');
    const councillors = (
      await ok(
        app.api.get('/api/admin/users', { query: { q: 'councillor', limit: 100 }, token: admin.token }),
        'the councillors',
      )
    ).items;
    const present = [...new Set([member.user.id, chair.user.id, ...councillors.map((u: { id: string }) => u.id)])];
    expect(
      (
        await app.post(
          `${url}/attendance/bulk`,
          { userIds: present.slice(0, 30), present: true },
          { token: clerk.token },
        )
      ).status,
    ).toBe(200);
    // The sitting’s first vote adopts its agenda (issue 15).
    await adoptAgenda(app, sitting.id, { clerk, chair });
    await app.post(`${url}/items/${sitting.items[0].id}/activate`, {}, { token: chair.token });
    const memberContext = await browser.newContext({ baseURL: app.url, locale: 'bg-BG', timezoneId: 'Europe/Sofia' });
    await memberContext.addInitScript(recordNotifications);
    await memberContext.grantPermissions(['notifications'], { origin: app.url });
    const portal = await memberContext.newPage();
    portal.setDefaultTimeout(STEP);
    await signIn(portal, 'councillor05'); // the dashboard, not the sitting
    // Its socket is connected once the portal shows the member online.
    await eventually(async () => {
      const p = await app.api.get('/api/presence', { query: { userIds: member.user.id }, token: clerk.token });
      expectOk(p);
      expect(p.body[0]?.status).toBe('online');
    }, STEP);
    await (await memberContext.newCDPSession(portal)).send('Emulation.setFocusEmulationEnabled', { enabled: false });
    const front = await memberContext.newPage();
    await (await memberContext.newCDPSession(front)).send('Emulation.setFocusEmulationEnabled', { enabled: false });
    await toFront(front, portal);
    const vote = await app.api.post('/api/council/sessions/:id/votes', {
      params: { id: sitting.id },
      body: { itemId: sitting.items[0].id },
      token: chair.token,
    });
    expect(vote.status).toBe(201);
    expectOk(vote);
    await portal.waitForFunction(
      () => (window as unknown as { __notifications: unknown[] }).__notifications.length === 1,
    );
    expect(await shown(portal)).toEqual([
      {
        title: 'Гласуване: Заседание с гласуване',
        body: 'Открито е гласуване по „Точка“.',
        tag: `vote:${vote.body.id}`,
      },
    ]);
    expect(await portal.title()).toMatch(/^\(1\) /);
    await memberContext.close();
  }, 60_000);
});
