import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expectOk } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { expectAccessible, launchBrowser, screenshot, signIn } from './browser.js';
import { confirmStep, councillors, newPage } from './council-setup.js';

const TITLE = 'Извънредно заседание: бюджет и наредби';
const COMMITTEE = 'Постоянна комисия по образование и култура';

/** A day ten days ahead, as the Sofia wall-clock date of a datetime-local input. */
function dayAhead(days: number): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Sofia' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

/** The titles of the agenda on a session page, in their order. */
async function agendaTitles(page: Page): Promise<string[]> {
  const items = page.getByRole('region', { name: /^(Дневен ред|Agenda)$/ }).locator('ol.agenda > li');
  const texts = await items.evaluateAll((els) => els.map((el) => el.firstChild?.textContent?.trim() ?? ''));
  return texts;
}

async function focusedId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.id ?? null);
}

function item(form: Locator, n: number, field: 'Заглавие на точка' | 'Докладчик по точка'): Locator {
  return form.getByLabel(
    field === 'Заглавие на точка' ? `Заглавие на точка ${n}` : `Докладчик по точка ${n} (по желание)`,
  );
}

/**
 * The clerk prepares sessions in real Chromium: a draft with three items made with the form
 * and reordered with the buttons, edited (an item added, one removed) and published, the public
 * page showing the agenda; end before start refused on its field with the focus there; a
 * committee with members and a chair; a councillor sees none of it; English; axe on each state.
 */
describe('council in the browser: the clerk’s session and committee forms', () => {
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let page: Page;
  let clerk: SignedIn;
  let sittingId: string;
  const day = dayAhead(10);

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await TestApp.start();
    clerk = await app.login('clerk');
    page = await newPage(browser, app, contexts);
    await signIn(page, 'clerk');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('end before start is refused next to the field, with the focus on it', async () => {
    await page.goto('/council');
    await page.getByRole('link', { name: 'Ново заседание' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ново заседание' }).waitFor();
    const form = page.getByTestId('session-form');
    await form.getByLabel('Заглавие на заседанието').fill(TITLE);
    await form.getByLabel('Начало', { exact: true }).fill(`${day}T10:00`);
    await form.getByLabel('Край', { exact: true }).fill(`${day}T09:00`);
    await item(form, 1, 'Заглавие на точка').fill('Бюджет 2027');
    await form.getByRole('button', { name: 'Създай черновата' }).click();
    const end = form.getByLabel('Край', { exact: true });
    await form.getByText('Краят трябва да е след началото.').waitFor();
    expect(await end.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await end.getAttribute('aria-describedby'))!.split(' ').find((x) => x.endsWith('-error'))!;
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toBe('Краят трябва да е след началото.');
    expect(await focusedId(page)).toBe(await end.getAttribute('id'));
    await expectAccessible(page, 'council-editor-end-before-start');
  }, 120_000);

  it('the clerk creates a session with three items, reorders one with the keyboard and saves', async () => {
    const form = page.getByTestId('session-form');
    await form.getByLabel('Край', { exact: true }).fill(`${day}T13:00`);
    await item(form, 1, 'Докладчик по точка').fill('Кметът');
    await form.getByLabel('Начин на гласуване по точка 1').selectOption('roll_call');
    await form.getByLabel('Необходимо мнозинство по точка 1').selectOption('all');
    await form.getByRole('button', { name: 'Добави точка' }).click();
    // The new item's title has the focus: type straight into it.
    expect(await focusedId(page)).toBe(await item(form, 2, 'Заглавие на точка').getAttribute('id'));
    await page.keyboard.type('Наредба за паркирането');
    await form.getByRole('button', { name: 'Добави точка' }).click();
    await item(form, 3, 'Заглавие на точка').fill('Разни');
    await form.getByLabel('Правно основание на точка 2 (по желание)').fill('чл. 21, ал. 1, т. 23 ЗМСМА');

    // "Разни" up one place with the keyboard: the focus stays on its "move up" button.
    await form.getByRole('button', { name: 'Премести нагоре — Точка 3' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('announcer').filter({ hasText: '„Разни“ е преместена на място 2.' }).waitFor();
    expect(await item(form, 2, 'Заглавие на точка').inputValue()).toBe('Разни');
    expect(await item(form, 3, 'Заглавие на точка').inputValue()).toBe('Наредба за паркирането');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Премести нагоре — Точка 2');
    await expectAccessible(page, 'council-editor-new');

    await form.getByRole('button', { name: 'Създай черновата' }).click();
    await page.waitForURL(/\/council\/[0-9a-f-]{36}$/);
    sittingId = page.url().split('/').pop()!;
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await page.getByTestId('session-status').filter({ hasText: 'Чернова' }).waitFor();
    expect(await agendaTitles(page)).toEqual(['Бюджет 2027', 'Разни', 'Наредба за паркирането']);

    // The server kept what was typed, the time read in Sofia.
    const view = await app.api.get('/api/council/sessions/:id', { params: { id: sittingId }, token: clerk.token });
    expectOk(view, 200);
    expect(Date.parse(view.body.startsAt)).toBe(Date.parse(`${day}T10:00:00+02:00`));
    expect(
      view.body.items.map((i) => [i.position, i.title, i.rapporteur, i.legalBasis, i.voteMode, i.majority]),
    ).toEqual([
      [1, 'Бюджет 2027', 'Кметът', null, 'roll_call', 'all'],
      [2, 'Разни', null, null, 'open', 'present'],
      [3, 'Наредба за паркирането', null, 'чл. 21, ал. 1, т. 23 ЗМСМА', 'open', 'present'],
    ]);
    await expectAccessible(page, 'council-editor-created');
  }, 120_000);

  it('the clerk edits the draft: adds an item, removes one; the session page shows the new order', async () => {
    const before = await app.api.get('/api/council/sessions/:id', { params: { id: sittingId }, token: clerk.token });
    expectOk(before);
    const kept = before.body.items.filter((i) => i.title !== 'Разни').map((i) => i.id);

    await page.getByRole('link', { name: 'Редактирай' }).click();
    await page.getByRole('heading', { level: 1, name: `Редактиране на „${TITLE}“` }).waitFor();
    const form = page.getByTestId('session-form');
    expect(await item(form, 2, 'Заглавие на точка').inputValue()).toBe('Разни');
    await form.getByRole('button', { name: 'Премахни — Точка 2' }).click();
    await page.getByTestId('announcer').filter({ hasText: '„Разни“ е премахната от дневния ред.' }).waitFor();
    await form.getByRole('button', { name: 'Добави точка' }).click();
    await item(form, 3, 'Заглавие на точка').fill('Отчет на кмета');
    await form.getByRole('button', { name: 'Премести нагоре — Точка 3' }).click();
    await form.getByRole('button', { name: 'Премести нагоре — Точка 2' }).click();
    await expectAccessible(page, 'council-editor-edit');
    await form.getByRole('button', { name: 'Запази промените' }).click();

    await page.waitForURL((u) => u.pathname === `/council/${sittingId}`);
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await page
      .getByRole('region', { name: 'Дневен ред' })
      .locator('ol.agenda > li')
      .first()
      .filter({ hasText: 'Отчет на кмета' })
      .waitFor();
    expect(await agendaTitles(page)).toEqual(['Отчет на кмета', 'Бюджет 2027', 'Наредба за паркирането']);
    const after = await app.api.get('/api/council/sessions/:id', { params: { id: sittingId }, token: clerk.token });
    expectOk(after);
    // The kept items are the same items (their ids), the removed one is gone.
    expect(after.body.items.slice(1).map((i) => i.id)).toEqual(kept);
    expect(after.body.version).toBeGreaterThan(before.body.version);
  }, 120_000);

  it('publishing freezes the agenda; the public page shows it', async () => {
    await confirmStep(page, 'Обяви заседанието');
    await page.getByTestId('session-status').filter({ hasText: 'Обявено' }).waitFor();
    await page.getByTestId('agenda-frozen').filter({ hasText: 'Дневният ред е замразен' }).waitFor();
    expect(await page.getByRole('link', { name: 'Редактирай' }).count()).toBe(0);
    await expectAccessible(page, 'council-editor-published');

    // The edit address (opened directly, as from a bookmark) explains that the agenda is frozen instead of offering the form.
    await page.goto(`/council/${sittingId}/edit`);
    await page.getByTestId('agenda-frozen').filter({ hasText: 'не може да се редактира' }).waitFor();
    expect(await page.getByTestId('session-form').count()).toBe(0);

    const anon = await newPage(browser, app, contexts);
    await anon.goto(`/public/sessions/${sittingId}`);
    await anon.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    await anon.getByRole('region', { name: 'Дневен ред' }).locator('ol.agenda > li').nth(2).waitFor();
    expect(await agendaTitles(anon)).toEqual(['Отчет на кмета', 'Бюджет 2027', 'Наредба за паркирането']);
    await expectAccessible(anon, 'council-editor-public');
  }, 120_000);

  it('a taken chamber is refused at the time, with the meeting in the way', async () => {
    await page.goto('/council/new');
    await page.getByRole('heading', { level: 1, name: 'Ново заседание' }).waitFor();
    const form = page.getByTestId('session-form');
    await form.getByLabel('Заглавие на заседанието').fill('Второ заседание в същия час');
    await form.getByLabel('Начало', { exact: true }).fill(`${day}T11:00`);
    await form.getByLabel('Край', { exact: true }).fill(`${day}T12:00`);
    await item(form, 1, 'Заглавие на точка').fill('Разни');
    await form.getByRole('button', { name: 'Създай черновата' }).click();
    await form.getByText('Залата е заета по това време.').waitFor();
    await form.getByTestId('slot-conflicts').filter({ hasText: TITLE }).waitFor();
    const start = form.getByLabel('Начало', { exact: true });
    expect(await start.getAttribute('aria-invalid')).toBe('true');
    expect(await focusedId(page)).toBe(await start.getAttribute('id'));
    expect(page.url()).toMatch(/\/council\/new$/);
    await expectAccessible(page, 'council-editor-slot-taken');
  }, 120_000);

  it('the clerk creates a committee with members and a chair; it appears in the list', async () => {
    const names = await councillors(app, clerk);
    const [a, b, c] = ['councillor07', 'councillor12', 'councillor33'].map((u) => names.get(u)!);
    await page.goto('/council');
    const bodies = page.getByTestId('bodies');
    await bodies.getByRole('button', { name: 'Нова комисия' }).click();
    const form = bodies.getByTestId('committee-form');
    const name = form.getByLabel('Наименование на комисията');
    expect(await focusedId(page)).toBe(await name.getAttribute('id'));

    // Nothing chosen: refused on the members with the focus on the search field.
    await name.fill(COMMITTEE);
    await form.getByRole('button', { name: 'Създай комисията' }).click();
    await form.getByText('Изберете поне един член.').waitFor();
    const search = form.getByLabel('Търсене на съветник по име');
    expect(await focusedId(page)).toBe(await search.getAttribute('id'));

    for (const m of [a, b, c]) {
      await search.fill(m.displayName);
      await form.getByRole('checkbox', { name: m.displayName, exact: true }).check();
    }
    await search.fill('');
    expect(await form.getByText('Изберете поне един член.').count()).toBe(0);
    expect(await search.getAttribute('aria-invalid')).toBeNull();
    await form.getByLabel('Председател на комисията').selectOption({ label: b.displayName });
    await expectAccessible(page, 'council-editor-committee-form');
    await form.getByRole('button', { name: 'Създай комисията' }).click();
    await page
      .getByTestId('announcer')
      .filter({ hasText: `Комисията „${COMMITTEE}“ е създадена.` })
      .waitFor();
    const entry = bodies.locator('li.list-item').filter({ hasText: COMMITTEE });
    await entry
      .filter({ hasText: 'Членове: 3' })
      .filter({ hasText: `Председател: ${b.displayName}` })
      .waitFor();

    // A second committee with the same name: refused in words, on the name.
    await bodies.getByRole('button', { name: 'Нова комисия' }).click();
    await form.getByLabel('Наименование на комисията').fill(COMMITTEE);
    await form.getByRole('checkbox').first().check();
    await form.getByRole('button', { name: 'Създай комисията' }).click();
    await form.getByText('Вече има комисия с това наименование.').waitFor();
    expect(await focusedId(page)).toBe(await form.getByLabel('Наименование на комисията').getAttribute('id'));
    await form.getByRole('button', { name: 'Отказ' }).click();

    // Restaff: drop one member, the chair goes to another.
    await entry.getByRole('button', { name: `Промени членовете и председателя — ${COMMITTEE}` }).click();
    const edit = entry.getByTestId('committee-form');
    await edit.getByRole('checkbox', { name: a.displayName, exact: true }).uncheck();
    await edit.getByLabel('Председател на комисията').selectOption({ label: c.displayName });
    await edit.getByRole('button', { name: 'Запази членовете' }).click();
    await entry
      .filter({ hasText: 'Членове: 2' })
      .filter({ hasText: `Председател: ${c.displayName}` })
      .waitFor();
    const list = await app.api.get('/api/council/bodies', { token: clerk.token });
    expectOk(list);
    const saved = list.body.find((x) => x.name === COMMITTEE)!;
    expect(saved.members.map((m) => m.id).sort()).toEqual([b.id, c.id].sort());
    expect(saved.chairId).toBe(c.id);
    await expectAccessible(page, 'council-editor-committee-saved');
  }, 120_000);

  it('in English: the form and its refusals', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('link', { name: 'New session' }).click();
    await page.getByRole('heading', { level: 1, name: 'New session' }).waitFor();
    const form = page.getByTestId('session-form');
    await form.getByRole('button', { name: 'Create the draft' }).click();
    await form.getByText('Fill in this field.').first().waitFor();
    expect(await focusedId(page)).toBe(await form.getByLabel('Session title').getAttribute('id'));
    await form.getByLabel('Vote mode for item 1').waitFor();
    await expectAccessible(page, 'council-editor-en');
    await page.getByRole('button', { name: 'Български' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ново заседание' }).waitFor();
  }, 120_000);

  it('a councillor sees none of the clerk’s buttons', async () => {
    const councillor = await newPage(browser, app, contexts);
    await signIn(councillor, 'councillor05');
    await councillor.goto('/council');
    await councillor.getByTestId('bodies').locator('li.list-item').filter({ hasText: COMMITTEE }).waitFor();
    expect(await councillor.getByRole('link', { name: 'Ново заседание' }).count()).toBe(0);
    expect(await councillor.getByRole('button', { name: 'Нова комисия' }).count()).toBe(0);
    expect(await councillor.getByRole('button', { name: /Промени членовете/ }).count()).toBe(0);
    await councillor.goto(`/council/${sittingId}`);
    await councillor.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(await councillor.getByRole('link', { name: 'Редактирай' }).count()).toBe(0);
    await councillor.goto('/council/new');
    await councillor.getByText('Заседанията се подготвят от деловодството на общинския съвет.').waitFor();
    expect(await councillor.getByTestId('session-form').count()).toBe(0);
    await screenshot(councillor, 'council-editor-councillor');
    await expectAccessible(councillor, 'council-editor-councillor');
  }, 120_000);
});
