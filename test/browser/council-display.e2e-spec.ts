import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { adoptAgenda } from '../support/council.js';
import { expectAccessible, launchBrowser, signIn } from './browser.js';
import { councillors, createSitting, newPage } from './council-setup.js';

const TITLE = 'Заседание с екран в залата';
const OFFICE = 'председател на Комисията по бюджет';

/**
 * The chamber's screen in real Chromium through a whole sitting (issue 15, part 7): the clerk
 * makes its address on the session page and the hall's display opens it with no account. The
 * sitting opens with the screen showing the chamber's check-in code, which members read off it
 * to check in (the code rule is on here, as in production); then the agenda's adoption, a
 * speech with the time left, an open vote's live count and its result, an election round
 * (only how many voted while it is open; each candidate's votes after), and the close. axe
 * clean on the screen at each stage.
 */
describe('council in the browser: the chamber screen through a whole sitting', () => {
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let clerkPage: Page;
  let screen: Page;
  let clerk: SignedIn;
  let chair: SignedIn;
  let c1: SignedIn;
  let sittingId: string;
  let items: { id: string }[];

  const url = (p = '') => `/api/council/sessions/${sittingId}${p}`;

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await TestApp.start({ env: { COUNCIL_CHECK_IN_CODE: 'true' } });
    [clerk, chair, c1] = await Promise.all([app.login('clerk'), app.login('chair'), app.login('councillor01')]);
    const s = await createSitting(app, clerk, TITLE, [
      { title: 'Отчет за бюджета', voteMode: 'open', majority: 'present' },
      { title: 'Избор на председател на Комисията по бюджет', voteMode: 'secret', majority: 'all' },
    ]);
    sittingId = s.id;
    items = s.items;
    expect((await app.post(url('/publish'), {}, { token: clerk.token })).status).toBe(200);
    expect((await app.post(url('/open'), {}, { token: chair.token })).status).toBe(200);
    [clerkPage, screen] = [await newPage(browser, app, contexts), await newPage(browser, app, contexts)];
    await signIn(clerkPage, 'clerk');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('the screen runs a sitting: check-in code, item, speaker’s time, live count, election, results', async () => {
    await clerkPage.goto(`/council/${sittingId}`);
    await clerkPage.getByRole('button', { name: 'Адрес за екрана в залата' }).click();
    const href = await clerkPage.getByTestId('display-address').getAttribute('href');
    expect(href).toMatch(/^\/display#[A-Za-z0-9_-]{43}$/);

    await screen.goto(href!);
    await screen.getByTestId('display-quorum').filter({ hasText: 'Присъстват 0 от 51' }).waitFor();
    // The check-in code on the screen: members read it there and type it in to check in.
    const shown = screen.getByTestId('display-checkin');
    await shown.filter({ hasText: /^\d{6}$/ }).waitFor();
    await expectAccessible(screen, 'chamber-display-checkin');
    const code = (await shown.textContent())!.trim();
    for (const member of [chair, c1]) {
      const res = await app.api.post('/api/council/sessions/:id/attendance', {
        params: { id: sittingId },
        body: { code },
        token: member.token,
      });
      expect([res.status, 'code' in res.body ? res.body.code : undefined]).toEqual([200, undefined]);
    }
    // The others are registered by the clerk (no code needed), up to the quorum.
    const others = [...(await councillors(app, clerk)).entries()]
      .filter(([u]) => u !== 'councillor01')
      .sort(([a], [b]) => a.localeCompare(b))
      .slice(0, 24);
    for (const [, o] of others)
      expect((await app.post(url('/attendance'), { userId: o.id }, { token: clerk.token })).status).toBe(200);
    await screen.getByTestId('display-quorum').filter({ hasText: 'Присъстват 26 от 51' }).waitFor();

    // The agenda first; then the first item is taken up.
    await adoptAgenda(app, sittingId, { clerk, chair });
    await screen.getByTestId('display-results').filter({ hasText: 'Прието' }).waitFor();
    expect((await app.post(url(`/items/${items[0]!.id}/activate`), {}, { token: chair.token })).status).toBe(200);
    await screen.getByTestId('display-item').filter({ hasText: '1. Отчет за бюджета' }).waitFor();

    // A speech: the speaker and the time left of the 5 minutes, counted on the screen.
    const floor = (token: string) =>
      ok(
        app.api.post('/api/council/sessions/:id/speakers', {
          params: { id: sittingId },
          body: { kind: 'speech' },
          token,
        }),
        'ask for the floor',
      );
    const asked = await floor(c1.token);
    const waiting = await floor(chair.token);
    await app.post(`/api/council/speakers/${asked.id}/grant`, {}, { token: chair.token });
    const speaker = screen.getByTestId('display-speaker');
    await speaker.filter({ hasText: `${c1.user.displayName} — изказване` }).waitFor();
    await speaker
      .getByTestId('floor-left')
      .filter({ hasText: /остават 4:5\d/ })
      .waitFor();
    await screen.getByTestId('display-queue').filter({ hasText: chair.user.displayName }).waitFor();
    await expectAccessible(screen, 'chamber-display-speaker');
    await app.post(`/api/council/speakers/${asked.id}/finish`, {}, { token: chair.token });
    await app.post(`/api/council/speakers/${waiting.id}/withdraw`, {}, { token: chair.token });

    // An open vote: the live count, then the result.
    const vote = await app.api.post('/api/council/sessions/:id/votes', {
      params: { id: sittingId },
      body: { itemId: items[0]!.id },
      token: chair.token,
    });
    expect(vote.status).toBe(201);
    expectOk(vote);
    await screen.getByTestId('display-vote').filter({ hasText: 'За: 0, против: 0' }).waitFor();
    await app.post(`/api/council/votes/${vote.body.id}/ballots`, { choice: 'for' }, { token: c1.token });
    await screen.getByTestId('display-vote').filter({ hasText: 'За: 1, против: 0, въздържали се: 0' }).waitFor();
    await app.post(`/api/council/votes/${vote.body.id}/close`, {}, { token: chair.token });
    await screen.getByTestId('display-results').filter({ hasText: 'Отчет за бюджета: Неприето' }).waitFor();
    await expectAccessible(screen, 'chamber-display-result');

    // An election on the second item: while open only how many voted; closed, each candidate's votes.
    expect((await app.post(url(`/items/${items[1]!.id}/activate`), {}, { token: chair.token })).status).toBe(200);
    const candidates = [c1.user.id, others[0]![1].id];
    const round = await app.api.post('/api/council/sessions/:id/elections', {
      params: { id: sittingId },
      body: { itemId: items[1]!.id, office: OFFICE, candidateIds: candidates },
      token: chair.token,
    });
    expect(round.status).toBe(201);
    expectOk(round);
    const election = screen.getByTestId('display-election');
    await election.filter({ hasText: `Избор на ${OFFICE}, 1 тур` }).waitFor();
    await election.filter({ hasText: 'гласували 0' }).waitFor();
    const cast = await app.post(
      `/api/council/elections/${round.body.id}/ballots`,
      { candidateId: c1.user.id },
      { token: c1.token },
    );
    expect(cast.status).toBe(201);
    await election.filter({ hasText: 'гласували 1' }).waitFor();
    // Secret while open: no candidate's count on the screen.
    expect(await election.textContent()).not.toContain(c1.user.displayName);
    await expectAccessible(screen, 'chamber-display-election-open');
    expect((await app.post(`/api/council/elections/${round.body.id}/close`, {}, { token: chair.token })).status).toBe(
      200,
    );
    await election.filter({ hasText: 'Никой не получи мнозинство' }).waitFor();
    await election.filter({ hasText: `${c1.user.displayName}: 1` }).waitFor();
    await expectAccessible(screen, 'chamber-display-election-result');

    // The sitting ends: the screen no longer shows a code to check in with.
    expect((await app.post(url('/close'), {}, { token: chair.token })).status).toBe(200);
    await shown.waitFor({ state: 'detached' });

    // Revoked: the screen says so.
    const tokens = await ok(
      app.api.get('/api/council/sessions/:id/display-tokens', { params: { id: sittingId }, token: clerk.token }),
      'list the display tokens',
    );
    await app.post(`/api/council/display-tokens/${tokens[0].id}/revoke`, {}, { token: clerk.token });
    await screen.getByRole('alert').filter({ hasText: 'не е разрешен' }).waitFor();
  }, 240_000);
});
