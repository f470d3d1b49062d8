import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import type { CouncilMinutes } from '../../libs/contracts/src/index.js';
import { expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { EXTRAORDINARY_REASON } from '../support/council.js';
import { expectAccessible, launchBrowser, signIn } from './browser.js';
import { confirmStep, councillors, createSitting, newPage } from './council-setup.js';

const TITLE = 'Заседание: материали, присъствие и протокол';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

async function bytesOf(download: Download): Promise<Buffer> {
  return readFile((await download.path())!);
}

/**
 * The clerk's side in real Chromium: a material attached to a draft and downloaded (with the
 * clerk's token, then from the public link once published), a councillor registered in the
 * hall, the minutes downloaded at once and published after the close, the public page showing
 * the minutes links live; the committees list.
 */
describe('council in the browser: the clerk’s tools, materials, minutes, committees', () => {
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let clerkPage: Page;
  let publicPage: Page;
  let clerk: SignedIn;
  let chair: SignedIn;
  let sittingId: string;
  let names: Map<string, { id: string; displayName: string }>;

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await TestApp.start();
    [clerk, chair] = await Promise.all([app.login('clerk'), app.login('chair')]);
    const s = await createSitting(app, clerk, TITLE, [
      { title: 'Наредба за паркирането', voteMode: 'open', majority: 'present' },
      { title: 'Разни', voteMode: 'open', majority: 'present' },
    ]);
    sittingId = s.id;
    names = await councillors(app, clerk);
    clerkPage = await newPage(browser, app, contexts);
    publicPage = await newPage(browser, app, contexts);
    await signIn(clerkPage, 'clerk');
    await clerkPage.goto(`/council/${sittingId}`);
    await clerkPage.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('the clerk attaches a PDF to a draft item and downloads it; wrong files are refused with a reason', async () => {
    await clerkPage.getByTestId('session-status').filter({ hasText: 'Чернова' }).waitFor();
    const form = clerkPage.getByRole('form', { name: 'Прикачи материал към точка 1' });
    const file = form.getByLabel('Файл за точка 1 (PDF, DOCX или ODT, до 20 MB)');

    // Not one of the three types: refused before sending.
    await file.setInputFiles({ name: 'снимка.png', mimeType: 'image/png', buffer: Buffer.from('png') });
    await form.getByRole('button', { name: 'Качи' }).click();
    await form.getByRole('alert').filter({ hasText: 'Приемат се само PDF, DOCX и ODT файлове.' }).waitFor();
    // Says PDF, is not: the server's 415 in words.
    await file.setInputFiles({ name: 'фалшив.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf') });
    await form.getByRole('button', { name: 'Качи' }).click();
    await form.getByRole('alert').filter({ hasText: 'Файлът не е PDF, DOCX или ODT.' }).waitFor();

    await file.setInputFiles({ name: 'наредба.pdf', mimeType: 'application/pdf', buffer: PDF });
    await form.getByRole('button', { name: 'Качи' }).click();
    const draftButton = clerkPage.getByRole('button', {
      name: new RegExp(`^Изтегли наредба\\.pdf \\(${PDF.length}\\sБ\\)$`),
    });
    await draftButton.waitFor();
    await clerkPage.getByTestId('announcer').filter({ hasText: 'Материалът „наредба.pdf“ е качен.' }).waitFor();
    const [download] = await Promise.all([clerkPage.waitForEvent('download'), draftButton.click()]);
    expect(download.suggestedFilename()).toBe('наредба.pdf');
    expect((await bytesOf(download)).equals(PDF)).toBe(true);
    await expectAccessible(clerkPage, 'council-clerk-draft-materials');
  }, 180_000);

  it('publishing makes the material a public link that downloads without an account', async () => {
    await confirmStep(clerkPage, 'Обяви заседанието');
    await clerkPage.getByTestId('session-status').filter({ hasText: 'Обявено' }).waitFor();
    await clerkPage.getByRole('link', { name: new RegExp(`^наредба\\.pdf \\(${PDF.length}\\sБ\\)$`) }).waitFor();

    await publicPage.goto(`/public/sessions/${sittingId}`);
    await publicPage.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const link = publicPage.getByRole('link', { name: new RegExp(`^наредба\\.pdf \\(${PDF.length}\\sБ\\)$`) });
    const [download] = await Promise.all([publicPage.waitForEvent('download'), link.click()]);
    expect((await bytesOf(download)).equals(PDF)).toBe(true);
    await publicPage.getByText(createHash('sha256').update(PDF).digest('hex')).waitFor();
    await publicPage.getByRole('link', { name: 'CSV' }).waitFor();
    await expectAccessible(publicPage, 'public-session-published');
  }, 180_000);

  it('the clerk moves the published sitting a day later with a reason: shown to the clerk and, live, to citizens', async () => {
    const before = await ok(
      app.api.get('/api/council/sessions/:id', { params: { id: sittingId }, token: clerk.token }),
      'read the sitting',
    );
    const local = (iso: string, days: number) =>
      DateTime.fromISO(iso).setZone('Europe/Sofia').plus({ days }).toFormat("yyyy-MM-dd'T'HH:mm");
    const form = clerkPage.getByTestId('reschedule');
    await form.getByText('Промяна на часа или мястото').click();
    await form.getByLabel('Начало').fill(local(before.startsAt, 1));
    await form.getByLabel('Край').fill(local(before.endsAt, 1));
    await form.getByLabel('Причина (виждат я членовете и гражданите)').fill('Съвпада с обществено обсъждане');
    await expectAccessible(clerkPage, 'council-clerk-reschedule');
    await form.getByRole('button', { name: 'Премести заседанието' }).click();
    await clerkPage.getByTestId('announcer').filter({ hasText: 'Заседанието е преместено' }).waitFor();
    await clerkPage
      .getByTestId('sitting-changes')
      .filter({ hasText: 'Причина: Съвпада с обществено обсъждане' })
      .waitFor();
    // The public page, already open, shows the change without a reload.
    await publicPage.getByTestId('sitting-changes').filter({ hasText: 'Съвпада с обществено обсъждане' }).waitFor();
    const after = await ok(
      app.api.get('/api/council/sessions/:id', { params: { id: sittingId }, token: clerk.token }),
      'read the sitting',
    );
    expect(Date.parse(after.startsAt) - Date.parse(before.startsAt)).toBe(
      DateTime.fromISO(before.startsAt).plus({ days: 1 }).toMillis() - Date.parse(before.startsAt),
    );
  }, 180_000);

  it('the clerk registers a councillor in the hall: attendance and quorum change live on the public page', async () => {
    expect((await app.post(`/api/council/sessions/${sittingId}/open`, {}, { token: chair.token })).status).toBe(200);
    await clerkPage.getByTestId('session-status').filter({ hasText: 'В ход' }).waitFor();
    const who = names.get('councillor05')!.displayName;
    await clerkPage.getByRole('checkbox', { name: who, exact: true }).check();
    await clerkPage.getByRole('button', { name: 'Регистрирай избраните като присъстващи' }).click();
    await clerkPage.getByTestId('attendance').filter({ hasText: who }).waitFor();
    await publicPage.getByText('Присъстват 1 от 51 съветници (необходими: 26)').waitFor();
    // Without LiveKit the video says so instead of offering a join that cannot work.
    await clerkPage
      .getByTestId('council-video')
      .filter({ hasText: 'Видеото не е настроено на този сървър.' })
      .waitFor();
    await expectAccessible(clerkPage, 'council-clerk-open');
  }, 180_000);

  it('minutes: the clerk downloads them at once, publishes them after the close, the public page links them live', async () => {
    const minutes = clerkPage.getByRole('region', { name: 'Протокол' });
    const [html] = await Promise.all([
      clerkPage.waitForEvent('download'),
      minutes.getByRole('button', { name: 'Изтегли: Протокол (HTML)' }).click(),
    ]);
    const text = (await bytesOf(html)).toString('utf8');
    expect(text).toContain(TITLE);
    expect(text).toContain('Наредба за паркирането');
    await minutes.getByText('Протоколът се публикува след закриване на заседанието.').waitFor();

    expect((await app.post(`/api/council/sessions/${sittingId}/close`, {}, { token: chair.token })).status).toBe(200);
    await clerkPage.getByTestId('session-status').filter({ hasText: 'Закрито' }).waitFor();
    const [pdf] = await Promise.all([
      clerkPage.waitForEvent('download'),
      minutes.getByRole('button', { name: 'Изтегли: Протокол (PDF)' }).click(),
    ]);
    expect((await bytesOf(pdf)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await publicPage.getByTestId('minutes-pending').filter({ hasText: 'Протоколът още не е публикуван.' }).waitFor();

    // The draft is reviewed and signed before publication (test/council/minutes): the
    // administrator ends the review period, the chair signs, the clerk takes the minutes and signs.
    const admin = await app.login('admin');
    const { body } = await ok(
      app.api.get('/api/council/sessions/:id', { params: { id: sittingId }, token: clerk.token }),
      'read the sitting',
    );
    expect((await app.patch(`/api/council/bodies/${body!.id}`, { reviewDays: 0 }, { token: admin.token })).status).toBe(
      200,
    );
    expect((await app.post(`/api/council/sessions/${sittingId}/minutes/sign`, {}, { token: chair.token })).status).toBe(
      200,
    );
    await minutes.getByRole('button', { name: 'Аз водя протокола' }).click();
    await confirmStep(clerkPage, 'Подпиши като Протоколчик', { scope: minutes });
    await minutes.getByTestId('minutes-status').filter({ hasText: 'Подписан; чака публикуване.' }).waitFor();
    await confirmStep(clerkPage, 'Публикувай протокола', { scope: minutes });
    await minutes.getByTestId('minutes-status').filter({ hasText: 'Публикуван — версия 1.' }).waitFor();
    await clerkPage.getByTestId('public-minutes').waitFor();
    const links = publicPage.getByTestId('public-minutes');
    await links.getByRole('link', { name: 'Протокол (HTML)' }).waitFor();
    await links.getByRole('link', { name: 'Протокол (PDF)' }).waitFor();
    const href = await links.getByRole('link', { name: 'Протокол (JSON)' }).getAttribute('href');
    const published = await app.get<CouncilMinutes>(href!);
    expect(published.status).toBe(200);
    expect(published.body.session.title).toBe(TITLE);
    await expectAccessible(publicPage, 'public-session-minutes');
    await expectAccessible(clerkPage, 'council-clerk-minutes');
  }, 180_000);

  it('lists the council and the committees with their members, and the body of each session', async () => {
    const members = ['councillor31', 'councillor32', 'councillor33'].map((u) => names.get(u)!);
    const created = await app.api.post('/api/council/bodies', {
      body: { name: 'Комисия за браузърния тест', memberIds: members.map((m) => m.id), chairId: members[0]!.id },
      token: clerk.token,
    });
    expect(created.status).toBe(201);
    expectOk(created);
    const startsAt = new Date(Date.now() + 5 * 86_400_000);
    const meeting = await app.api.post('/api/council/sessions', {
      body: {
        title: 'Заседание на комисията за браузърния тест',
        bodyId: created.body.id,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        agenda: [{ title: 'Становище по бюджета' }],
        // Published within the week: sooner than the notice period allows a regular sitting.
        extraordinary: true,
        extraordinaryReason: EXTRAORDINARY_REASON,
      },
      token: clerk.token,
    });
    expect(meeting.status).toBe(201);
    expectOk(meeting);
    await clerkPage.goto('/council');
    await clerkPage
      .getByRole('listitem')
      .filter({ has: clerkPage.getByRole('link', { name: 'Заседание на комисията за браузърния тест' }) })
      .getByText('Комисия за браузърния тест · Чернова')
      .waitFor();
    const bodies = clerkPage.getByTestId('bodies');
    await bodies.getByText('Членове: 51').waitFor();
    const item = bodies.getByRole('listitem').filter({ hasText: 'Комисия за браузърния тест' });
    await item.getByText(`Членове: 3 · Председател: ${members[0]!.displayName}`).waitFor();
    await item.getByText('Членове на „Комисия за браузърния тест“').click();
    for (const m of members) await item.getByText(m.displayName, { exact: true }).waitFor();
    await clerkPage
      .getByRole('listitem')
      .filter({ has: clerkPage.getByRole('link', { name: TITLE }) })
      .getByText('Общински съвет · Закрито')
      .waitFor();
    await expectAccessible(clerkPage, 'council-list-bodies');

    // The committee's chair (a councillor) leads its meeting from the chair's console.
    expect(
      (await app.post(`/api/council/sessions/${meeting.body.id}/publish`, {}, { token: clerk.token })).status,
    ).toBe(200);
    const chairOfCommittee = await newPage(browser, app, contexts);
    await signIn(chairOfCommittee, 'councillor31');
    await chairOfCommittee.goto(`/council/${meeting.body.id}`);
    await chairOfCommittee.getByTestId('session-body').filter({ hasText: 'Комисия за браузърния тест' }).waitFor();
    await chairOfCommittee.getByRole('heading', { level: 2, name: 'Пулт на председателя' }).waitFor();
    await confirmStep(chairOfCommittee, 'Отвори заседанието');
    await chairOfCommittee.getByTestId('session-status').filter({ hasText: 'В ход' }).waitFor();
    await chairOfCommittee.getByText('Присъстват 0 от 3 съветници (необходими: 2)').waitFor();
    await expectAccessible(chairOfCommittee, 'council-committee-chair');
  }, 180_000);
});
