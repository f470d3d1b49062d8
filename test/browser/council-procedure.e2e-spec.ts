import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { VoteView } from '../../libs/contracts/src/index.js';
import { expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { showOfHands } from '../support/council.js';
import { expectAccessible, launchBrowser, signIn } from './browser.js';
import { createSitting, openWithQuorum, STEP } from './council-setup.js';

const TITLE = 'Заседание: дневен ред и изменения';
const URGENT = 'Спешна помощ след градушката';

/**
 * Issue 15, parts 1 and 2, in real Chromium: a member proposes an urgent item from the member
 * panel; the chair puts the agenda, then the item's addition, then an amendment (its text and
 * proposer) to the vote from the chair console; the agenda shows the item added with its vote,
 * the live vote is titled by its label. Axe on the member's form and the chair's console.
 */
describe('council in the browser: the agenda at the sitting and amendments', () => {
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let clerk: SignedIn;
  let chair: SignedIn;
  let member: SignedIn;
  let sittingId: string;
  let presentIds: string[];
  let memberPage: Page;
  let chairPage: Page;

  const open = async (username: string) => {
    const ctx = await browser.newContext({ baseURL: app.url, locale: 'bg-BG', timezoneId: 'Europe/Sofia' });
    contexts.push(ctx);
    const p = await ctx.newPage();
    p.setDefaultTimeout(STEP);
    await p.setViewportSize({ width: 1366, height: 900 });
    await signIn(p, username);
    await p.goto(`/council/${sittingId}`);
    await p.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    return p;
  };
  const sitting = () =>
    ok(app.api.get('/api/council/sessions/:id', { params: { id: sittingId }, token: clerk.token }), 'read the sitting');
  /** The open vote, once the chair's click opened it; the clerk records the hands and the chair closes it. */
  const carry = async (kind: string) => {
    let vote: VoteView | undefined;
    const deadline = Date.now() + STEP;
    while (!vote && Date.now() < deadline) {
      vote = (await sitting()).votes.find((v: { status: string }) => v.status === 'open');
      if (!vote) await new Promise((r) => setTimeout(r, 100));
    }
    expect(vote?.kind).toBe(kind);
    expect((await showOfHands(app, vote!.id, presentIds, { clerk, chair })) as unknown).toMatchObject({
      outcome: 'adopted',
    });
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await TestApp.start();
    [clerk, chair, member] = await Promise.all([app.login('clerk'), app.login('chair'), app.login('councillor05')]);
    const bodies = await app.api.get('/api/council/bodies', { token: clerk.token });
    expectOk(bodies);
    const council = bodies.body.find((b: { kind: string }) => b.kind === 'council');
    // The first vote adopts the agenda: the council's rule by default (issue 15).
    expect(council!.agendaVote).toBe(true);
    const s = await createSitting(app, clerk, TITLE, [
      { title: 'Отчет за бюджета', voteMode: 'open', majority: 'present' },
      { title: 'Наредба', voteMode: 'open', majority: 'present' },
    ]);
    sittingId = s.id;
    await openWithQuorum(app, sittingId, clerk, chair, [member]);
    presentIds = (await sitting()).attendance
      .filter((a: { present: boolean }) => a.present)
      .map((a: { member: { id: string } }) => a.member.id);
    [memberPage, chairPage] = await Promise.all([open('councillor05'), open('chair')]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a member proposes an urgent item; the chair has the agenda adopted, then the item added', async () => {
    await memberPage.getByRole('button', { name: 'Предложение за нова точка в дневния ред' }).click();
    await memberPage.getByLabel('Наименование на точката').fill(URGENT);
    await memberPage.getByLabel('Проект на решение').fill('Отпуска 5 000 лв. помощ.');
    await memberPage.getByLabel('Място в дневния ред (по избор; иначе накрая)').fill('1');
    await expectAccessible(memberPage, 'council-procedure-propose');
    await memberPage.getByRole('button', { name: 'Предложи', exact: true }).click();
    await memberPage.getByText('Предложена, чака гласуване').waitFor();
    // The proposer attaches the item's material (third on the list while it waits).
    await memberPage.getByLabel('Файл за точка 3 (PDF, DOCX или ODT, до 20 MB)').setInputFiles({
      name: 'Доклад.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1'),
    });
    await memberPage.getByRole('button', { name: 'Качи', exact: true }).click();
    await memberPage
      .getByRole('list', { name: 'Материали към точка 3' })
      .getByText('Доклад.pdf', { exact: false })
      .waitFor();

    await chairPage.getByRole('button', { name: 'Гласуване на дневния ред' }).click();
    await chairPage.getByTestId('vote-now').filter({ hasText: 'Приемане на дневния ред' }).waitFor();
    await carry('agenda');
    await chairPage.getByRole('button', { name: 'Гласуване на дневния ред' }).waitFor({ state: 'detached' });

    await chairPage.getByRole('button', { name: `Гласуване за включване: „${URGENT}“` }).click();
    await carry('agenda_change');
    // On the agenda, first as asked, with the vote that put it there.
    await chairPage.getByText(/Гласувано включване на .* — прието/).waitFor();
    const s = await sitting();
    expect(s.items.map((i: { title: string }) => i.title)).toEqual([URGENT, 'Отчет за бюджета', 'Наредба']);
  }, 180_000);

  it('the chair puts an amendment with its proposer to the vote; the vote is titled by its label', async () => {
    await chairPage.getByLabel('Предложение за изменение по „Отчет за бюджета“').fill('Сумата става 6 000 лв.');
    await chairPage.getByLabel('Вносител', { exact: true }).selectOption({ label: member.user.displayName });
    await expectAccessible(chairPage, 'council-procedure-chair');
    await chairPage.getByRole('button', { name: 'Гласуване на предложението' }).click();
    await chairPage
      .getByTestId('vote-now')
      .filter({ hasText: 'Предложение за изменение № 1 — Отчет за бюджета' })
      .waitFor();
    await carry('amendment');
    const result = chairPage
      .getByTestId('results')
      .getByRole('listitem')
      .filter({ hasText: 'Предложение за изменение № 1 — Отчет за бюджета' });
    await result.getByText(`Вносител: ${member.user.displayName}`).waitFor();
    await result.getByText('Сумата става 6 000 лв.').waitFor();
    // Now the decision as amended can be put.
    await chairPage.getByLabel('Проектът на решение с приетите изменения').waitFor();
    await expectAccessible(chairPage, 'council-procedure-results');
  }, 180_000);
});
