import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { adoptAgenda } from '../support/council.js';
import { expectAccessible, launchBrowser, signIn } from './browser.js';
import { confirmStep, councillors, createSitting, newPage, openWithQuorum } from './council-setup.js';

const TITLE = 'Заседание: думата, конфликти и поименно гласуване';

/**
 * The floor, conflicts of interest and a roll-call vote recorded in the hall, in real
 * Chromium: the chair, a councillor, the clerk and an anonymous citizen on the public page,
 * each in a browser context of their own; then the same pages in English.
 */
describe('council in the browser: floor, conflicts, hall roll call, English', () => {
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let chairPage: Page;
  let memberPage: Page;
  let clerkPage: Page;
  let publicPage: Page;
  let clerk: SignedIn;
  let chair: SignedIn;
  let c1: SignedIn;
  let c2: SignedIn;
  let sittingId: string;
  let budgetItem: string;
  let names: Map<string, { id: string; displayName: string }>;

  beforeAll(async () => {
    browser = await launchBrowser();
    app = await TestApp.start();
    [clerk, chair, c1, c2] = await Promise.all([
      app.login('clerk'),
      app.login('chair'),
      app.login('councillor01'),
      app.login('councillor02'),
    ]);
    const s = await createSitting(app, clerk, TITLE, [
      { title: 'Бюджет 2027', voteMode: 'roll_call', majority: 'present' },
      { title: 'Избор на представител', voteMode: 'secret', majority: 'present' },
    ]);
    sittingId = s.id;
    budgetItem = s.items[0].id;
    await openWithQuorum(app, sittingId, clerk, chair, [chair, c1, c2]);
    // The sitting’s first vote adopts its agenda (issue 15).
    await adoptAgenda(app, sittingId, { clerk, chair });
    // A procedural point may last 5 seconds here: the chair is told when it is up.
    const admin = await app.login('admin');
    const council = (await ok(app.api.get('/api/council/bodies', { token: admin.token }), 'bodies')).find(
      (b) => b.kind === 'council',
    )!;
    expect(
      (
        await app.patch(
          `/api/council/bodies/${council.id}`,
          { speakingLimits: { procedural: 5 } },
          { token: admin.token },
        )
      ).status,
    ).toBe(200);
    names = await councillors(app, clerk);
    [chairPage, memberPage, clerkPage, publicPage] = [
      await newPage(browser, app, contexts),
      await newPage(browser, app, contexts),
      await newPage(browser, app, contexts),
      await newPage(browser, app, contexts),
    ];
    await signIn(chairPage, 'chair');
    await signIn(memberPage, 'councillor01');
    await signIn(clerkPage, 'clerk');
    for (const p of [chairPage, memberPage, clerkPage]) {
      await p.goto(`/council/${sittingId}`);
      await p.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    }
    await publicPage.goto(`/public/sessions/${sittingId}`);
    await publicPage.getByRole('heading', { level: 1, name: TITLE }).waitFor();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a councillor asks for the floor, the chair grants it: the public page shows the speaker and the time runs', async () => {
    const me = c1.user.displayName;
    // A procedural point needs no speech to answer (a reply names one: test/council/floor).
    await memberPage.getByLabel('Вид на искането').selectOption({ label: 'процедурен въпрос' });
    await memberPage.getByRole('button', { name: 'Искам думата' }).click();
    await memberPage
      .getByTestId('speakers')
      .filter({ hasText: `${me} — процедурен въпрос` })
      .waitFor();

    const grant = chairPage.getByRole('button', { name: `Дай думата на ${me}` });
    await grant.click();
    await publicPage
      .getByTestId('current-speaker')
      .filter({ hasText: `${me} — процедурен въпрос` })
      .waitFor();
    await memberPage.getByTestId('my-floor').filter({ hasText: 'Имате думата.' }).waitFor();
    // The chair sees the speech's time running (m:ss), on every page without a reload.
    const floor = chairPage.getByTestId('chair-floor');
    await floor
      .getByRole('timer')
      .filter({ hasText: /говори 0:0[2-9]/ })
      .waitFor();
    // …and the time left of the body's limit (5 seconds here), then that it is up: the chair's
    // console says so (council.floor.time_up, to the chair only) with a button to end the speech.
    await floor.getByTestId('floor-left').filter({ hasText: 'времето изтече' }).waitFor();
    await chairPage
      .getByTestId('floor-time-up')
      .filter({ hasText: `Времето на ${me} (процедурен въпрос) изтече.` })
      .waitFor();
    expect(await memberPage.getByTestId('floor-time-up').count()).toBe(0);
    await publicPage
      .getByTestId('current-speaker')
      .getByRole('timer')
      .filter({ hasText: /0:0[1-9]/ })
      .waitFor();
    await expectAccessible(chairPage, 'council-floor-chair');
    await expectAccessible(publicPage, 'council-floor-public');
    // A citizen arriving mid-speech sees who has the floor straight away (not after the next change).
    const latecomer = await newPage(browser, app, contexts);
    await latecomer.goto(`/public/sessions/${sittingId}`);
    await latecomer
      .getByTestId('current-speaker')
      .filter({ hasText: `${me} — процедурен въпрос` })
      .waitFor();

    // Two more ask; the chair moves the later one up, then withdraws the other one's request.
    const second = c2.user.displayName;
    const third = chair.user.displayName;
    expect((await app.post(`/api/council/sessions/${sittingId}/speakers`, {}, { token: c2.token })).status).toBe(201);
    expect((await app.post(`/api/council/sessions/${sittingId}/speakers`, {}, { token: chair.token })).status).toBe(
      201,
    );
    await chairPage.getByRole('button', { name: `Премести напред: ${third}` }).click();
    await memberPage
      .getByTestId('speakers')
      .filter({ hasText: new RegExp(`${me}[\\s\\S]*${third}[\\s\\S]*${second}`) })
      .waitFor();
    await chairPage.getByRole('button', { name: `Оттегли искането на ${second}` }).click();
    await memberPage.getByTestId('speakers').filter({ hasNotText: second }).waitFor();

    // The chair ends the speech: nobody speaks, and the time spoken is kept.
    await chairPage.getByRole('button', { name: `Прекрати изказването на ${me}` }).click();
    await publicPage.getByTestId('current-speaker').filter({ hasText: 'никой' }).waitFor();
    await chairPage
      .getByTestId('finished-speakers')
      .filter({ hasText: new RegExp(`${me} — процедурен въпрос говори 0:\\d\\d`) })
      .waitFor();
    // The chair's own waiting request is withdrawn so the queue is empty for the next steps.
    await chairPage.getByRole('button', { name: `Оттегли искането на ${third}` }).click();
    await chairPage.getByTestId('chair-floor').getByText('Никой не е поискал думата.').waitFor();
  }, 180_000);

  it('a councillor declares a conflict: the public page shows it and their vote buttons are disabled with the reason', async () => {
    const reason = 'Съпругата ми е управител на изпълнителя';
    await memberPage.getByRole('button', { name: 'Деклариране на конфликт на интереси — Бюджет 2027' }).click();
    await memberPage.getByLabel('Основание за конфликта на интереси').fill(reason);
    await memberPage.getByRole('button', { name: 'Деклариране на конфликт на интереси', exact: true }).click();
    await memberPage
      .getByTestId(`my-conflict-${budgetItem}`)
      .filter({ hasText: `Декларирали сте конфликт на интереси по тази точка: ${reason}` })
      .waitFor();
    await publicPage.getByText(`${c1.user.displayName} декларира конфликт на интереси: ${reason}`).waitFor();

    await chairPage.getByRole('button', { name: 'Открий гласуване по текущата точка' }).click();
    // The base the vote stands on when it opens, from the server's snapshot (one rule: the
    // conflicted member counts as present, not as entitled).
    await memberPage
      .getByTestId('vote-base')
      .filter({ hasText: /^При откриването: присъстващи \d+ от 51, с право на глас \d+/ })
      .waitFor();
    const blocked = memberPage.getByTestId('vote-blocked');
    await blocked.filter({ hasText: `декларирали сте конфликт на интереси (${reason})` }).waitFor();
    for (const choice of ['За', 'Против', 'Въздържал се']) {
      const b = memberPage.getByRole('button', { name: choice, exact: true });
      expect(await b.isDisabled()).toBe(true);
      expect(await b.getAttribute('aria-describedby')).toBe(await blocked.getAttribute('id'));
    }
    // The announcer told the councillor a vote opened.
    await memberPage.getByTestId('announcer').filter({ hasText: 'Открито е гласуване по „Бюджет 2027“.' }).waitFor();
    await expectAccessible(memberPage, 'council-conflict-member');
  }, 180_000);

  it('the clerk records the roll call in the hall member by member; the public page names every vote', async () => {
    const c = (u: string) => names.get(u)!.displayName;
    const hall = clerkPage.getByTestId('hall-vote');
    await hall.waitFor();
    // The member with a conflict is not offered.
    expect(await hall.getByRole('row', { name: new RegExp(c1.user.displayName) }).count()).toBe(0);
    await hall.getByRole('button', { name: `За: ${c('councillor03')}` }).click();
    // A slip, corrected: changing a recorded vote needs a reason (issue 14).
    await hall.getByRole('button', { name: `За: ${c('councillor04')}` }).click();
    await hall.getByRole('row', { name: new RegExp(`${c('councillor04')}.*записан глас: За`) }).waitFor();
    await hall.getByRole('button', { name: `Против: ${c('councillor04')}` }).click();
    await clerkPage.getByText('Поправката на вписан глас изисква причина.').waitFor();
    await hall.getByLabel('Причина за поправка (когато променяте вече вписан глас)').fill('грешно натиснат бутон');
    await hall.getByRole('button', { name: `Против: ${c('councillor04')}` }).click();
    await hall.getByRole('button', { name: `Въздържал се: ${c('councillor05')}` }).click();
    await hall.getByRole('row', { name: new RegExp(`${c('councillor05')}.*записан глас: Въздържал се`) }).waitFor();
    expect(await hall.getByRole('button', { name: `Против: ${c('councillor04')}` }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await expectAccessible(clerkPage, 'council-hall-vote-clerk');
    // The chair votes on the page, councillor02 over the API.
    await chairPage.getByRole('button', { name: 'За', exact: true }).click();
    await chairPage.getByTestId('my-ballot').filter({ hasText: 'Вашият глас: За' }).waitFor();
    // The open one (the agenda's adoption, the sitting's first vote, is closed).
    const vote = (
      await ok(app.api.get('/api/council/sessions/:id', { params: { id: sittingId }, token: c2.token }), 'sitting')
    ).votes.find((v: { status: string }) => v.status === 'open');
    expect(
      (await app.post(`/api/council/votes/${vote!.id}/ballots`, { choice: 'for' }, { token: c2.token })).status,
    ).toBe(201);
    await chairPage.getByTestId('live-counts').filter({ hasText: 'За: 3, против: 1, въздържали се: 1' }).waitFor();
    // The chair's own electronic ballot is not the clerk's to change.
    await hall.getByRole('row', { name: new RegExp(`${chair.user.displayName}.*гласувал сам`) }).waitFor();
    expect(await hall.getByRole('button', { name: `Против: ${chair.user.displayName}` }).isDisabled()).toBe(true);

    await confirmStep(chairPage, 'Приключи гласуването');
    await publicPage.getByTestId('results').filter({ hasText: 'За: 3, против: 1, въздържали се: 1' }).waitFor();
    await publicPage.getByTestId('announcer').filter({ hasText: 'Гласуването приключи: Неприето.' }).waitFor();
    await publicPage.getByText('Поименно гласуване (5 гласа)').click();
    for (const [name, choice] of [
      [c('councillor03'), 'За'],
      [c('councillor04'), 'Против'],
      [c('councillor05'), 'Въздържал се'],
      [c2.user.displayName, 'За'],
      [chair.user.displayName, 'За'],
    ])
      await publicPage.getByRole('row', { name: `${name} ${choice}` }).waitFor();
    // Present but not voting: in the attendance, not in the roll call.
    const roll = publicPage.getByRole('table', { name: /^Поименно гласуване по/ });
    expect(await roll.getByRole('row').count()).toBe(6);
    expect(await roll.getByRole('row', { name: new RegExp(c1.user.displayName) }).count()).toBe(0);
    await expectAccessible(publicPage, 'council-roll-call-public');
  }, 180_000);

  it('a secret ballot: the member may vote again until the close, the public sees totals only', async () => {
    await chairPage.getByRole('button', { name: 'Следваща точка: Избор на представител' }).click();
    await memberPage.getByTestId('current-item').filter({ hasText: 'Избор на представител' }).waitFor();
    await chairPage.getByRole('button', { name: 'Открий гласуване по текущата точка' }).click();
    await memberPage.getByText('Гласът е таен: никой, включително вие, не вижда избора ви.').waitFor();
    await memberPage.getByRole('button', { name: 'Против', exact: true }).click();
    await memberPage.getByTestId('my-ballot').filter({ hasText: 'Вашият глас: тайно' }).waitFor();
    const again = memberPage.getByRole('button', { name: 'За', exact: true });
    expect(await again.isDisabled()).toBe(false);
    await again.click();
    await memberPage.getByTestId('announcer').filter({ hasText: 'Гласът ви „За“ е записан.' }).waitFor();
    await confirmStep(chairPage, 'Приключи гласуването');
    const result = publicPage.getByTestId('results').getByRole('listitem').filter({ hasText: 'Избор на представител' });
    await result.filter({ hasText: 'За: 1, против: 0, въздържали се: 0' }).waitFor();
    expect(await result.getByText(/Поименно гласуване/).count()).toBe(0);
    await expectAccessible(memberPage, 'council-secret-vote-member');
  }, 180_000);

  it('shows the council pages in English', async () => {
    await memberPage.getByRole('button', { name: 'English' }).click();
    await memberPage.getByRole('heading', { level: 2, name: 'My participation' }).waitFor();
    await memberPage.getByRole('heading', { level: 2, name: 'Vote results' }).waitFor();
    await memberPage
      .getByTestId('results')
      .filter({ hasText: 'Rejected — For: 3, against: 1, abstained: 1' })
      .waitFor();
    await memberPage.getByTestId(`my-conflict-${budgetItem}`).filter({ hasText: 'You declared a conflict' }).waitFor();
    await memberPage.getByTestId('session-status').filter({ hasText: 'Status: In progress' }).waitFor();
    await expectAccessible(memberPage, 'council-session-member-en');
    await memberPage.goto('/council');
    await memberPage.getByRole('heading', { level: 1, name: 'Municipal council' }).waitFor();
    await memberPage
      .getByRole('listitem')
      .filter({ has: memberPage.getByRole('link', { name: TITLE }) })
      .getByText('Municipal council · In progress')
      .waitFor();
    await memberPage.getByTestId('bodies').getByText('Members: 51').waitFor();
    await memberPage.getByRole('heading', { level: 2, name: 'Municipal council and standing committees' }).waitFor();
    await expectAccessible(memberPage, 'council-list-en');

    await publicPage.getByRole('button', { name: 'English' }).click();
    await publicPage.getByRole('heading', { level: 2, name: 'Vote results' }).waitFor();
    await publicPage.getByText('Roll call (5 votes)').waitFor();
    await publicPage.getByRole('heading', { level: 2, name: 'Minutes' }).waitFor();
    await publicPage.getByTestId('minutes-pending').filter({ hasText: 'once the session is closed' }).waitFor();
    await expectAccessible(publicPage, 'public-session-en');
    await publicPage.getByRole('button', { name: 'Български' }).click();
    await publicPage.getByRole('heading', { level: 2, name: 'Резултати от гласуванията' }).waitFor();
  }, 180_000);
});
