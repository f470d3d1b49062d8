import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestApp, type Session } from '../support/app.js';
import { adoptAgenda, openSittingWith } from '../support/council.js';

/**
 * The council's mandate and who held its seats (issue 14, part 1): the members are the
 * holders of the seats, never the accounts with a role; a councillor whose mandate ends early
 * is replaced by the next on the list in the same seat; an empty seat still counts; a sitting
 * keeps the roster it opened with; sittings and decisions are numbered within the mandate.
 */
const pad = (n: number) => String(n).padStart(2, '0');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const sofiaDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Sofia' }).format(at);
const DAY = 86_400_000;

describe('mandates and seats', () => {
  let app: TestApp;
  let clerk: Session;
  let chair: Session;
  let admin: Session;
  let successor: Session;
  const c: Record<number, Session> = {};
  let council: any;
  let mandate: any;
  let day = 3;

  const must = async (what: string, res: Promise<{ status: number; body: any }>) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const seatsOf = async (mandateId: string) =>
    must('seats', app.get(`/api/council/mandates/${mandateId}/seats`, { token: clerk.token }));

  /** An extraordinary sitting of the council `daysAhead` days from now, published and opened. */
  async function sitting(daysAhead = day++): Promise<any> {
    const startsAt = new Date(Date.now() + daysAhead * DAY);
    startsAt.setUTCHours(8, 0, 0, 0);
    const agenda = [
      { title: 'Точка', voteMode: 'open' as const, majority: 'present' as const, draftDecision: 'Приема.' },
    ];
    return openSittingWith(
      app,
      { clerk, chair },
      { title: `Заседание след ${daysAhead} дни`, startsAt, hours: 3, agenda },
    );
  }
  const attend = (sessionId: string, userId: string) =>
    app.post(`/api/council/sessions/${sessionId}/attendance`, { userId, present: true }, { token: clerk.token });

  beforeAll(async () => {
    app = await TestApp.start();
    [clerk, chair, admin] = await Promise.all([app.login('clerk'), app.login('chair'), app.login('admin')]);
    for (const n of [...range(1, 25), 49, 50]) c[n] = await app.login(`councillor${pad(n)}`);
    successor = await app.login('servant05');
    council = (await must('bodies', app.get('/api/council/bodies', { token: clerk.token }))).find(
      (b: any) => b.kind === 'council',
    );
    mandate = (await must('mandates', app.get('/api/council/mandates', { token: clerk.token })))[0];
  }, 180_000);

  afterAll(() => app?.close());

  it('the demo council: the mandate 2023–2027 in force, 51 seats held, the chair in seat 1', async () => {
    const mandates = await must('mandates', app.get('/api/council/mandates', { token: c[1]!.token }));
    expect(mandates).toEqual([
      { id: expect.any(String), name: '2023–2027', startsOn: '2023-11-01', endsOn: '2027-10-31', current: true },
    ]);
    const { seats } = await seatsOf(mandate.id);
    expect(seats).toHaveLength(51);
    expect(seats.every((s: any) => s.holder && s.history.length === 1)).toBe(true);
    expect(seats[0].holder).toMatchObject({ userId: chair.user.id, heldFrom: '2023-11-01', heldUntil: null });
    expect(seats[50].holder.userId).toBe(c[50]!.user.id);
    expect(council.members).toHaveLength(51);
    expect(council.seats).toBe(51);
  });

  it('bad input gets a clear 4xx and changes nothing', async () => {
    const before = await seatsOf(mandate.id);
    const url = (seat: number | string, m = mandate.id) => `/api/council/mandates/${m}/seats/${seat}`;
    const tomorrow = sofiaDay(new Date(Date.now() + DAY));
    const cases: [string, Promise<{ status: number; body: any }>, number, string?][] = [
      [
        'a replacement without a reason',
        app.put(url(51), { userId: successor.user.id }, { token: clerk.token }),
        400,
        'reason_required',
      ],
      [
        'someone who holds another seat',
        app.put(url(51), { userId: c[1]!.user.id, reason: 'x' }, { token: clerk.token }),
        409,
        'holds_seat',
      ],
      [
        'a seat the council does not have',
        app.put(url(52), { userId: successor.user.id }, { token: clerk.token }),
        404,
      ],
      ['seat 0', app.put(url(0), { userId: successor.user.id }, { token: clerk.token }), 400, 'validation_failed'],
      [
        'a day before the mandate',
        app.put(url(51), { userId: successor.user.id, reason: 'x', from: '2020-01-01' }, { token: clerk.token }),
        400,
        'validation_failed',
      ],
      [
        'a day in the future',
        app.put(url(51), { userId: successor.user.id, reason: 'x', from: tomorrow }, { token: clerk.token }),
        400,
        'validation_failed',
      ],
      [
        'an unknown account',
        app.put(url(51), { userId: '00000000-0000-4000-8000-000000000000', reason: 'x' }, { token: clerk.token }),
        400,
        'validation_failed',
      ],
      [
        'an unknown mandate',
        app.put(url(51, '00000000-0000-4000-8000-000000000000'), { userId: successor.user.id }, { token: clerk.token }),
        404,
      ],
      ['an end without its reason', app.post(`${url(51)}/end`, {}, { token: clerk.token }), 400, 'validation_failed'],
      ['a councillor', app.put(url(51), { userId: successor.user.id, reason: 'x' }, { token: c[1]!.token }), 403],
      [
        'fewer seats than a held seat',
        app.patch(`/api/council/bodies/${council.id}`, { seats: 50 }, { token: admin.token }),
        409,
        'seat_held',
      ],
      [
        'a mandate ending before it starts',
        app.post(
          '/api/council/mandates',
          { name: 'x', startsOn: '2031-01-01', endsOn: '2030-01-01' },
          { token: admin.token },
        ),
        400,
        'validation_failed',
      ],
      [
        'a mandate by the clerk',
        app.post(
          '/api/council/mandates',
          { name: 'x', startsOn: '2031-01-01', endsOn: '2035-01-01' },
          { token: clerk.token },
        ),
        403,
      ],
    ];
    for (const [name, res, status, code] of cases) {
      const r = await res;
      expect([name, r.status, code ?? r.body.code]).toEqual([name, status, r.body.code]);
    }
    expect(await seatsOf(mandate.id)).toEqual(before);
    expect((await must('mandates', app.get('/api/council/mandates', { token: clerk.token }))).length).toBe(1);
  });

  it('the next on the list takes the seat: the successor is a member, the predecessor not; a sitting opened before keeps its roster', async () => {
    const earlier = await sitting();
    const today = sofiaDay(new Date());
    // The successor's account gets the councillor role (access); the seat makes them a member.
    await must(
      'role',
      app.patch(`/api/admin/users/${successor.user.id}`, { roles: ['staff', 'councillor'] }, { token: admin.token }),
    );
    // Waiting for a seat: the account with the role and no seat (the clerk's list to choose from).
    const candidates = await must(
      'candidates',
      app.get(`/api/council/mandates/${mandate.id}/candidates`, { token: clerk.token }),
    );
    expect(candidates).toEqual([{ id: successor.user.id, displayName: successor.user.displayName }]);
    // The role alone makes no member (before issue 14 it did: a role given by mistake added a member).
    const roleOnly = await attend(earlier.id, successor.user.id);
    expect([roleOnly.status, roleOnly.body.code]).toEqual([400, 'not_a_member']);
    const replaced = await must(
      'replace',
      app.put(
        `/api/council/mandates/${mandate.id}/seats/51`,
        { userId: successor.user.id, reason: 'Подал оставка (ЗМСМА чл. 30, ал. 4, т. 3)' },
        { token: clerk.token },
      ),
    );
    const seat = replaced.seats[50];
    expect(seat.holder).toMatchObject({ userId: successor.user.id, heldFrom: today, heldUntil: null, endReason: null });
    expect(seat.history).toEqual([
      expect.objectContaining({
        userId: c[50]!.user.id,
        heldFrom: '2023-11-01',
        endReason: expect.stringMatching(/оставка/),
      }),
      expect.objectContaining({ userId: successor.user.id, heldFrom: today }),
    ]);
    expect(seat.history[0].heldUntil < today).toBe(true);
    const audit = (
      await app.get(`/api/admin/audit?action=council.seat.assigned&targetId=${mandate.id}`, { token: admin.token })
    ).body.items;
    expect(audit[0].details).toMatchObject({
      seat: 51,
      userId: successor.user.id,
      replaced: { userId: c[50]!.user.id },
    });

    // A new sitting: the successor is registered, the predecessor is not a member; 51 seats, quorum 26.
    const next = await sitting();
    const refused = await attend(next.id, c[50]!.user.id);
    expect([refused.status, refused.body.code]).toEqual([400, 'not_a_member']);
    expect((await attend(next.id, successor.user.id)).status).toBeLessThan(300);
    const view = await must('view', app.get(`/api/council/sessions/${next.id}`, { token: clerk.token }));
    expect(view.quorum).toEqual({ present: 1, total: 51, required: 26, reached: false });
    const minutesNext = await must(
      'minutes',
      app.get(`/api/council/sessions/${next.id}/minutes`, { token: clerk.token }),
    );
    expect(minutesNext.absent.map((m: any) => m.id)).not.toContain(c[50]!.user.id);
    expect(minutesNext.absent).toHaveLength(50);
    expect(minutesNext.mandate).toBe('2023–2027');

    // The sitting opened before the replacement: its roster is the one it opened with.
    const minutesEarlier = await must(
      'minutes',
      app.get(`/api/council/sessions/${earlier.id}/minutes`, { token: clerk.token }),
    );
    expect(minutesEarlier.absent.map((m: any) => m.id)).toContain(c[50]!.user.id);
    expect(minutesEarlier.absent.map((m: any) => m.id)).not.toContain(successor.user.id);

    const members = (await must('bodies', app.get('/api/council/bodies', { token: clerk.token }))).find(
      (b: any) => b.kind === 'council',
    ).members;
    expect(members).toHaveLength(51);
    expect(members.map((m: any) => m.id)).toContain(successor.user.id);
    expect(members.map((m: any) => m.id)).not.toContain(c[50]!.user.id);
  });

  it('an empty seat still counts: 50 holders, quorum 26 of 51', async () => {
    const ended = await must(
      'end',
      app.post(
        `/api/council/mandates/${mandate.id}/seats/50/end`,
        { reason: 'Починал (ЗМСМА чл. 30, ал. 4, т. 6)' },
        { token: clerk.token },
      ),
    );
    expect(ended.seats).toHaveLength(51);
    expect(ended.seats[49].holder).toBeNull();
    expect(ended.seats[49].history).toEqual([
      expect.objectContaining({ userId: c[49]!.user.id, endReason: expect.any(String) }),
    ]);
    const again = await app.post(
      `/api/council/mandates/${mandate.id}/seats/50/end`,
      { reason: 'x' },
      { token: clerk.token },
    );
    expect([again.status, again.body.code]).toEqual([409, 'seat_empty']);

    const s = await sitting();
    for (const n of range(1, 25)) expect((await attend(s.id, c[n]!.user.id)).status).toBeLessThan(300);
    let view = await must('view', app.get(`/api/council/sessions/${s.id}`, { token: clerk.token }));
    expect(view.quorum).toEqual({ present: 25, total: 51, required: 26, reached: false });
    expect((await attend(s.id, chair.user.id)).status).toBeLessThan(300);
    view = await must('view', app.get(`/api/council/sessions/${s.id}`, { token: clerk.token }));
    expect(view.quorum).toEqual({ present: 26, total: 51, required: 26, reached: true });
    const minutes = await must('minutes', app.get(`/api/council/sessions/${s.id}/minutes`, { token: clerk.token }));
    expect(minutes.absent).toHaveLength(50 - 26);
    // Seat 50 empty, seat 51 held: the council's seats may not drop below 51.
    const fewer = await app.patch(`/api/council/bodies/${council.id}`, { seats: 50 }, { token: admin.token });
    expect([fewer.status, fewer.body.code]).toEqual([409, 'seat_held']);
  });

  it('a new mandate numbers its sittings and decisions from 1; the old register keeps its numbers', async () => {
    const startsOn = sofiaDay(new Date(Date.now() + 40 * DAY));
    const endsOn = sofiaDay(new Date(Date.now() + (40 + 4 * 365) * DAY));
    const created = await must(
      'mandate',
      app.post('/api/council/mandates', { name: 'следващ мандат', startsOn, endsOn }, { token: admin.token }),
    );
    expect(created).toMatchObject({ name: 'следващ мандат', startsOn, current: false });
    const twice = await app.post(
      '/api/council/mandates',
      { name: 'следващ мандат', startsOn: '2040-01-01', endsOn: '2044-01-01' },
      { token: admin.token },
    );
    expect([twice.status, twice.body.code]).toEqual([409, 'mandate_exists']);
    // The new council: the chair and councillors 01–25 take seats 1–26 from its first day.
    const holders = [chair, ...range(1, 25).map((n) => c[n]!)];
    for (const [i, who] of holders.entries())
      await must(
        'seat',
        app.put(
          `/api/council/mandates/${created.id}/seats/${i + 1}`,
          { userId: who.user.id, from: startsOn },
          { token: clerk.token },
        ),
      );

    const decide = async (s: any) => {
      for (const who of holders) expect((await attend(s.id, who.user.id)).status).toBeLessThan(300);
      // The sitting’s first vote adopts its agenda (issue 15).
      await adoptAgenda(
        app,
        s.id,
        { clerk, chair },
        holders.map((who) => who.user.id),
      );
      const vote = await must(
        'vote',
        app.post(`/api/council/sessions/${s.id}/votes`, { itemId: s.items[0].id }, { token: chair.token }),
      );
      for (const who of holders)
        await must(
          'ballot',
          app.post(`/api/council/votes/${vote.id}/ballots`, { choice: 'for' }, { token: who.token }),
        );
      return must('close', app.post(`/api/council/votes/${vote.id}/close`, {}, { token: chair.token }));
    };
    const old = await sitting(20);
    const fresh = await sitting(45);
    expect(old.number).toBeGreaterThan(1);
    expect(fresh.number).toBe(1);
    const freshView = await must('view', app.get(`/api/council/sessions/${fresh.id}`, { token: clerk.token }));
    expect(freshView.quorum).toMatchObject({ total: 51, required: 26 });
    // The new mandate's members are its seat holders: councillor 30 is not one of them.
    const outsider = await app.login('councillor30');
    const notMember = await attend(fresh.id, outsider.user.id);
    expect([notMember.status, notMember.body.code]).toEqual([400, 'not_a_member']);

    expect((await decide(old)).result.outcome).toBe('adopted');
    expect((await decide(fresh)).result.outcome).toBe('adopted');
    const register = await must('register', app.get('/api/council/decisions', { token: clerk.token }));
    const ofOld = register.find((d: any) => d.sessionId === old.id);
    const ofFresh = register.find((d: any) => d.sessionId === fresh.id);
    expect(ofOld).toMatchObject({ mandate: '2023–2027', number: 1, protocolNumber: old.number });
    expect(ofFresh).toMatchObject({ mandate: 'следващ мандат', number: 1, protocolNumber: 1 });
    expect(register.indexOf(ofOld)).toBeLessThan(register.indexOf(ofFresh));
    const csv = (await app.get('/api/council/decisions?format=csv', { token: clerk.token })).body as string;
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]!.endsWith(',published_at,mandate,id,sitting_id,item_id,vote_id,election_id')).toBe(true);
    const row = (mandate: string, sessionId: string) =>
      lines.find((l) => l.startsWith('1,adopted,') && l.includes(`,${mandate},`) && l.includes(`,${sessionId},`));
    expect(row('следващ мандат', fresh.id)).toBeDefined();
    expect(row('2023–2027', old.id)).toBeDefined();
    const minutes = await must('minutes', app.get(`/api/council/sessions/${fresh.id}/minutes`, { token: clerk.token }));
    expect(minutes.mandate).toBe('следващ мандат');
    const html = (await app.get(`/api/council/sessions/${fresh.id}/minutes?format=html`, { token: clerk.token }))
      .body as string;
    expect(html).toContain('<h1>Протокол № 1</h1>\n<p>Мандат следващ мандат</p>');
  }, 180_000);
});
