import type { Browser, Page } from 'playwright-core';
import { TestApp, type SignedIn } from '../support/app.js';
import { giveTheFloor, openSitting } from '../support/council.js';
import { freeTcpPort, RealLiveKit } from '../support/livekit/real.js';
import { launchBrowser, screenshot, seriousViolations, signIn } from './browser.js';

const STEP = 30_000;

/**
 * Frames the page has decoded in the video of someone else's tile: [width, frames] per
 * remote video element (a picture that is really playing, not just an element on the page).
 */
const remoteFrames = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLVideoElement>('[data-lk-local-participant="false"] video')].map((v) => [
      v.videoWidth,
      v.getVideoPlaybackQuality().totalVideoFrames,
    ]),
  );

/** Waits until a remote video shows a picture and keeps decoding new frames. */
async function seesMovingPicture(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const v = document.querySelector<HTMLVideoElement>('[data-lk-local-participant="false"] video');
      return !!v && v.videoWidth > 0 && v.getVideoPlaybackQuality().totalVideoFrames > 5;
    },
    undefined,
    { timeout: STEP },
  );
  const [[, before]] = await remoteFrames(page);
  await page.waitForTimeout(1_000);
  const [[width, after]] = await remoteFrames(page);
  expect(width).toBeGreaterThan(0);
  expect(after).toBeGreaterThan(before);
}

/**
 * The portal's own pages with real video: a real LiveKit server, two people in Chromium with
 * its fake camera, each seeing the other's picture move in the personal room.
 */
describe('real video in the browser', () => {
  let lk: RealLiveKit;
  let app: TestApp;
  let browser: Browser;
  let owner: SignedIn;

  beforeAll(async () => {
    const port = await freeTcpPort();
    lk = await RealLiveKit.start({ webhookUrl: `http://127.0.0.1:${port}/api/livekit/webhook` });
    app = await TestApp.start({ env: { ...lk.env, PORT: String(port) } });
    browser = await launchBrowser({ fakeMedia: true });
    owner = await app.login('servant12');
    expect((await app.patch('/api/rooms/me', { door: 'open' }, { token: owner.token })).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await lk?.close();
  });

  /** A signed-in page whose camera and microphone are Chromium's fake ones, allowed. */
  const mediaPage = async (username: string): Promise<Page> => {
    const context = await browser.newContext({
      baseURL: app.url,
      locale: 'bg-BG',
      timezoneId: 'Europe/Sofia',
      permissions: ['camera', 'microphone'],
    });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP);
    await signIn(page, username);
    return page;
  };

  const open = async (username: string, path: string): Promise<Page> => {
    const page = await mediaPage(username);
    await page.goto(path);
    await page.getByTestId('room-enter').click();
    const video = page.getByTestId('video-room');
    await video.getByRole('status').getByText('Във видеостаята сте.').waitFor();
    const camera = video
      .getByRole('group', { name: 'Управление на видеовръзката' })
      .getByRole('button', { name: 'Камера' });
    await camera.click();
    await page.waitForFunction(() => document.querySelector('[data-lk-local-participant="true"] video') !== null);
    return page;
  };

  it('two people in a personal room through the web pages each see the other’s camera playing', async () => {
    const room = (await app.get('/api/rooms/me', { token: owner.token })).body as { id: string };
    const ownerPage = await open('servant12', '/rooms/me');
    const visitorPage = await open('servant13', `/rooms/${room.id}`);
    await seesMovingPicture(ownerPage);
    await seesMovingPicture(visitorPage);
    await screenshot(ownerPage, 'real-video-owner');
    await screenshot(visitorPage, 'real-video-visitor');
  }, 120_000);

  it('the council page shows the floor holder’s camera to the chair, and a citizen’s public page plays the sitting', async () => {
    const [clerk, chair, councillor] = await Promise.all([
      app.login('clerk'),
      app.login('chair'),
      app.login('councillor03'),
    ]);
    const id = await openSitting(app, { clerk, chair }, 'Заседание на живо', new Date(Date.now() + 3 * 86_400_000));

    const joinCouncil = async (username: string): Promise<Page> => {
      const page = await mediaPage(username);
      await page.goto(`/council/${id}`);
      await page
        .getByTestId('council-video')
        .getByRole('button', { name: 'Включи се във видеото на заседанието' })
        .click();
      await page.getByTestId('council-room').waitFor();
      return page;
    };
    const memberPage = await joinCouncil('councillor03');
    const room = memberPage.getByTestId('council-room');
    await room
      .getByRole('status')
      .getByText(/^Гледате и слушате/)
      .waitFor();
    const chairPage = await joinCouncil('chair');

    // The chair gives the floor: the member's page lets them turn the camera on.
    await giveTheFloor(app, id, councillor, chair);
    await room.getByRole('button', { name: 'Камера' }).click();
    await seesMovingPicture(chairPage);
    await screenshot(chairPage, 'real-video-council-chair');

    // A citizen, without signing in, watches the sitting on its public page.
    const citizen = await (await browser.newContext({ baseURL: app.url, locale: 'bg-BG' })).newPage();
    citizen.setDefaultTimeout(STEP);
    await citizen.goto(`/public/sessions/${id}`);
    await citizen.getByTestId('public-stream').getByRole('button', { name: 'Гледай на живо' }).click();
    await seesMovingPicture(citizen);
    await screenshot(citizen, 'real-video-public');
    expect(await seriousViolations(citizen)).toEqual([]);

    // The chair takes the member out of the sitting's video from the chair's list: the member's
    // page leaves the room and offers to join again.
    await chairPage.getByRole('button', { name: `Изведи ${councillor.user.displayName} от видеото` }).click();
    await room.waitFor({ state: 'detached' });
    await memberPage
      .getByTestId('council-video')
      .getByRole('button', { name: 'Включи се във видеото на заседанието' })
      .waitFor();
  }, 180_000);
});
