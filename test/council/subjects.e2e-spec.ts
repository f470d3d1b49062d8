import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CouncilSessionView, ErrorBody } from '../../libs/contracts/src/index.js';
import { expectOk, ok as okView } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { workday } from '../support/world.js';

/**
 * An agenda item names its subject. The budget, local taxes and fees, municipal property and
 * municipal debt are decided by more than half of all councillors in a roll-call vote (ЗМСМА
 * чл. 27, ал. 5 with чл. 21, ал. 1, т. 6, 7, 8, 10): weaker settings are refused on creating a
 * draft and on editing one, and nothing is stored.
 */
describe('roll-call where the law requires it', () => {
  let app: TestApp;
  let clerk: SignedIn;
  let hour = 8;

  beforeAll(async () => {
    app = await TestApp.start();
    clerk = await app.login('clerk');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  /**
   * A draft in the chamber, each in a slot of its own. Sent untyped: some agendas are what the
   * contract refuses (`create<ErrorBody>`).
   */
  const create = <T = CouncilSessionView>(agenda: object[]) => {
    const start = workday(6, (hour += 1));
    return app.post<T>(
      '/api/council/sessions',
      {
        title: `Заседание в ${hour} ч.`,
        startsAt: start.toUTC().toISO(),
        endsAt: start.plus({ minutes: 50 }).toUTC().toISO(),
        agenda,
      },
      { token: clerk.token },
    );
  };
  const sittingCount = async () =>
    (await okView(app.api.get('/api/council/sessions', { token: clerk.token }), 'the sittings')).length;
  /** The fields a `validation_failed` names (its details: `{ issues: [{ path, … }] }`). */
  const issuePaths = (body: ErrorBody) =>
    (body.details as { issues: { path: string }[] }).issues.map((i) => i.path).sort();
  const read = (id: string) =>
    okView(app.api.get('/api/council/sessions/:id', { params: { id }, token: clerk.token }), 'the draft');

  it('a budget item refusing an open vote: 400 validation_failed and nothing created', async () => {
    const before = await sittingCount();
    const open = await create<ErrorBody>([
      { title: 'Бюджет на общината за 2027 г.', subject: 'budget', voteMode: 'open' },
    ]);
    expect(open.status).toBe(400);
    expect(open.body.code).toBe('validation_failed');
    // The default majority (of those present) is refused too.
    expect(issuePaths(open.body)).toEqual(['body.agenda.0.majority', 'body.agenda.0.voteMode']);
    expect(open.body.message).toContain('чл. 27, ал. 5');

    const present = await create<ErrorBody>([
      { title: 'Бюджет на общината за 2027 г.', subject: 'budget', voteMode: 'roll_call', majority: 'present' },
    ]);
    expect(present.status).toBe(400);
    expect(present.body.code).toBe('validation_failed');
    expect(issuePaths(present.body)).toEqual(['body.agenda.0.majority']);

    const secret = await create<ErrorBody>([
      { title: 'Нов общински дълг', subject: 'municipal_debt', voteMode: 'secret', majority: 'all' },
    ]);
    expect(secret.status).toBe(400);
    expect(issuePaths(secret.body)).toEqual(['body.agenda.0.voteMode']);

    const unknown = await create<ErrorBody>([{ title: 'Нещо', subject: 'weather', voteMode: 'open' }]);
    expect(unknown.status).toBe(400);
    expect(issuePaths(unknown.body)).toEqual(['body.agenda.0.subject']);

    expect(await sittingCount()).toBe(before);
  });

  it('a roll call of all (or two thirds of all) is accepted and the subject is shown', async () => {
    const res = await create([
      { title: 'Бюджет на общината за 2027 г.', subject: 'budget', voteMode: 'roll_call', majority: 'all' },
      {
        title: 'Продажба на общински имот',
        subject: 'municipal_property',
        voteMode: 'roll_call',
        majority: 'two_thirds_all',
      },
      { title: 'Разни' },
    ]);
    expect(res.status).toBe(201);
    const view = await app.api.get('/api/council/sessions/:id', { params: { id: res.body.id }, token: clerk.token });
    expectOk(view, 200);
    expect(view.body.items.map((i) => [i.title, i.subject, i.voteMode, i.majority])).toEqual([
      ['Бюджет на общината за 2027 г.', 'budget', 'roll_call', 'all'],
      ['Продажба на общински имот', 'municipal_property', 'roll_call', 'two_thirds_all'],
      // `other` keeps the defaults.
      ['Разни', 'other', 'open', 'present'],
    ]);
  });

  it('editing a draft to make an existing item a budget item with an open vote: 400, the draft unchanged', async () => {
    const created = await create([
      { title: 'Местни такси', subject: 'local_taxes_fees', voteMode: 'roll_call', majority: 'all' },
      { title: 'Отчет на кмета' },
    ]);
    expect(created.status).toBe(201);
    const url = `/api/council/sessions/${created.body.id}`;
    const before = await read(created.body.id);
    const taxes = before.items[0]!;
    const report = before.items[1]!;

    const bad = await app.patch<ErrorBody>(
      url,
      {
        title: 'Не трябва да се запише',
        agenda: [
          { id: taxes.id, title: taxes.title, subject: 'local_taxes_fees', voteMode: 'roll_call', majority: 'all' },
          { id: report.id, title: 'Бюджет 2027', subject: 'budget', voteMode: 'open', majority: 'all' },
        ],
      },
      { token: clerk.token },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    expect(issuePaths(bad.body)).toEqual(['body.agenda.1.voteMode']);
    const after = await read(created.body.id);
    expect(after.title).toBe(before.title);
    expect(after.version).toBe(before.version);
    expect(after.items).toEqual(before.items);

    // Lawful settings are saved; a new item without a subject is `other`, with the defaults.
    const ok = await app.api.patch('/api/council/sessions/:id', {
      params: { id: created.body.id },
      body: {
        agenda: [
          { id: taxes.id, title: taxes.title, subject: 'local_taxes_fees', voteMode: 'roll_call', majority: 'all' },
          { id: report.id, title: 'Бюджет 2027', subject: 'budget', voteMode: 'roll_call', majority: 'all' },
          { title: 'Разни', voteMode: 'open' },
        ],
      },
      token: clerk.token,
    });
    expectOk(ok, 200);
    expect(ok.body.items.map((i) => [i.id, i.subject, i.voteMode, i.majority])).toEqual([
      [taxes.id, 'local_taxes_fees', 'roll_call', 'all'],
      [report.id, 'budget', 'roll_call', 'all'],
      [expect.any(String), 'other', 'open', 'present'],
    ]);
  });
});
