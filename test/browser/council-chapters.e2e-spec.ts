import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { openSittingWith } from '../support/council.js';
import { FakeLiveKit, type FakeEgress } from '../support/livekit-server.js';
import { expectAccessible, launchBrowser } from './browser.js';

const STEP = 20_000;
const SECONDS = 130;
const ITEMS = ['Приемане на бюджета за 2027 г.', 'Отчет за дейността на кмета'];

/**
 * A real, seekable media file without ffmpeg (scripts/services.sh installs none): `SECONDS` of
 * silent 8 kHz, 8-bit mono PCM in a WAV container, which Chromium's <video> plays and seeks.
 */
function silentWav(seconds: number): Buffer {
  const rate = 8000;
  const data = Buffer.alloc(rate * seconds, 128);
  const head = Buffer.alloc(44);
  head.write('RIFF', 0);
  head.writeUInt32LE(36 + data.length, 4);
  head.write('WAVEfmt ', 8);
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20); // PCM
  head.writeUInt16LE(1, 22); // mono
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate, 28); // bytes per second
  head.writeUInt16LE(1, 32);
  head.writeUInt16LE(8, 34);
  head.write('data', 36);
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}

/** Where the recordings are kept (another origin, as Egress's storage is): the file, with ranges. */
async function mediaServer(file: Buffer): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    const start = range?.[1] ? Number(range[1]) : 0;
    const end = range?.[2] ? Math.min(Number(range[2]), file.length - 1) : file.length - 1;
    res.setHeader('content-type', 'audio/wav');
    res.setHeader('accept-ranges', 'bytes');
    if (range) {
      res.statusCode = 206;
      res.setHeader('content-range', `bytes ${start}-${end}/${file.length}`);
    }
    res.setHeader('content-length', String(end - start + 1));
    res.end(req.method === 'HEAD' ? undefined : file.subarray(start, end + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/**
 * A closed sitting's recording on its public page (issue 16, part 2): the <video> plays the file
 * from the recordings' origin (allowed by RECORDINGS_ORIGINS in the CSP), with a chapters track
 * the browser loads and parses; the list „Глави“ has for each agenda item taken up „т. N. Title —
 * hh:mm:ss“, a button that seeks the player there (by keyboard), and a plain link `#t=`.
 */
describe('a recording’s chapters on the public sitting page', () => {
  let lk: FakeLiveKit;
  let media: { server: Server; origin: string };
  let app: TestApp;
  let browser: Browser;
  let sittingId: string;
  let location: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    lk = await FakeLiveKit.start();
    media = await mediaServer(silentWav(SECONDS));
    app = await TestApp.start({ env: { ...lk.env, RECORDINGS_ORIGINS: media.origin } });
    const [clerk, chair]: SignedIn[] = await Promise.all([app.login('clerk'), app.login('chair')]);
    const sitting = await openSittingWith(
      app,
      { clerk, chair },
      {
        title: 'Заседание със запис',
        startsAt: new Date(Date.now() + 2 * 86_400_000),
        agenda: ITEMS.map((title) => ({ title, voteMode: 'open', majority: 'present' })),
      },
    );
    sittingId = sitting.id;
    const hook = async (event: Record<string, unknown>) => {
      const signed = await lk.signWebhook(event);
      const res = await app.request('POST', '/api/livekit/webhook', undefined, {
        raw: signed.body,
        headers: { 'content-type': 'application/webhook+json', authorization: signed.authorization },
      });
      expect(res.status).toBe(200);
    };
    // The recording as LiveKit reports it: started 100 s before the sitting took up its items.
    const egress: FakeEgress = {
      egressId: `EG_${randomBytes(6).toString('hex')}`,
      roomName: `council-${sitting.id}`,
      status: 'EGRESS_ACTIVE',
      startedAt: String(BigInt(Date.now() - 100_000) * 1_000_000n),
      request: {},
    };
    lk.egresses.set(egress.egressId, egress);
    await hook(FakeLiveKit.egressEvent('egress_started', egress));
    const url = `/api/council/sessions/${sitting.id}`;
    expect((await app.post(`${url}/items/${sitting.items[1].id}/activate`, {}, { token: chair.token })).status).toBe(
      200,
    );
    expect((await app.post(`${url}/close`, {}, { token: chair.token })).status).toBe(200);
    location = `${media.origin}/council/${sitting.id}/session.wav`;
    for (const e of lk.egresses.values()) {
      const mine = e.egressId === egress.egressId;
      e.status = mine ? 'EGRESS_COMPLETE' : 'EGRESS_FAILED';
      e.endedAt = String(BigInt(Date.now() + 5000) * 1_000_000n);
      await hook(FakeLiveKit.egressEvent('egress_ended', e, mine ? { location } : undefined));
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await lk?.close();
    await new Promise((resolve) => media?.server.close(resolve));
  });

  it('lists a chapter per item taken up; the track loads; a button seeks the player; the link has #t=', async () => {
    const csp = (await app.get('/public')).headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(new RegExp(`media-src [^;]*${media.origin.replace(/[.:/]/g, '\\$&')}`));
    const view = await ok(app.api.get('/api/public/council/sessions/:id', { params: { id: sittingId } }), 'sitting');
    const recording = view.recordings!.find((r) => r.status === 'complete')!;
    const offsets = [0, 1].map((n) =>
      Math.floor((Date.parse(view.items[n]!.takenUpAt[0]!) - Date.parse(recording.startedAt)) / 1000),
    );
    expect(offsets[0]).toBeGreaterThanOrEqual(90);
    const clock = (s: number) => new Date(s * 1000).toISOString().slice(11, 19);

    const context = await browser.newContext({ baseURL: app.url, locale: 'bg-BG' });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP);
    try {
      await page.goto(`/public/sessions/${sittingId}`);
      const chapters = page.getByRole('list', { name: 'Глави' });
      await chapters.waitFor();
      // A closed sitting has no current item any more.
      expect(await page.locator('.agenda [aria-current]').count()).toBe(0);
      const buttons = chapters.getByRole('button');
      expect(await buttons.allInnerTexts()).toEqual(
        ITEMS.map((title, n) => `т. ${n + 1}. ${title} — ${clock(offsets[n]!)}`),
      );
      const links = chapters.getByRole('link');
      expect(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(
        offsets.map((s) => `${location}#t=${s}`),
      );
      await expect(links.first().getAttribute('aria-label')).resolves.toBe(
        `отвори записа от тук: т. 1 (${clock(offsets[0]!)})`,
      );

      // The player: the file from the recordings' origin, and the chapters track parsed by the browser.
      const video = page.locator('video');
      expect(await video.getAttribute('src')).toBe(location);
      await page.waitForFunction(() => (document.querySelector('video')?.readyState ?? 0) >= 1);
      const duration = await video.evaluate((v: HTMLVideoElement) => v.duration);
      expect(Math.abs(duration - SECONDS)).toBeLessThan(1);
      const cues = await video.evaluate(async (v: HTMLVideoElement) => {
        const track = v.querySelector('track')!;
        track.track.mode = 'hidden';
        if (track.readyState !== 2)
          await new Promise((resolve, reject) => {
            track.addEventListener('load', resolve);
            track.addEventListener('error', reject);
          });
        return [...(track.track.cues ?? [])].map((c) => [(c as VTTCue).text, Math.floor(c.startTime)]);
      });
      expect(cues).toEqual(ITEMS.map((title, n) => [`т. ${n + 1}. ${title}`, offsets[n]]));
      expect(await video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBe(0);

      // The keyboard: the second chapter's button, then the first's.
      for (const n of [1, 0]) {
        await video.evaluate((v: HTMLVideoElement) => (v.currentTime = 0));
        await page.waitForFunction(() => document.querySelector('video')?.currentTime === 0);
        await buttons.nth(n).focus();
        await page.keyboard.press('Enter');
        await page.waitForFunction(
          (at) => Math.abs((document.querySelector('video')?.currentTime ?? -1) - at) < 1.5,
          offsets[n],
        );
        const at = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
        expect(at).toBeGreaterThanOrEqual(offsets[n]! - 0.01);
        await video.evaluate((v: HTMLVideoElement) => v.pause());
      }
      await expectAccessible(page, 'public-sitting-chapters');
    } finally {
      await context.close();
    }
  }, 120_000);
});
