import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expectOk, ok } from '../support/api.js';
import type { BodyOf } from '../support/api-types.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { adoptAgenda } from '../support/council.js';
import { expectAccessible, launchBrowser, signIn } from './browser.js';
import { createSitting, STEP } from './council-setup.js';

const TITLE = 'Заседание: потвърждения и регистрация';
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const AGENDA: BodyOf<'POST', '/api/council/sessions'>['agenda'] = ['Отчет', 'Наредба', 'Такси', 'Разни'].map(
  (title) => ({
    title,
    voteMode: 'open',
    majority: 'present',
  }),
);

/** What has the focus: its tag, its text, and whether it is inside an open dialog. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName ?? null, text: el?.textContent?.trim() ?? null, inDialog: !!el?.closest('dialog[open]') };
  });

/**
 * Issue 22, items 5 and 6, in real Chromium. Every irreversible step asks first in a modal
 * dialog that says what will happen (the focus moves into it, Escape and „Отказ“ change
 * nothing and give the focus back to the button); closing the sitting names the items not
 * voted on, and is set apart from „Прекъсни заседанието“. The clerk registers many members
 * at once and „Отмени“ reverses exactly that. Axe in each state, at 1366×900 and 390×844.
 */
describe('council in the browser: confirming irreversible steps, registering many at once', () => {
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let clerk: SignedIn;
  let chair: SignedIn;
  let self: SignedIn;
  let sittingId: string;
  let items: { id: string; position: number }[];
  let clerkPage: Page;
  let chairPage: Page;

  const open = async (username: string) => {
    const ctx = await browser.newContext({ baseURL: app.url, locale: 'bg-BG', timezoneId: 'Europe/Sofia' });
    contexts.push(ctx);
    const p = await ctx.newPage();
    p.setDefaultTimeout(STEP);
    await p.setViewportSize(DESKTOP);
    await signIn(p, username);
    await p.goto(`/council/${sittingId}`);
    await p.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    return p;
  };
  const status = () =>
    ok(app.api.get('/api/council/sessions/:id', { params: { id: sittingId }, token: clerk.token }), 'the sitting');
  /** Axe and a screenshot at both sizes; at the phone's, `fit` lies within the screen's width. */
  const bothSizes = async (page: Page, name: string, fit?: Locator) => {
    await expectAccessible(page, `${name}-desktop`);
    await page.setViewportSize(PHONE);
    if (fit) {
      const box = (await fit.boundingBox())!;
      expect({ name, fits: box.x >= 0 && box.x + box.width <= PHONE.width }).toEqual({ name, fits: true });
    }
    await expectAccessible(page, `${name}-phone`);
    await page.setViewportSize(DESKTOP);
  };
  /** Opens the dialog with the trigger; checks it has the focus and says `says`. */
  const ask = async (page: Page, trigger: Locator, name: string, says: string[]) => {
    await trigger.click();
    const dialog = page.getByRole('dialog', { name });
    await dialog.waitFor();
    expect(await focused(page)).toEqual({ tag: 'BUTTON', text: 'Отказ', inDialog: true });
    for (const text of says) await dialog.getByText(text, { exact: false }).waitFor();
    return dialog;
  };
  const backToTrigger = async (page: Page, trigger: Locator, text: string) => {
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await focused(page)).toEqual({ tag: 'BUTTON', text, inDialog: false });
    expect(await trigger.evaluate((el) => el === document.activeElement)).toBe(true);
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await TestApp.start();
    [clerk, chair, self] = await Promise.all([app.login('clerk'), app.login('chair'), app.login('councillor05')]);
    const s = await createSitting(app, clerk, TITLE, AGENDA);
    sittingId = s.id;
    items = s.items;
    clerkPage = await open('clerk');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('publishing asks first: Escape and „Отказ“ leave the draft as it was, confirming publishes', async () => {
    const publish = clerkPage.getByRole('button', { name: 'Обяви заседанието', exact: true });
    let dialog = await ask(clerkPage, publish, 'Обявяване на заседанието', ['Дневният ред ще бъде обявен и заключен']);
    await bothSizes(clerkPage, 'council-confirm-publish-dialog', dialog);
    await clerkPage.keyboard.press('Escape');
    await backToTrigger(clerkPage, publish, 'Обяви заседанието');
    expect((await status()).status).toBe('draft');

    dialog = await ask(clerkPage, publish, 'Обявяване на заседанието', []);
    await dialog.getByRole('button', { name: 'Отказ' }).click();
    await backToTrigger(clerkPage, publish, 'Обяви заседанието');
    expect((await status()).status).toBe('draft');

    dialog = await ask(clerkPage, publish, 'Обявяване на заседанието', []);
    await dialog.getByRole('button', { name: 'Обяви заседанието' }).click();
    await clerkPage.getByTestId('session-status').filter({ hasText: 'Обявено' }).waitFor();
    expect((await status()).status).toBe('published');
  }, 180_000);

  it('the clerk registers every absent member at once, and „Отмени“ reverses only those', async () => {
    // councillor05 registers on their own: the clerk's registration does not touch them.
    expect((await app.post(`/api/council/sessions/${sittingId}/attendance`, {}, { token: self.token })).status).toBe(
      200,
    );
    const register = clerkPage.getByTestId('attendance-register');
    await register.getByText(`${self.user.displayName} (присъства)`).waitFor();
    await register.getByRole('button', { name: 'Избери всички отсъстващи' }).click();
    await register.getByTestId('attendance-selected').filter({ hasText: 'Избрани: 50' }).waitFor();
    expect(await register.getByRole('checkbox', { name: self.user.displayName, exact: false }).isChecked()).toBe(false);
    await bothSizes(clerkPage, 'council-confirm-register-selected', register);

    await register.getByRole('button', { name: 'Регистрирай избраните като присъстващи' }).click();
    await register.getByTestId('attendance-last').filter({ hasText: 'Регистрирани като присъстващи (50)' }).waitFor();
    await clerkPage.getByText('Присъстват 51 от 51 съветници (необходими: 26)').waitFor();
    await register.getByTestId('attendance-selected').filter({ hasText: 'Избрани: 0' }).waitFor();
    await bothSizes(clerkPage, 'council-confirm-registered', register);

    await register.getByRole('button', { name: /^Отмени/ }).click();
    await register
      .getByTestId('attendance-last')
      .filter({ hasText: 'Отменено: отново не са регистрирани (50)' })
      .waitFor();
    await clerkPage.getByText('Присъстват 1 от 51 съветници (необходими: 26)').waitFor();
    expect(await register.getByRole('button', { name: /^Отмени/ }).count()).toBe(0);
    // The focus stays with what happened, not on the page's body.
    expect((await focused(clerkPage)).text).toContain('Отменено');
    const present = (await status()).attendance.filter((a) => a.present).map((a) => a.member.id);
    expect(present).toEqual([self.user.id]);

    // Registered again (for the votes that follow).
    await register.getByRole('button', { name: 'Избери всички отсъстващи' }).click();
    await register.getByRole('button', { name: 'Регистрирай избраните като присъстващи' }).click();
    await clerkPage.getByText('Присъстват 51 от 51 съветници (необходими: 26)').waitFor();
  }, 180_000);

  it('closing a vote and closing the sitting ask first; the sitting’s warning names the items not voted', async () => {
    expect((await app.post(`/api/council/sessions/${sittingId}/open`, {}, { token: chair.token })).status).toBe(200);
    // The sitting’s first vote adopts its agenda (issue 15).
    await adoptAgenda(app, sittingId, { clerk, chair });
    // Items 1 and 2 are put to the vote; 3 and 4 are not.
    expect(
      (await app.post(`/api/council/sessions/${sittingId}/votes`, { itemId: items[0]!.id }, { token: chair.token }))
        .status,
    ).toBe(201);
    // The chair's page opens on the open vote (no race with the live event).
    chairPage = await open('chair');
    const closeVote = chairPage.getByRole('button', { name: 'Приключи гласуването', exact: true });
    let dialog = await ask(chairPage, closeVote, 'Приключване на гласуването', ['Гласуването по „Отчет“ ще приключи']);
    await bothSizes(chairPage, 'council-confirm-close-vote-dialog', dialog);
    await dialog.getByRole('button', { name: 'Отказ' }).click();
    await backToTrigger(chairPage, closeVote, 'Приключи гласуването');
    // The agenda's adoption (closed), then the item's vote, still open.
    expect((await status()).votes.map((v) => v.status)).toEqual(['closed', 'open']);
    dialog = await ask(chairPage, closeVote, 'Приключване на гласуването', []);
    await dialog.getByRole('button', { name: 'Приключи гласуването' }).click();
    await chairPage.getByTestId('vote-now').waitFor({ state: 'detached' });
    expect((await status()).votes.map((v) => v.status)).toEqual(['closed', 'closed']);

    await chairPage.getByRole('button', { name: 'Следваща точка: Наредба' }).click();
    await chairPage.getByTestId('current-item').filter({ hasText: '2. Наредба' }).waitFor();
    const vote = await app.api.post('/api/council/sessions/:id/votes', {
      params: { id: sittingId },
      body: { itemId: items[1]!.id },
      token: chair.token,
    });
    expect(vote.status).toBe(201);
    expectOk(vote);
    expect((await app.post(`/api/council/votes/${vote.body.id}/close`, {}, { token: chair.token })).status).toBe(200);
    await chairPage.getByTestId('results').filter({ hasText: 'Наредба' }).waitFor();

    // „Закрий заседанието“ is in a group of its own, below „Прекъсни заседанието“ and apart.
    const pause = chairPage.getByRole('button', { name: 'Прекъсни заседанието' });
    const end = chairPage.getByRole('group', { name: 'Край на заседанието' });
    const close = end.getByRole('button', { name: 'Закрий заседанието' });
    const [p, c] = [(await pause.boundingBox())!, (await close.boundingBox())!];
    expect(c.y - (p.y + p.height)).toBeGreaterThan(60);
    expect(await end.getByText('Закриването е окончателно.').count()).toBe(1);
    await bothSizes(chairPage, 'council-confirm-chair-console', end);

    dialog = await ask(chairPage, close, 'Закриване на заседанието', [
      'Заседанието ще бъде закрито. Точки 3 и 4 не са гласувани и ще останат без решение.',
      'Закриването е окончателно',
    ]);
    await bothSizes(chairPage, 'council-confirm-close-session-dialog', dialog);
    await chairPage.keyboard.press('Escape');
    await backToTrigger(chairPage, close, 'Закрий заседанието');
    expect((await status()).status).toBe('open');

    dialog = await ask(chairPage, close, 'Закриване на заседанието', []);
    await dialog.getByRole('button', { name: 'Закрий заседанието' }).click();
    await chairPage.getByTestId('session-status').filter({ hasText: 'Закрито' }).waitFor();
    expect((await status()).status).toBe('closed');
    await bothSizes(chairPage, 'council-confirm-closed');
  }, 180_000);
});
