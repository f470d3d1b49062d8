import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { CouncilSessionView } from '../../libs/contracts/src/index.js';
import { expectOk, ok } from '../support/api.js';
import type { BodyOf } from '../support/api-types.js';
import type { SignedIn, TestApp } from '../support/app.js';
import { EXTRAORDINARY_REASON } from '../support/council.js';

export const STEP = 30_000;

/** A browser page on the test server (Bulgarian, Sofia time); its context is kept in `contexts`. */
export async function newPage(browser: Browser, app: TestApp, contexts: BrowserContext[]): Promise<Page> {
  const ctx = await browser.newContext({
    baseURL: app.url,
    locale: 'bg-BG',
    timezoneId: 'Europe/Sofia',
    acceptDownloads: true,
  });
  contexts.push(ctx);
  const p = await ctx.newPage();
  p.setDefaultTimeout(STEP);
  return p;
}

/** Councillors by username (from the personal rooms' owners). */
export async function councillors(
  app: TestApp,
  clerk: SignedIn,
): Promise<Map<string, { id: string; displayName: string }>> {
  const spaces = await app.api.get('/api/spaces', { query: { kind: 'personal' }, token: clerk.token });
  expect(spaces.status).toBe(200);
  expectOk(spaces);
  const out = new Map<string, { id: string; displayName: string }>();
  for (const s of spaces.body)
    if (s.owner && /^councillor\d+$/.test(s.owner.username)) out.set(s.owner.username, s.owner);
  return out;
}

/**
 * A session in three days with `agenda`, created by the clerk as a draft: an extraordinary
 * one (with its reason), since the tests publish and open it at once — sooner than the
 * council's notice period allows a regular sitting.
 */
export async function createSitting(
  app: TestApp,
  clerk: SignedIn,
  title: string,
  agenda: BodyOf<'POST', '/api/council/sessions'>['agenda'],
): Promise<CouncilSessionView> {
  const startsAt = new Date(Date.now() + 3 * 86_400_000);
  startsAt.setUTCHours(8, 0, 0, 0);
  return ok(
    app.api.post('/api/council/sessions', {
      body: {
        title,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
        agenda,
        extraordinary: true,
        extraordinaryReason: EXTRAORDINARY_REASON,
      },
      token: clerk.token,
    }),
    'create the sitting',
    201,
  );
}

/** Publishes and opens the session; `selves` check themselves in, the clerk registers councillor02..N up to 26. */
export async function openWithQuorum(
  app: TestApp,
  sittingId: string,
  clerk: SignedIn,
  chair: SignedIn,
  selves: SignedIn[],
  skip: string[] = [],
): Promise<void> {
  expect((await app.post(`/api/council/sessions/${sittingId}/publish`, {}, { token: clerk.token })).status).toBe(200);
  expect((await app.post(`/api/council/sessions/${sittingId}/open`, {}, { token: chair.token })).status).toBe(200);
  for (const s of selves)
    expect((await app.post(`/api/council/sessions/${sittingId}/attendance`, {}, { token: s.token })).status).toBe(200);
  const all = await councillors(app, clerk);
  const taken = new Set([...selves.map((s) => s.user.username), ...skip]);
  const others = [...all.entries()]
    .filter(([u]) => !taken.has(u))
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, 26 - selves.length);
  for (const [, o] of others) {
    const res = await app.post(
      `/api/council/sessions/${sittingId}/attendance`,
      { userId: o.id },
      { token: clerk.token },
    );
    expect(res.status).toBe(200);
  }
  const s = await app.api.get('/api/council/sessions/:id', { params: { id: sittingId }, token: clerk.token });
  expectOk(s);
  expect(s.body.quorum.reached).toBe(true);
}

/**
 * An irreversible step in the web client (issue 22, item 5): clicks the button named
 * `trigger` (within `scope`, the page by default), then the same step's button in the
 * confirmation dialog that opens (`confirm`, by default the trigger's name).
 */
export async function confirmStep(
  page: Page,
  trigger: string,
  options: { scope?: Locator; confirm?: string } = {},
): Promise<void> {
  await (options.scope ?? page).getByRole('button', { name: trigger, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: options.confirm ?? trigger, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}
