import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import type { CouncilSessionView, RegisterPage, SittingsPage } from '../../libs/contracts/src/index.js';
import { expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { adoptAgenda, openSittingWith, openVote, showOfHands } from '../support/council.js';

/**
 * The council's record for citizens (issue 16, parts 1 and 4, the API): sittings searched by
 * words, year, body and upcoming/past, and the register of decisions by words of the title or
 * the text, number, Sofia days, subject and outcome, paged, without login; a decision's page.
 * Words match whatever their case, in Cyrillic too („бюджет“ finds „Бюджет“) — on the embedded
 * database and on PostgreSQL.
 */
const DRAFT_TITLE = 'Неприета чернова за бюджета';

describe('the public record: sittings and the register, searched', () => {
  let app: TestApp;
  let clerk: SignedIn;
  let chair: SignedIn;
  let sitting: CouncilSessionView;
  const decisionOf: Record<'budget' | 'taxes' | 'report', string> = { budget: '', taxes: '', report: '' };

  beforeAll(async () => {
    app = await TestApp.start();
    const admin = await app.login('admin');
    [clerk, chair] = await Promise.all([app.login('clerk'), app.login('chair')]);
    sitting = await openSittingWith(
      app,
      { clerk, chair },
      {
        title: 'Сесия за финансите на общината',
        startsAt: new Date(Date.now() + 2 * 86_400_000),
        agenda: [
          {
            title: 'Приемане на Бюджет на Общината за 2027 г.',
            subject: 'budget',
            voteMode: 'roll_call',
            majority: 'all',
            draftDecision: 'Общинският съвет приема бюджета на общината.',
          },
          {
            title: 'Местни данъци и такси',
            subject: 'local_taxes_fees',
            voteMode: 'roll_call',
            majority: 'all',
            draftDecision: 'Определя размера на ДАНЪКА върху недвижимите имоти.',
          },
          {
            title: 'Отчет за дейността',
            voteMode: 'open',
            majority: 'present',
            draftDecision: 'Приема отчета.',
          },
        ],
      },
    );
    const url = `/api/council/sessions/${sitting.id}`;
    const users = await ok(
      app.api.get('/api/admin/users', { query: { q: 'councillor', limit: 100 }, token: admin.token }),
      'the councillors',
    );
    const present: string[] = [chair.user.id, ...users.items.map((u) => u.id)].slice(0, 40);
    expect(
      (await app.post(`${url}/attendance/bulk`, { userIds: present, present: true }, { token: clerk.token })).status,
    ).toBe(200);
    // The sitting’s first vote adopts its agenda (issue 15).
    await adoptAgenda(app, sitting.id, { clerk, chair }, present);
    const keys = ['budget', 'taxes', 'report'] as const;
    for (const [n, key] of keys.entries()) {
      const itemId = sitting.items[n]!.id;
      await app.post(`${url}/items/${itemId}/activate`, {}, { token: chair.token });
      const vote = await openVote(app, sitting.id, itemId, chair);
      const closed = await showOfHands(app, vote, present, { clerk, chair }, key === 'report' ? 'against' : 'for');
      expect(closed.passed).toBe(key !== 'report');
      decisionOf[key] = (
        await ok(app.api.get('/api/public/council/sessions/:id', { params: { id: sitting.id } }), 'the sitting')
      ).votes.find((v) => v.id === vote)!.decision!.id;
    }
    const draft = await app.post(
      '/api/council/sessions',
      {
        title: DRAFT_TITLE,
        startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 30 * 86_400_000 + 3_600_000).toISOString(),
        agenda: [{ title: 'Бюджет, който никой не вижда', voteMode: 'open', majority: 'present' }],
      },
      { token: clerk.token },
    );
    expect(draft.status).toBe(201);
  }, 240_000);

  afterAll(async () => {
    await app?.close();
  });

  const register = async (query: string) => {
    const res = await app.get(`/api/public/council/register?${query}`);
    expect(res.status).toBe(200);
    return res.body as RegisterPage;
  };
  const ids = (page: { items: { id: string }[] }) => page.items.map((d) => d.id);

  it('finds decisions by words of the title or the text, whatever their case, in Cyrillic', async () => {
    for (const q of ['бюджет', 'БЮДЖЕТ', 'Бюджет'])
      expect(ids(await register(`q=${encodeURIComponent(q)}`))).toEqual([decisionOf.budget]);
    // „данъка“ is in the text (capitals there); the title says „данъци“.
    expect(ids(await register(`q=${encodeURIComponent('данъка')}`))).toEqual([decisionOf.taxes]);
    expect(ids(await register(`q=${encodeURIComponent('ОТЧЕТ')}`))).toEqual([decisionOf.report]);
    expect((await register(`q=${encodeURIComponent('%')}`)).total).toBe(0);
    expect((await register(`q=${encodeURIComponent('пенсии')}`)).total).toBe(0);
  });

  it('filters by number, subject, outcome and Sofia days, and pages in the register’s order', async () => {
    const all = await register('');
    expect(all.total).toBe(3);
    expect(ids(all)).toEqual([decisionOf.budget, decisionOf.taxes, decisionOf.report]);
    const budget = all.items[0];
    expect(budget).toMatchObject({ subject: 'budget', outcome: 'adopted', sessionId: sitting.id });
    expect(typeof budget.number).toBe('number');
    expect(ids(await register(`number=${budget.number}`))).toEqual([decisionOf.budget]);
    expect(ids(await register('subject=local_taxes_fees'))).toEqual([decisionOf.taxes]);
    expect(ids(await register('outcome=rejected'))).toEqual([decisionOf.report]);
    const today = DateTime.fromISO(budget.decidedAt).setZone('Europe/Sofia').toISODate();
    const tomorrow = DateTime.fromISO(today!).plus({ days: 1 }).toISODate();
    expect((await register(`from=${today}&to=${today}`)).total).toBe(3);
    expect((await register(`from=${tomorrow}`)).total).toBe(0);
    const second = await register('limit=1&offset=1');
    expect(second).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(ids(second)).toEqual([decisionOf.taxes]);
  });

  it('a decision’s page holds the decision, its sitting, its item and its vote by name', async () => {
    const res = await app.api.get('/api/public/council/decisions/:id', { params: { id: decisionOf.budget } });
    expectOk(res, 200);
    expect(res.body.decision).toMatchObject({ id: decisionOf.budget, subject: 'budget', outcome: 'adopted' });
    expect(res.body.sitting).toMatchObject({ id: sitting.id, title: 'Сесия за финансите на общината' });
    // The public summary has no attendance: read it as any object to see that none came.
    const publicSitting: Record<string, unknown> = res.body.sitting;
    expect(publicSitting.attendance).toBeUndefined();
    expect(res.body.item).toMatchObject({
      id: sitting.items[0]!.id,
      title: 'Приемане на Бюджет на Общината за 2027 г.',
    });
    expect(res.body.vote?.mode).toBe('roll_call');
    expect(res.body.vote?.roll).toHaveLength(40);
    expect((await app.get('/api/public/council/decisions/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await app.get('/api/public/council/decisions/nope')).status).toBe(400);
  });

  it('finds sittings by words of their agenda, year, body and upcoming or past — never a draft', async () => {
    const sittings = async (query: string) => {
      const res = await app.get(`/api/public/council/sittings?${query}`);
      expect(res.status).toBe(200);
      return res.body as SittingsPage;
    };
    const year = DateTime.fromISO(sitting.startsAt).setZone('Europe/Sofia').year;
    expect(ids(await sittings(`q=${encodeURIComponent('ДАНЪЦИ')}`))).toEqual([sitting.id]);
    // Each with where it meets (the front door's list shows it).
    expect((await sittings(`q=${encodeURIComponent('ДАНЪЦИ')}`)).items[0].place).toBe('Зала на Общинския съвет');
    expect(ids(await sittings(`q=${encodeURIComponent('финансите')}&year=${year}`))).toEqual([sitting.id]);
    expect((await sittings(`q=${encodeURIComponent('финансите')}&year=${year + 1}`)).total).toBe(0);
    expect(
      ids(await sittings(`q=${encodeURIComponent('финансите')}&bodyId=${sitting.body!.id}&when=upcoming`)),
    ).toEqual([sitting.id]);
    expect((await sittings(`q=${encodeURIComponent('финансите')}&when=past`)).total).toBe(0);
    expect((await sittings(`q=${encodeURIComponent('чернова')}`)).total).toBe(0);
    expect(JSON.stringify(await sittings('limit=100'))).not.toContain(DRAFT_TITLE);
  });

  it('refuses bad filters with 400 and the field', async () => {
    for (const [path, field] of [
      ['register?limit=0', 'limit'],
      ['register?from=2027-02-01&to=2027-01-01', 'to'],
      ['register?subject=weather', 'subject'],
      ['register?number=-1', 'number'],
      ['sittings?when=tomorrow', 'when'],
      ['sittings?year=12', 'year'],
      ['sittings?bodyId=council', 'bodyId'],
    ] as const) {
      const res = await app.get(`/api/public/council/${path}`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
  });
});
