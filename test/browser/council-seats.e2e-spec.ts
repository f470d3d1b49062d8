import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { expectAccessible, launchBrowser, signIn } from './browser.js';
import { newPage } from './council-setup.js';

/**
 * The council's seats in real Chromium (issue 14, part 1): every signed-in user sees who holds
 * each seat of the mandate; the clerk records the next on the list taking the seat of a
 * councillor who resigned (the reason is required: refused next to the form, focus on the
 * message), and the seat's history shows both; a councillor has no form; axe on each state.
 */
describe('council in the browser: the seats of the mandate', () => {
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let clerkPage: Page;
  let admin: SignedIn;
  let successor: SignedIn;

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await TestApp.start();
    [admin, successor] = await Promise.all([app.login('admin'), app.login('servant05')]);
    // The administrator gives the next on the list the councillor role (access); the seat is the clerk's to record.
    const r = await app.patch(
      `/api/admin/users/${successor.user.id}`,
      { roles: ['staff', 'councillor'] },
      { token: admin.token },
    );
    expect(r.status).toBe(200);
    clerkPage = await newPage(browser, app, contexts);
    await signIn(clerkPage, 'clerk');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const row = (page: Page, seat: number) => page.locator(`[data-testid="seats"] tr[data-seat="${seat}"]`);

  it('the clerk records the next on the list in the seat of a councillor who resigned', async () => {
    const page = clerkPage;
    await page.goto('/council');
    const seats = page.getByRole('region', { name: 'Места в общинския съвет — мандат 2023–2027' });
    await seats.getByText('Места по закон: 51; заети: 51.', { exact: false }).waitFor();
    await seats.getByText('Кой заема всяко място').click();
    const before = (await row(page, 51).locator('td').first().textContent())!;
    expect(before).toMatch(/, от 1 ноември 2023 г\.$/);
    const predecessor = before.split(',')[0]!;

    const form = page.getByTestId('seat-form');
    await form.getByLabel('Място').selectOption('51');
    await form.getByLabel('Следващият в листата').selectOption({ label: successor.user.displayName });
    // The seat is held: without the reason the form refuses, the message takes the focus.
    await form.getByRole('button', { name: 'Впиши на мястото' }).click();
    const alert = form.getByRole('alert');
    await alert.getByText('Посочете основанието за прекратяване на пълномощията.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
    await expectAccessible(page, 'council-seats-reason-required');

    await form.getByLabel('Основание за прекратяване на предишните пълномощия').fill('Подал оставка');
    await form.getByLabel('Основание за прекратяване на предишните пълномощия').press('Tab');
    await page.keyboard.press('Enter'); // "Впиши на мястото", by keyboard
    // A change of the composition is not undone: the dialog says what will happen first.
    const dialog = page.getByRole('dialog', { name: 'Вписване на място 51' });
    await dialog
      .getByText(`Пълномощията на ${predecessor} се прекратяват с основание „Подал оставка“.`, { exact: false })
      .waitFor();
    await expectAccessible(page, 'council-seats-confirm');
    await dialog.getByRole('button', { name: 'Впиши на мястото' }).click();
    await page.getByText(`Място 51: вписан(а) ${successor.user.displayName}.`).waitFor();
    await row(page, 51).getByText(successor.user.displayName, { exact: false }).waitFor();
    expect(await row(page, 51).locator('td').nth(1).textContent()).toMatch(
      new RegExp(`^${predecessor}, 1 ноември 2023 г\\. – .* — Подал оставка$`),
    );
    await expectAccessible(page, 'council-seats-replaced');

    // The server's record is the same.
    const mandates = await ok(app.api.get('/api/council/mandates', { token: admin.token }), 'mandates');
    const api = await ok(
      app.api.get('/api/council/mandates/:id/seats', { params: { id: mandates[0].id }, token: admin.token }),
      'seats',
    );
    expect(api.seats[50].holder?.userId).toBe(successor.user.id);
    expect(api.seats[50].history[0].endReason).toBe('Подал оставка');
  }, 120_000);

  it('a councillor sees the seats, not the form', async () => {
    const page = await newPage(browser, app, contexts);
    await signIn(page, 'councillor01');
    await page.goto('/council');
    const seats = page.getByRole('region', { name: 'Места в общинския съвет — мандат 2023–2027' });
    await seats.getByText('Кой заема всяко място').waitFor();
    expect(await page.getByTestId('seat-form').count()).toBe(0);
    await expectAccessible(page, 'council-seats-councillor');
  }, 120_000);
});
