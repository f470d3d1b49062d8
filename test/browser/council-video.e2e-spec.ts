import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestApp, type SignedIn } from '../support/app.js';
import { FakeLiveKit } from '../support/livekit-server.js';
import { expectAccessible, launchBrowser, signIn } from './browser.js';
import { createSitting, newPage } from './council-setup.js';

const TITLE = 'Заседание с видео';

/**
 * Council video in real Chromium against the fake LiveKit (tokens, rooms and Egress, but no
 * media server): a councillor asks to join and gets a listen-only token, a citizen asks to
 * watch and gets a viewer token, the recording started at the opening is listed publicly;
 * since nothing answers LiveKit's signalling, both pages then say the connection failed.
 */
describe('council video in the browser (fake LiveKit)', () => {
  let lk: FakeLiveKit;
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let memberPage: Page;
  let publicPage: Page;
  let clerk: SignedIn;
  let chair: SignedIn;
  let sittingId: string;

  beforeAll(async () => {
    lk = await FakeLiveKit.start();
    browser = await launchBrowser();
    app = await TestApp.start({ env: lk.env });
    [clerk, chair] = await Promise.all([app.login('clerk'), app.login('chair')]);
    sittingId = (await createSitting(app, clerk, TITLE, [{ title: 'Отчет на кмета' }])).id;
    expect((await app.post(`/api/council/sessions/${sittingId}/publish`, {}, { token: clerk.token })).status).toBe(200);
    expect((await app.post(`/api/council/sessions/${sittingId}/open`, {}, { token: chair.token })).status).toBe(200);
    memberPage = await newPage(browser, app, contexts);
    publicPage = await newPage(browser, app, contexts);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await lk?.close();
  });

  it('a citizen sees the live stream offer and the recording, asks to watch and gets a viewer token', async () => {
    await publicPage.goto(`/public/sessions/${sittingId}`);
    const stream = publicPage.getByTestId('public-stream');
    await stream.getByRole('heading', { name: 'Излъчване на живо' }).waitFor();
    await stream.getByTestId('recordings').filter({ hasText: '(записва се)' }).waitFor();
    await expectAccessible(publicPage, 'public-session-video');
    const [token] = await Promise.all([
      publicPage.waitForResponse((r) => r.url().endsWith(`/api/public/council/sessions/${sittingId}/viewer-token`)),
      stream.getByRole('button', { name: 'Гледай на живо' }).click(),
    ]);
    expect(token.status()).toBe(200);
    const body = (await token.json()) as { token: string; url: string; room: string };
    expect(body.url).toBe(lk.url);
    await stream.getByRole('alert').filter({ hasText: 'Връзката с видеото не успя.' }).waitFor({ timeout: 60_000 });
  }, 180_000);

  it('a councillor asks to join the session’s video and gets a token without publish rights', async () => {
    await signIn(memberPage, 'councillor01');
    await memberPage.goto(`/council/${sittingId}`);
    const video = memberPage.getByTestId('council-video');
    const [join] = await Promise.all([
      memberPage.waitForResponse((r) => r.url().endsWith(`/api/council/sessions/${sittingId}/video/join`)),
      video.getByRole('button', { name: 'Включи се във видеото на заседанието' }).click(),
    ]);
    expect(join.status()).toBe(200);
    expect(((await join.json()) as { canPublish: boolean }).canPublish).toBe(false);
    await video.getByRole('alert').filter({ hasText: 'Връзката с видеото не успя.' }).waitFor({ timeout: 60_000 });
    await video.getByRole('button', { name: 'Включи се във видеото на заседанието' }).waitFor();
    await expectAccessible(memberPage, 'council-video-member');
  }, 180_000);
});
