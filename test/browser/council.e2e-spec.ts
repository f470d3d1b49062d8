import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { EXTRAORDINARY_REASON, showOfHands } from '../support/council.js';
import { expectAccessible, launchBrowser, signIn } from './browser.js';
import { confirmStep } from './council-setup.js';

const STEP = 30_000;

/**
 * The key council scenario in real Chromium: the chair and a councillor signed in,
 * a citizen on the public page without an account. The chair opens a vote, the councillor
 * votes "за", the chair closes it, and the result reaches the public page without a reload.
 */
describe('council in the browser (chair, councillor, anonymous public page)', () => {
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let chairPage: Page;
  let memberPage: Page;
  let publicPage: Page;
  let clerk: SignedIn;
  let chair: SignedIn;
  let councillor: SignedIn;
  let sittingId: string;
  let firstItem: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await TestApp.start();
    [clerk, chair, councillor] = await Promise.all([app.login('clerk'), app.login('chair'), app.login('councillor01')]);
    const newPage = async () => {
      const ctx = await browser.newContext({ baseURL: app.url, locale: 'bg-BG', timezoneId: 'Europe/Sofia' });
      contexts.push(ctx);
      const p = await ctx.newPage();
      p.setDefaultTimeout(STEP);
      return p;
    };
    [chairPage, memberPage, publicPage] = [await newPage(), await newPage(), await newPage()];

    // The clerk creates and publishes the session; the chair opens it.
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    startsAt.setUTCHours(8, 0, 0, 0);
    const created = await app.api.post('/api/council/sessions', {
      body: {
        title: 'Заседание за браузърния тест',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
        agenda: [
          { title: 'Отчет за изпълнение на бюджета', voteMode: 'roll_call', majority: 'present' },
          { title: 'Разни', voteMode: 'open', majority: 'present' },
        ],
        // Opened at once: sooner than the notice period allows a regular sitting.
        extraordinary: true,
        extraordinaryReason: EXTRAORDINARY_REASON,
      },
      token: clerk.token,
    });
    expect(created.status).toBe(201);
    expectOk(created);
    sittingId = created.body.id;
    firstItem = created.body.items[0].title;
    expect((await app.post(`/api/council/sessions/${sittingId}/publish`, {}, { token: clerk.token })).status).toBe(200);
    expect((await app.post(`/api/council/sessions/${sittingId}/open`, {}, { token: chair.token })).status).toBe(200);

    // Quorum (26 of 51): the chair, councillor01 and 24 more registered by the clerk.
    const spaces = await ok(
      app.api.get('/api/spaces', { query: { kind: 'personal' }, token: clerk.token }),
      'the personal rooms',
    );
    const others = spaces
      .map((s) => s.owner)
      .filter((o): o is NonNullable<typeof o> => !!o && /^councillor(0[2-9]|1\d|2[0-5])$/.test(o.username));
    expect(others).toHaveLength(24);
    for (const s of [chair, councillor])
      expect((await app.post(`/api/council/sessions/${sittingId}/attendance`, {}, { token: s.token })).status).toBe(
        200,
      );
    for (const o of others) {
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
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows the session to the chair, the councillor and the public, with quorum', async () => {
    await signIn(chairPage, 'chair');
    await signIn(memberPage, 'councillor01');
    for (const p of [chairPage, memberPage]) {
      await p.goto(`/council/${sittingId}`);
      await p.getByRole('heading', { level: 1, name: 'Заседание за браузърния тест' }).waitFor();
      await p.getByTestId('quorum-state').filter({ hasText: 'Има кворум.' }).waitFor();
      await p.getByTestId('current-item').filter({ hasText: firstItem }).waitFor();
    }
    await chairPage.getByRole('heading', { level: 2, name: 'Пулт на председателя' }).waitFor();
    expect(await memberPage.getByRole('heading', { level: 2, name: 'Пулт на председателя' }).count()).toBe(0);

    await publicPage.goto(`/public/sessions/${sittingId}`);
    await publicPage.getByRole('heading', { level: 1, name: 'Заседание за браузърния тест' }).waitFor();
    await publicPage.getByTestId('current-item').filter({ hasText: firstItem }).waitFor();
    await publicPage.getByTestId('results').filter({ hasText: 'Все още няма приключили гласувания.' }).waitFor();
  }, 90_000);

  it('the sitting’s first vote adopts its agenda: a vote on the item before it is refused, explained in Bulgarian', async () => {
    await chairPage.getByRole('button', { name: 'Открий гласуване по текущата точка' }).click();
    await chairPage
      .getByRole('alert')
      .filter({ hasText: 'Първото гласуване на заседанието е за приемане на дневния ред.' })
      .waitFor();
    const votes = async () =>
      (await ok(app.api.get('/api/council/sessions/:id', { params: { id: sittingId }, token: clerk.token }), 'sitting'))
        .votes;
    expect(await votes()).toEqual([]);
    // The chair puts the agenda to the vote from the console; the clerk records the hall's show of hands.
    await chairPage.getByRole('button', { name: 'Гласуване на дневния ред' }).click();
    await chairPage.getByTestId('vote-now').filter({ hasText: 'Приемане на дневния ред' }).waitFor();
    const [agenda] = await votes();
    expect(agenda).toMatchObject({ kind: 'agenda', status: 'open' });
    const present = (
      await ok(app.api.get('/api/council/sessions/:id', { params: { id: sittingId }, token: clerk.token }), 'sitting')
    ).attendance
      .filter((a: { present: boolean }) => a.present)
      .map((a: { member: { id: string } }) => a.member.id);
    expect((await showOfHands(app, agenda!.id, present, { clerk, chair })).passed).toBe(true);
    await chairPage.getByRole('button', { name: 'Гласуване на дневния ред' }).waitFor({ state: 'detached' });
    await memberPage.getByTestId('results').filter({ hasText: 'Приемане на дневния ред' }).waitFor();
    await memberPage.getByRole('button', { name: 'За', exact: true }).waitFor({ state: 'detached' });
  }, 90_000);

  it('the chair opens a vote, the councillor votes "за", the chair closes it: the public page shows the result live', async () => {
    await chairPage.getByRole('button', { name: 'Открий гласуване по текущата точка' }).click();
    // The councillor's page learns of the vote live (council.vote.opened).
    const forButton = memberPage.getByRole('button', { name: 'За', exact: true });
    await forButton.waitFor();
    await forButton.click();
    await memberPage.getByTestId('my-ballot').filter({ hasText: 'Вашият глас: За' }).waitFor();
    expect(await forButton.getAttribute('aria-pressed')).toBe('true');
    // Live counts reach the chair (council.vote.updated).
    await chairPage.getByTestId('live-counts').filter({ hasText: 'За: 1, против: 0, въздържали се: 0' }).waitFor();
    await expectAccessible(memberPage, 'council-session-vote');

    await confirmStep(chairPage, 'Приключи гласуването');
    const result = publicPage.getByTestId('results').filter({ hasText: 'За: 1, против: 0, въздържали се: 0' });
    await result.waitFor();
    expect(await publicPage.getByTestId('results').textContent()).toContain('Неприето');
    // The roll call names the councillor.
    await publicPage.getByText('Поименно гласуване (1 гласа)').click();
    await publicPage.getByRole('row', { name: `${councillor.user.displayName} За` }).waitFor();
    await memberPage.getByTestId('results').filter({ hasText: 'За: 1' }).waitFor();
  }, 90_000);

  it('has no serious or critical accessibility problems on /council/:id and /public/sessions/:id', async () => {
    await expectAccessible(chairPage, 'council-session-chair');
    await expectAccessible(memberPage, 'council-session-member');
    await expectAccessible(publicPage, 'public-session');
  }, 90_000);

  it('lists the session on /council', async () => {
    await memberPage.goto('/council');
    await memberPage.getByRole('link', { name: 'Заседание за браузърния тест' }).waitFor();
    await expectAccessible(memberPage, 'council-list');
  }, 60_000);
});
