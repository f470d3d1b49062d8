import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { jest } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * A browser test that fails is run once more before it counts as failed, and the first
 * failure is printed either way (`logErrorsBeforeRetry`): Chromium, the portal and the rest of
 * the suite share two cores in CI, and a wait that runs out there once is not a defect — one
 * that fails twice is. Every file of test/browser imports this module, so this holds for each.
 */
jest.retryTimes(1, { logErrorsBeforeRetry: true });

const ROOT = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');

/** Debian's chromium (never a downloaded browser); CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(ROOT, 'test-results/screenshots');
const WEB_INDEX = join(ROOT, 'apps/web/dist/index.html');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Starts headless Chromium, or fails with a message that says what is missing. With
 * `fakeMedia`, Chromium's own test camera and microphone stand in for real devices (a moving
 * picture and a tone), and the permission prompt is answered yes.
 */
export async function launchBrowser(options: { fakeMedia?: boolean } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM_PATH}. The browser tests drive the system's Chromium: ` +
        'install it (Debian/Ubuntu: `apt-get install chromium`) or set CHROMIUM_PATH to its executable.',
    );
  }
  if (!existsSync(WEB_INDEX)) {
    throw new Error(`The web client is not built (${WEB_INDEX} is missing): run \`npm run build\` first.`);
  }
  // Under the date matrix (libfaketime in LD_PRELOAD) Chromium's zygote and renderers crash,
  // so Chromium starts without it and each of its contexts gets the runner's (faked) clock
  // through Playwright's clock instead, flowing from there like the real one.
  const faked = Boolean(process.env.FAKETIME);
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k, v]) => v !== undefined && k !== 'LD_PRELOAD' && !k.startsWith('FAKETIME')),
  ) as Record<string, string>;
  const args = options.fakeMedia
    ? [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']
    : CHROMIUM_ARGS;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args, headless: true, env });
  if (faked) {
    const newContext = browser.newContext.bind(browser);
    browser.newContext = async (options) => {
      const context = await newContext(options);
      await context.clock.install({ time: Date.now() });
      return context;
    };
    browser.newPage = async (options) => (await browser.newContext(options)).newPage();
  }
  return browser;
}

/** Saves a full-page screenshot under test-results/screenshots/ for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

export interface AxeProblem {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/** Serious or critical WCAG 2.1 A/AA violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeProblem[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
}

/**
 * Signs in through the sign-in page. Waits for the dashboard unless `wait` is false
 * (for refused sign-ins).
 */
export async function signIn(
  page: Page,
  username: string,
  options: { password?: string; wait?: boolean } = {},
): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Потребителско име').fill(username);
  await page.getByLabel('Парола').fill(options.password ?? 'egovbox-demo');
  await page.getByRole('button', { name: 'Вход' }).click();
  if (options.wait !== false) await page.waitForURL((url) => url.pathname === '/');
}

/** Saves a screenshot and expects no serious or critical axe violations on the page. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect({ page: name, violations: await seriousViolations(page) }).toEqual({ page: name, violations: [] });
}

/**
 * "Nothing was sent" without sleeping (issue 19, item 6): the page sends a marker request now,
 * and this waits until the test has seen it. The browser reports a page's requests in the order
 * the page started them, so any request the page started before the marker has been seen by
 * then, however slow the machine.
 */
export async function requestMarker(page: Page): Promise<void> {
  const id = Math.random().toString(36).slice(2);
  const seen = page.waitForRequest((r) => r.url().includes(`marker=${id}`));
  await page.evaluate((m) => void fetch(`/api/health?marker=${m}`).catch(() => undefined), id);
  await seen;
}

/**
 * The page has settled after what the test just saw: two animation frames have passed, so the
 * effects React ran for that render (a focus it moves, a scroll) have run too. Frames come later
 * on a slow machine, never not at all, so this waits for the page rather than for the clock.
 */
export async function framesSettled(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
}
