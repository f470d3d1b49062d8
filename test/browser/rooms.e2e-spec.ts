import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { FakeLiveKit } from '../support/livekit-server.js';
import { openHall } from '../schedule/helpers.js';
import { expectAccessible, launchBrowser, signIn } from './browser.js';

const STEP = 30_000;

const newPage = async (browser: Browser, app: TestApp): Promise<{ context: BrowserContext; page: Page }> => {
  const context = await browser.newContext({ baseURL: app.url, locale: 'bg-BG', timezoneId: 'Europe/Sofia' });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP);
  return { context, page };
};

/** The answer to the page's `POST /api/spaces/:id/join`. */
const joinAnswer = (page: Page) =>
  page.waitForResponse((r) => /\/api\/spaces\/[^/]+\/join$/.test(new URL(r.url()).pathname));

/**
 * Holds LiveKit's signalling WebSocket open without answering (the fake LiveKit speaks only
 * the HTTP room API, no WebRTC), so the room stays "connecting" while the UI is checked;
 * closing the held sockets then fails the connection.
 */
async function holdSignalling(page: Page): Promise<WebSocketRoute[]> {
  const held: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/rtc/, (ws) => {
    held.push(ws);
  });
  return held;
}

describe('video room in the browser without LiveKit', () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;
  let owner: SignedIn;

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await TestApp.start({
      env: {
        LIVEKIT_URL: undefined,
        LIVEKIT_API_KEY: undefined,
        LIVEKIT_API_SECRET: undefined,
        KNOCK_EXPIRY_SECONDS: '3',
      },
    });
    owner = await app.login('servant11');
    ({ page } = await newPage(browser, app));
    await signIn(page, 'servant11');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('my room says clearly that video is not configured and still has the door and the knock queue', async () => {
    const room = await ok(app.api.get('/api/rooms/me', { token: owner.token }), 'the own room');
    await page.getByRole('navigation', { name: 'Основна навигация' }).getByRole('link', { name: 'Моята стая' }).click();
    await page.waitForURL((url) => url.pathname === '/rooms/me');
    await page.getByRole('heading', { level: 1, name: room.name }).waitFor();
    // The video is asked for only when the owner chooses to enter.
    const entered = joinAnswer(page);
    await page.getByTestId('room-enter').click();
    expect((await entered).status()).toBe(503);
    const unavailable = page.getByTestId('video-unavailable');
    await unavailable.getByText('Видеовръзката не е налична').waitFor();
    await unavailable.getByText(/Вратата и почукванията работят/).waitFor();
    await page.getByRole('heading', { name: 'Почуквания' }).waitFor();
    await page.getByTestId('knocks').getByText('Никой не чука в момента.').waitFor();
    await expectAccessible(page, 'room-video-unavailable');

    // The door switch on the room page saves at once and says so.
    await page.getByRole('group', { name: 'Врата' }).getByLabel('Отворена').check();
    await page.getByTestId('announcer').getByText('Вратата е: Отворена.').waitFor();
    expect((await ok(app.api.get('/api/rooms/me', { token: owner.token }), 'the room')).door).toBe('open');
    await page.getByRole('group', { name: 'Врата' }).getByLabel('С почукване').check();
    await page.getByTestId('announcer').getByText('Вратата е: С почукване.').waitFor();
    expect((await ok(app.api.get('/api/rooms/me', { token: owner.token }), 'the room')).door).toBe('knock');

    // "Опитай отново" asks again and gets the same honest answer.
    const again = joinAnswer(page);
    await unavailable.getByRole('button', { name: 'Опитай отново' }).click();
    expect((await again).status()).toBe(503);
    await page.getByTestId('video-unavailable').waitFor();
  }, 90_000);

  it('in English', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByTestId('video-unavailable').getByText('Video is not available').waitFor();
    await page.getByRole('heading', { name: 'The door of your room' }).waitFor();
    await page.getByRole('heading', { name: 'Knocks' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectAccessible(page, 'room-video-unavailable-en');
    await page.getByRole('button', { name: 'Български' }).click();
    await page.getByText('Видеовръзката не е налична').waitFor();
  }, 60_000);

  it('a knock nobody answers expires: the visitor is told and may knock again', async () => {
    const room = await ok(app.api.get('/api/rooms/me', { token: owner.token }), 'the own room');
    const { context, page: visitorPage } = await newPage(browser, app);
    try {
      await signIn(visitorPage, 'servant12');
      const visitor = (await app.login('servant12')).user.displayName;
      await visitorPage.goto(`/rooms/${room.id}`);
      await visitorPage.getByRole('button', { name: 'Почукай' }).click();
      await visitorPage.getByTestId('knock-waiting').getByText('Почукахте — изчакайте…').waitFor();
      await page.getByTestId('knocks').getByText(`${visitor} чука на вратата ви`).waitFor();
      // Nobody answers within KNOCK_EXPIRY_SECONDS: the server says so to both.
      await visitorPage
        .getByRole('alert')
        .getByText(`Никой не отговори на почукването ви до ${owner.user.displayName}.`)
        .waitFor();
      // Announced from the knock.resolved event (the page's own fallback after the expiry is silent).
      await visitorPage
        .getByTestId('announcer')
        .getByText(`Никой не отговори на почукването ви до ${owner.user.displayName}.`)
        .waitFor();
      await visitorPage.getByRole('button', { name: 'Почукай отново' }).waitFor();
      await page.getByTestId('knocks').getByText('Никой не чука в момента.').waitFor();
      await expectAccessible(visitorPage, 'room-knock-expired');
    } finally {
      await context.close();
    }
  }, 60_000);
});

describe('video room in the browser with LiveKit', () => {
  let lk: FakeLiveKit;
  let app: TestApp;
  let browser: Browser;
  let ownerPage: Page;
  let visitorPage: Page;
  let owner: SignedIn;
  let visitor: SignedIn;
  let room: { id: string; name: string; livekitRoom: string };

  beforeAll(async () => {
    browser = await launchBrowser();
    lk = await FakeLiveKit.start();
    app = await TestApp.start({ env: lk.env });
    [owner, visitor] = await Promise.all([app.login('servant13'), app.login('servant14')]);
    room = await ok(app.api.get('/api/rooms/me', { token: owner.token }), 'the own room');
    ({ page: ownerPage } = await newPage(browser, app));
    ({ page: visitorPage } = await newPage(browser, app));
    await Promise.all([signIn(ownerPage, 'servant13'), signIn(visitorPage, 'servant14')]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await lk?.close();
  });

  it('the owner gets a token and the LiveKit room UI; a server without WebRTC ends in a clear connection error', async () => {
    // Straight to the fake server: it has no WebRTC signalling, so the connection fails.
    await ownerPage.goto('/rooms/me');
    const answer = joinAnswer(ownerPage);
    await ownerPage.getByTestId('room-enter').click();
    const joined = await answer;
    expect(joined.status()).toBe(200);
    const body = (await joined.json()) as { url: string; token: string; room: string };
    expect(body).toMatchObject({ url: lk.url, room: room.livekitRoom });
    expect(body.token.split('.')).toHaveLength(3);
    expect(lk.callsOf('CreateRoom').map((c) => c.body.name)).toContain(room.livekitRoom);
    const failed = ownerPage.getByTestId('video-failed');
    await failed.getByText('Връзката с видеосървъра не успя.').waitFor();
    await expectAccessible(ownerPage, 'room-connection-failed');

    // Again, with the signalling socket held open: the room UI while connecting.
    const held = await holdSignalling(ownerPage);
    const retried = joinAnswer(ownerPage);
    await failed.getByRole('button', { name: 'Опитай отново' }).click();
    expect((await retried).status()).toBe(200);
    const video = ownerPage.getByTestId('video-room');
    await video.getByRole('status').getByText('Свързване с видеостаята…').waitFor();
    const controls = video.getByRole('group', { name: 'Управление на видеовръзката' });
    for (const name of ['Микрофон', 'Камера', 'Сподели екрана']) {
      const toggle = controls.getByRole('button', { name });
      await toggle.waitFor();
      // Not pressed (camera and microphone start off), and not usable before the connection.
      expect(await toggle.getAttribute('aria-pressed')).toBe('false');
      expect(await toggle.isDisabled()).toBe(true);
    }
    await controls.getByRole('button', { name: 'Напусни' }).waitFor();
    const tiles = video.getByRole('list', { name: 'Участници (1)' });
    await tiles.getByText(`${owner.user.displayName} (вие)`).waitFor();
    expect(held.length).toBeGreaterThan(0);
    // The door and the knock queue stay beside the video.
    await ownerPage.getByRole('heading', { name: 'Почуквания' }).waitFor();
    await expectAccessible(ownerPage, 'room-connecting');

    for (const ws of held) await ws.close();
    await ownerPage.getByTestId('video-failed').waitFor();
    await ownerPage.unrouteAll();
  }, 120_000);

  it('a visitor knocks, the knock appears live on the owner’s room page, the owner admits, the visitor enters', async () => {
    const held = await holdSignalling(visitorPage);
    // The page asks for no token at a knock door (it would be refused): it offers to knock.
    await visitorPage.goto(`/rooms/${room.id}`);
    await visitorPage.getByRole('heading', { level: 1, name: room.name }).waitFor();
    await visitorPage.getByText(`Вратата на ${owner.user.displayName} е с почукване.`, { exact: false }).waitFor();
    await expectAccessible(visitorPage, 'room-knock');

    await visitorPage.getByLabel('Съобщение (по желание)').fill('Имате ли минута?');
    await visitorPage.getByRole('button', { name: 'Почукай' }).click();
    const waiting = visitorPage.getByTestId('knock-waiting');
    await waiting.getByText('Почукахте — изчакайте…').waitFor();
    expect(await waiting.getAttribute('role')).toBe('status');
    // The pressed button is gone: the focus moves to the waiting message, not the top of the page.
    expect(await visitorPage.evaluate('document.activeElement?.className')).toBe('video-body');
    await expectAccessible(visitorPage, 'room-knock-waiting');

    // Live on the owner's room page, announced in the polite live region.
    const knocks = ownerPage.getByTestId('knocks');
    await knocks.getByText(`${visitor.user.displayName} чука на вратата ви`).waitFor();
    await knocks.getByText('Имате ли минута?').waitFor();
    await ownerPage.getByTestId('announcer').getByText(`${visitor.user.displayName} чука на вратата ви.`).waitFor();
    expect(await knocks.getAttribute('aria-live')).toBe('polite');
    await expectAccessible(ownerPage, 'room-owner-knock');

    const admittedJoin = joinAnswer(visitorPage);
    await knocks.getByRole('button', { name: 'Пусни' }).click();
    await knocks.getByText('Никой не чука в момента.').waitFor();
    // The visitor's waiting screen turns into the video room with a token of their own.
    const joined = await admittedJoin;
    expect(joined.status()).toBe(200);
    await visitorPage
      .getByTestId('announcer')
      .getByText(`${owner.user.displayName} ви пусна.`, { exact: false })
      .waitFor();
    const video = visitorPage.getByTestId('video-room');
    await video
      .getByRole('group', { name: 'Управление на видеовръзката' })
      .getByRole('button', { name: 'Напусни' })
      .waitFor();
    await video.getByText(`${visitor.user.displayName} (вие)`).waitFor();
    expect(await waiting.count()).toBe(0);
    expect(held.length).toBeGreaterThan(0);
    await expectAccessible(visitorPage, 'room-visitor-admitted');
    for (const ws of held) await ws.close();
    await visitorPage.getByTestId('video-failed').waitFor();
    await visitorPage.unrouteAll();
  }, 120_000);

  it('a refused knock says so and offers to knock again; in English too', async () => {
    // The admission was used: the door asks for a knock again.
    await visitorPage.reload();
    await visitorPage.getByRole('button', { name: 'Почукай' }).click();
    await visitorPage.getByTestId('knock-waiting').waitFor();
    const knocks = ownerPage.getByTestId('knocks');
    await knocks.getByText(`${visitor.user.displayName} чука на вратата ви`).waitFor();
    await knocks.getByRole('button', { name: 'Откажи' }).click();
    await visitorPage.getByRole('alert').getByText(`${owner.user.displayName} не може да ви приеме сега.`).waitFor();
    await visitorPage.getByRole('button', { name: 'Почукай отново' }).waitFor();
    await expectAccessible(visitorPage, 'room-knock-denied');

    await visitorPage.getByRole('button', { name: 'English' }).click();
    await visitorPage.getByRole('alert').getByText(`${owner.user.displayName} cannot see you now.`).waitFor();
    await visitorPage.getByRole('button', { name: 'Knock again' }).click();
    await visitorPage.getByTestId('knock-waiting').getByText('You knocked — please wait…').waitFor();
    await expectAccessible(visitorPage, 'room-knock-waiting-en');
    await knocks.getByRole('button', { name: 'Пусни' }).click();
    await visitorPage.getByTestId('video-room').or(visitorPage.getByTestId('video-failed')).first().waitFor();
    await visitorPage.getByRole('heading', { name: 'Video' }).waitFor();
    await expectAccessible(visitorPage, 'room-visitor-en');
    await visitorPage.getByRole('button', { name: 'Български' }).click();
  }, 120_000);

  it('a hall lets in only those invited to a meeting there now; the others are told they are not invited', async () => {
    const [admin, guest] = await Promise.all([app.login('admin'), app.login('servant15')]);
    const hall = await openHall(app, admin.token);
    const space = await ok(app.api.get('/api/spaces/:id', { params: { id: hall.id }, token: guest.token }), 'the hall');
    const { context, page } = await newPage(browser, app);
    try {
      await signIn(page, 'servant15');
      await page.goto(`/rooms/${hall.id}`);
      const first = joinAnswer(page);
      await page.getByTestId('room-enter').click();
      const refused = await first;
      expect(refused.status()).toBe(403);
      expect(((await refused.json()) as { code: string }).code).toBe('not_invited');
      await page.getByRole('heading', { level: 1, name: space.name }).waitFor();
      await page.getByText('Не сте поканени в тази стая.').waitFor();
      expect(await page.getByTestId('video-room').count()).toBe(0);
      expect(lk.callsOf('CreateRoom').map((c) => c.body.name)).not.toContain(space.livekitRoom);
      await expectAccessible(page, 'room-not-invited');

      // Invited to a meeting in the hall that starts in five minutes: "Опитай отново" lets the guest in.
      const start = DateTime.now().setZone('Europe/Sofia').plus({ minutes: 5 }).startOf('minute');
      const booked = await app.post(
        `/api/halls/${hall.id}/bookings`,
        {
          title: 'Среща в залата',
          inviteeIds: [guest.user.id],
          startsAt: start.toISO(),
          endsAt: start.plus({ minutes: 30 }).toISO(),
        },
        { token: owner.token },
      );
      expect(booked.status).toBe(201);
      const held = await holdSignalling(page);
      const again = joinAnswer(page);
      await page.getByRole('button', { name: 'Опитай отново' }).click();
      const joined = await again;
      expect(joined.status()).toBe(200);
      expect(((await joined.json()) as { room: string }).room).toBe(space.livekitRoom);
      await page.getByTestId('video-room').getByText(`${guest.user.displayName} (вие)`).waitFor();
      expect(held.length).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('the owner sees who is inside, live; mutes a visitor’s microphone and removes them', async () => {
    await ownerPage.goto('/rooms/me');
    const people = ownerPage.getByTestId('room-people');
    await people.getByRole('heading', { name: 'Кой е в стаята' }).waitFor();
    await people.getByText('В момента в стаята няма никого.').waitFor();
    // The visitor is in the room's video: LiveKit has them and tells the server by webhook.
    const name = visitor.user.displayName;
    const inside = lk.addParticipant(room.livekitRoom, visitor.user.id, name);
    const hook = await lk.signWebhook(FakeLiveKit.event('participant_joined', room.livekitRoom, visitor.user.id));
    const delivered = await app.request('POST', '/api/livekit/webhook', undefined, {
      raw: hook.body,
      headers: { 'content-type': 'application/webhook+json', authorization: hook.authorization },
    });
    expect(delivered.status).toBe(200);
    // Live, without a reload.
    const mute = people.getByRole('button', { name: `Заглуши микрофона на ${name}` });
    await mute.waitFor();
    await expectAccessible(ownerPage, 'room-owner-people');

    await mute.click();
    await ownerPage.getByTestId('announcer').getByText(`Микрофонът на ${name} е заглушен.`).waitFor();
    expect(
      lk.callsOf('MutePublishedTrack').map((c) => [c.body.room, c.body.identity, c.body.trackSid, c.body.muted]),
    ).toContainEqual([room.livekitRoom, visitor.user.id, inside.tracks[0]!.sid, true]);

    await people.getByRole('button', { name: `Изведи ${name} от стаята` }).click();
    await ownerPage.getByTestId('announcer').getByText(`${name} е изведен(а) от стаята.`).waitFor();
    expect(lk.callsOf('RemoveParticipant').map((c) => [c.body.room, c.body.identity])).toContainEqual([
      room.livekitRoom,
      visitor.user.id,
    ]);
    await people.getByText('В момента в стаята няма никого.').waitFor();
    // A visitor's page has no such controls.
    await visitorPage.goto(`/rooms/${room.id}`);
    await visitorPage.getByRole('heading', { level: 1, name: room.name }).waitFor();
    expect(await visitorPage.getByTestId('room-people').count()).toBe(0);
  }, 120_000);
});
