import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type {
  CouncilBodyView,
  CouncilMandateView,
  CouncilSessionView,
  ErrorBody,
} from '../../libs/contracts/src/index.js';
import { expectError, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
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
  let clerk: SignedIn;
  let chair: SignedIn;
  let admin: SignedIn;
  let successor: SignedIn;
  const c: Record<number, SignedIn> = {};
  let council: CouncilBodyView;
  let mandate: CouncilMandateView;
  let day = 3;

  const seatsOf = async (mandateId: string) =>
    ok(app.api.get('/api/council/mandates/:id/seats', { params: { id: mandateId }, token: clerk.token }), 'seats');
  const sittingView = (id: string) =>
    ok(app.api.get('/api/council/sessions/:id', { params: { id }, token: clerk.token }), 'view');
  const minutesOf = (id: string) =>
    ok(app.api.get('/api/council/sessions/:id/minutes', { params: { id }, token: clerk.token }), 'minutes');
  const councilOf = async () =>
    (await ok(app.api.get('/api/council/bodies', { token: clerk.token }), 'bodies')).find((b) => b.kind === 'council')!;

  /** An extraordinary sitting of the council `daysAhead` days from now, published and opened. */
  async function sitting(daysAhead = day++): Promise<CouncilSessionView> {
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
  const attend = (sittingId: string, userId: string) =>
    app.api.post('/api/council/sessions/:id/attendance', {
      params: { id: sittingId },
      body: { userId, present: true },
      token: clerk.token,
    });

  beforeAll(async () => {
    app = await TestApp.start();
    [clerk, chair, admin] = await Promise.all([app.login('clerk'), app.login('chair'), app.login('admin')]);
    for (const n of [...range(1, 25), 49, 50]) c[n] = await app.login(`councillor${pad(n)}`);
    successor = await app.login('servant05');
    council = await councilOf();
    mandate = (await ok(app.api.get('/api/council/mandates', { token: clerk.token }), 'mandates'))[0]!;
  }, 180_000);

  afterAll(() => app?.close());

  it('the demo council: the mandate 2023–2027 in force, 51 seats held, the chair in seat 1', async () => {
    const mandates = await ok(app.api.get('/api/council/mandates', { token: c[1]!.token }), 'mandates');
    expect(mandates).toEqual([
      { id: expect.any(String), name: '2023–2027', startsOn: '2023-11-01', endsOn: '2027-10-31', current: true },
    ]);
    const { seats } = await seatsOf(mandate.id);
    expect(seats).toHaveLength(51);
    expect(seats.every((s) => s.holder && s.history.length === 1)).toBe(true);
    expect(seats[0]!.holder).toMatchObject({ userId: chair.user.id, heldFrom: '2023-11-01', heldUntil: null });
    expect(seats[50]!.holder!.userId).toBe(c[50]!.user.id);
    expect(council.members).toHaveLength(51);
    expect(council.seats).toBe(51);
  });

  it('bad input gets a clear 4xx and changes nothing', async () => {
    const before = await seatsOf(mandate.id);
    const assign = (
      seat: number,
      body: { userId: string; reason?: string; from?: string },
      s: SignedIn = clerk,
      id: string = mandate.id,
    ) => app.api.put('/api/council/mandates/:id/seats/:seat', { params: { id, seat }, body, token: s.token });
    const tomorrow = sofiaDay(new Date(Date.now() + DAY));
    const cases: [string, Promise<{ status: number; body: unknown }>, number, string?][] = [
      ['a replacement without a reason', assign(51, { userId: successor.user.id }), 400, 'reason_required'],
      ['someone who holds another seat', assign(51, { userId: c[1]!.user.id, reason: 'x' }), 409, 'holds_seat'],
      ['a seat the council does not have', assign(52, { userId: successor.user.id }), 404],
      ['seat 0', assign(0, { userId: successor.user.id }), 400, 'validation_failed'],
      [
        'a day before the mandate',
        assign(51, { userId: successor.user.id, reason: 'x', from: '2020-01-01' }),
        400,
        'validation_failed',
      ],
      [
        'a day in the future',
        assign(51, { userId: successor.user.id, reason: 'x', from: tomorrow }),
        400,
        'validation_failed',
      ],
      [
        'an unknown account',
        assign(51, { userId: '00000000-0000-4000-8000-000000000000', reason: 'x' }),
        400,
        'validation_failed',
      ],
      [
        'an unknown mandate',
        assign(51, { userId: successor.user.id }, clerk, '00000000-0000-4000-8000-000000000000'),
        404,
      ],
      // A body the contract refuses (no reason): sent untyped.
      [
        'an end without its reason',
        app.post(`/api/council/mandates/${mandate.id}/seats/51/end`, {}, { token: clerk.token }),
        400,
        'validation_failed',
      ],
      ['a councillor', assign(51, { userId: successor.user.id, reason: 'x' }, c[1]!), 403],
      [
        'fewer seats than a held seat',
        app.api.patch('/api/council/bodies/:id', {
          params: { id: council.id },
          body: { seats: 50 },
          token: admin.token,
        }),
        409,
        'seat_held',
      ],
      [
        'a mandate ending before it starts',
        app.api.post('/api/council/mandates', {
          body: { name: 'x', startsOn: '2031-01-01', endsOn: '2030-01-01' },
          token: admin.token,
        }),
        400,
        'validation_failed',
      ],
      [
        'a mandate by the clerk',
        app.api.post('/api/council/mandates', {
          body: { name: 'x', startsOn: '2031-01-01', endsOn: '2035-01-01' },
          token: clerk.token,
        }),
        403,
      ],
    ];
    for (const [name, res, status, code] of cases) {
      const r = await res;
      const got = (r.body as Partial<ErrorBody>).code;
      expect([name, r.status, code ?? got]).toEqual([name, status, got]);
    }
    expect(await seatsOf(mandate.id)).toEqual(before);
    expect((await ok(app.api.get('/api/council/mandates', { token: clerk.token }), 'mandates')).length).toBe(1);
  });

  it('the next on the list takes the seat: the successor is a member, the predecessor not; a sitting opened before keeps its roster', async () => {
    const earlier = await sitting();
    const today = sofiaDay(new Date());
    // The successor's account gets the councillor role (access); the seat makes them a member.
    await ok(
      app.api.patch('/api/admin/users/:id', {
        params: { id: successor.user.id },
        body: { roles: ['staff', 'councillor'] },
        token: admin.token,
      }),
      'role',
    );
    // Waiting for a seat: the account with the role and no seat (the clerk's list to choose from).
    const candidates = await ok(
      app.api.get('/api/council/mandates/:id/candidates', { params: { id: mandate.id }, token: clerk.token }),
      'candidates',
    );
    expect(candidates).toEqual([{ id: successor.user.id, displayName: successor.user.displayName }]);
    // The role alone makes no member (before issue 14 it did: a role given by mistake added a member).
    const roleOnly = await attend(earlier.id, successor.user.id);
    expectError(roleOnly, 400, 'not_a_member');
    const replaced = await ok(
      app.api.put('/api/council/mandates/:id/seats/:seat', {
        params: { id: mandate.id, seat: 51 },
        body: { userId: successor.user.id, reason: 'Подал оставка (ЗМСМА чл. 30, ал. 4, т. 3)' },
        token: clerk.token,
      }),
      'replace',
    );
    const seat = replaced.seats[50]!;
    expect(seat.holder).toMatchObject({ userId: successor.user.id, heldFrom: today, heldUntil: null, endReason: null });
    expect(seat.history).toEqual([
      expect.objectContaining({
        userId: c[50]!.user.id,
        heldFrom: '2023-11-01',
        endReason: expect.stringMatching(/оставка/),
      }),
      expect.objectContaining({ userId: successor.user.id, heldFrom: today }),
    ]);
    expect(seat.history[0]!.heldUntil! < today).toBe(true);
    const audit = (
      await ok(
        app.api.get('/api/admin/audit', {
          query: { action: 'council.seat.assigned', targetId: mandate.id },
          token: admin.token,
        }),
        'audit',
      )
    ).items;
    expect(audit[0]!.details).toMatchObject({
      seat: 51,
      userId: successor.user.id,
      replaced: { userId: c[50]!.user.id },
    });

    // A new sitting: the successor is registered, the predecessor is not a member; 51 seats, quorum 26.
    const next = await sitting();
    const refused = await attend(next.id, c[50]!.user.id);
    expectError(refused, 400, 'not_a_member');
    expect((await attend(next.id, successor.user.id)).status).toBeLessThan(300);
    const view = await sittingView(next.id);
    expect(view.quorum).toEqual({ present: 1, total: 51, required: 26, reached: false });
    const minutesNext = await minutesOf(next.id);
    expect(minutesNext.absent.map((m) => m.id)).not.toContain(c[50]!.user.id);
    expect(minutesNext.absent).toHaveLength(50);
    expect(minutesNext.mandate).toBe('2023–2027');

    // The sitting opened before the replacement: its roster is the one it opened with.
    const minutesEarlier = await minutesOf(earlier.id);
    expect(minutesEarlier.absent.map((m) => m.id)).toContain(c[50]!.user.id);
    expect(minutesEarlier.absent.map((m) => m.id)).not.toContain(successor.user.id);

    const { members } = await councilOf();
    expect(members).toHaveLength(51);
    expect(members.map((m) => m.id)).toContain(successor.user.id);
    expect(members.map((m) => m.id)).not.toContain(c[50]!.user.id);
  });

  it('an empty seat still counts: 50 holders, quorum 26 of 51', async () => {
    const end = (reason: string) =>
      app.api.post('/api/council/mandates/:id/seats/:seat/end', {
        params: { id: mandate.id, seat: 50 },
        body: { reason },
        token: clerk.token,
      });
    const ended = await ok(end('Починал (ЗМСМА чл. 30, ал. 4, т. 6)'), 'end');
    expect(ended.seats).toHaveLength(51);
    expect(ended.seats[49]!.holder).toBeNull();
    expect(ended.seats[49]!.history).toEqual([
      expect.objectContaining({ userId: c[49]!.user.id, endReason: expect.any(String) }),
    ]);
    const again = await end('x');
    expectError(again, 409, 'seat_empty');

    const s = await sitting();
    for (const n of range(1, 25)) expect((await attend(s.id, c[n]!.user.id)).status).toBeLessThan(300);
    let view = await sittingView(s.id);
    expect(view.quorum).toEqual({ present: 25, total: 51, required: 26, reached: false });
    expect((await attend(s.id, chair.user.id)).status).toBeLessThan(300);
    view = await sittingView(s.id);
    expect(view.quorum).toEqual({ present: 26, total: 51, required: 26, reached: true });
    const minutes = await minutesOf(s.id);
    expect(minutes.absent).toHaveLength(50 - 26);
    // Seat 50 empty, seat 51 held: the council's seats may not drop below 51.
    const fewer = await app.api.patch('/api/council/bodies/:id', {
      params: { id: council.id },
      body: { seats: 50 },
      token: admin.token,
    });
    expectError(fewer, 409, 'seat_held');
  });

  it('a new mandate numbers its sittings and decisions from 1; the old register keeps its numbers', async () => {
    const startsOn = sofiaDay(new Date(Date.now() + 40 * DAY));
    const endsOn = sofiaDay(new Date(Date.now() + (40 + 4 * 365) * DAY));
    const created = await ok(
      app.api.post('/api/council/mandates', {
        body: { name: 'следващ мандат', startsOn, endsOn },
        token: admin.token,
      }),
      'mandate',
    );
    expect(created).toMatchObject({ name: 'следващ мандат', startsOn, current: false });
    const twice = await app.api.post('/api/council/mandates', {
      body: { name: 'следващ мандат', startsOn: '2040-01-01', endsOn: '2044-01-01' },
      token: admin.token,
    });
    expectError(twice, 409, 'mandate_exists');
    // The new council: the chair and councillors 01–25 take seats 1–26 from its first day.
    const holders = [chair, ...range(1, 25).map((n) => c[n]!)];
    for (const [i, who] of holders.entries())
      await ok(
        app.api.put('/api/council/mandates/:id/seats/:seat', {
          params: { id: created.id, seat: i + 1 },
          body: { userId: who.user.id, from: startsOn },
          token: clerk.token,
        }),
        'seat',
      );

    const decide = async (s: CouncilSessionView) => {
      for (const who of holders) expect((await attend(s.id, who.user.id)).status).toBeLessThan(300);
      // The sitting’s first vote adopts its agenda (issue 15).
      await adoptAgenda(
        app,
        s.id,
        { clerk, chair },
        holders.map((who) => who.user.id),
      );
      const vote = await ok(
        app.api.post('/api/council/sessions/:id/votes', {
          params: { id: s.id },
          body: { itemId: s.items[0]!.id },
          token: chair.token,
        }),
        'vote',
      );
      for (const who of holders)
        await ok(
          app.api.post('/api/council/votes/:id/ballots', {
            params: { id: vote.id },
            body: { choice: 'for' },
            token: who.token,
          }),
          'ballot',
        );
      return ok(
        app.api.post('/api/council/votes/:id/close', { params: { id: vote.id }, body: {}, token: chair.token }),
        'close',
      );
    };
    const old = await sitting(20);
    const fresh = await sitting(45);
    expect(old.number).toBeGreaterThan(1);
    expect(fresh.number).toBe(1);
    const freshView = await sittingView(fresh.id);
    expect(freshView.quorum).toMatchObject({ total: 51, required: 26 });
    // The new mandate's members are its seat holders: councillor 30 is not one of them.
    const outsider = await app.login('councillor30');
    const notMember = await attend(fresh.id, outsider.user.id);
    expectError(notMember, 400, 'not_a_member');

    expect((await decide(old)).result?.outcome).toBe('adopted');
    expect((await decide(fresh)).result?.outcome).toBe('adopted');
    const register = await ok(app.api.get('/api/council/decisions', { token: clerk.token }), 'register');
    const ofOld = register.find((d) => d.sessionId === old.id)!;
    const ofFresh = register.find((d) => d.sessionId === fresh.id)!;
    expect(ofOld).toMatchObject({ mandate: '2023–2027', number: 1, protocolNumber: old.number });
    expect(ofFresh).toMatchObject({ mandate: 'следващ мандат', number: 1, protocolNumber: 1 });
    expect(register.indexOf(ofOld)).toBeLessThan(register.indexOf(ofFresh));
    const csv = (await app.get('/api/council/decisions?format=csv', { token: clerk.token })).body as string;
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]!.endsWith(',published_at,mandate,id,sitting_id,item_id,vote_id,election_id')).toBe(true);
    const row = (mandate: string, sittingId: string) =>
      lines.find((l) => l.startsWith('1,adopted,') && l.includes(`,${mandate},`) && l.includes(`,${sittingId},`));
    expect(row('следващ мандат', fresh.id)).toBeDefined();
    expect(row('2023–2027', old.id)).toBeDefined();
    const minutes = await minutesOf(fresh.id);
    expect(minutes.mandate).toBe('следващ мандат');
    const html = (await app.get(`/api/council/sessions/${fresh.id}/minutes?format=html`, { token: clerk.token }))
      .body as string;
    expect(html).toContain('<h1>Протокол № 1</h1>\n<p>Мандат следващ мандат</p>');
  }, 180_000);
});
