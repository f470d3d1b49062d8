import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestApp, type SignedIn } from '../support/app.js';
import { expectAccessible, launchBrowser, signIn } from './browser.js';
import { adoptAgenda } from '../support/council.js';
import { confirmStep, councillors, createSitting, newPage, openWithQuorum } from './council-setup.js';

const TITLE = 'Заседание: избор на председател';

/**
 * Elections in real Chromium (issue 15, part 3): the chair opens an election with its
 * candidates; the councillor's ballot appears live — a radio group of the candidates and
 * „никой“ — and the choice is read back; the chair sees how many voted, closes the round and
 * the result appears on both pages. axe clean on the ballot and on the result.
 */
describe('council in the browser: an election', () => {
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let clerk: SignedIn;
  let chair: SignedIn;
  let c1: SignedIn;
  let sittingId: string;

  const page = async (username: string): Promise<Page> => {
    const p = await newPage(browser, app, contexts);
    await signIn(p, username);
    await p.goto(`/council/${sittingId}`);
    await p.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    return p;
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await TestApp.start();
    [clerk, chair, c1] = await Promise.all([app.login('clerk'), app.login('chair'), app.login('councillor01')]);
    const s = await createSitting(app, clerk, TITLE, [
      { title: 'Избор на председател на Общинския съвет', voteMode: 'secret', majority: 'all' },
    ]);
    sittingId = s.id;
    await openWithQuorum(app, sittingId, clerk, chair, [chair, c1]);
    // The sitting's first vote adopts its agenda; an election round waits for it like any vote.
    await adoptAgenda(app, sittingId, { clerk, chair });
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.close();
  });

  it('the chair opens, the member votes and hears the choice, the chair closes; axe clean', async () => {
    const names = await councillors(app, clerk);
    const a = names.get('councillor01')!.displayName;
    const b = names.get('councillor02')!.displayName;
    const [chairPage, memberPage] = [await page('chair'), await page('councillor01')];

    const form = chairPage.getByTestId('open-election');
    await form.getByLabel('Длъжност').fill('Председател на Общинския съвет');
    await form.getByRole('group', { name: 'Кандидати' }).getByLabel(a, { exact: true }).check();
    await form.getByRole('group', { name: 'Кандидати' }).getByLabel(b, { exact: true }).check();
    await form.getByRole('button', { name: 'Открий избора' }).click();

    // Live on the member's page: the secret ballot, a radio group with „никой“.
    const ballot = memberPage.getByTestId('election-ballot');
    await ballot.waitFor();
    const group = ballot.getByRole('group', { name: 'Вашият глас за Председател на Общинския съвет' });
    expect(await group.getByRole('radio').count()).toBe(3);
    await group.getByRole('radio', { name: 'Никой (празна бюлетина)' }).waitFor();
    await group.getByRole('radio', { name: b, exact: true }).check();
    await ballot.getByRole('button', { name: 'Гласувай' }).click();
    await memberPage
      .getByTestId('election-mine')
      .filter({ hasText: `Избрахте: ${b}` })
      .waitFor();
    await expectAccessible(memberPage, 'council-election-ballot');

    await chairPage.getByTestId('election-live').filter({ hasText: 'Гласували: 1' }).waitFor();
    await confirmStep(chairPage, 'Приключи тура');
    await chairPage.getByTestId('election-outcome').waitFor();
    // 1 vote of 51 seats: nobody elected, a second round between the two.
    await memberPage.getByTestId('election-outcome').filter({ hasText: 'втори тур' }).waitFor();
    await chairPage.getByRole('button', { name: 'Открий втори тур' }).waitFor();
    await expectAccessible(chairPage, 'council-election-result');
  });
});
