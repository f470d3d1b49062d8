import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import type { ErrorBody } from '../../libs/contracts/src/index.js';
import { expectError, expectOk, ok } from '../support/api.js';
import type { BodyOf } from '../support/api-types.js';
import { TestApp, nextEvent, type SignedIn } from '../support/app.js';
import { EXTRAORDINARY_REASON } from '../support/council.js';
import { openHall } from '../schedule/helpers.js';

const ZONE = 'Europe/Sofia';

/**
 * A published sitting moved to a new time or place (issue 15, part 8): only the clerk, only
 * before it opens, always with a reason; a regular sitting moved earlier still keeps its
 * notice; a taken room is refused; every refusal changes nothing. The change is kept as it was
 * announced (before, after, reason) in the sitting's view and the public one, and its watchers
 * are told. (That the members are mailed is in test/foundation/mail.e2e-spec.ts.) Times are
 * counted from now in Sofia's calendar, so the suite passes on any day.
 */
describe('a published sitting moved to a new time or place', () => {
  let app: TestApp;
  let clerk: SignedIn;
  let admin: SignedIn;
  let chair: SignedIn;
  let councillor: SignedIn;
  let hall: { id: string };

  const ahead = (days: number, hours = 0) =>
    DateTime.now().setZone(ZONE).plus({ days, hours }).startOf('hour').plus({ hours: 1 });
  const iso = (d: DateTime) => d.toUTC().toISO()!;
  type NewSitting = BodyOf<'POST', '/api/council/sessions'>;
  type Move = BodyOf<'POST', '/api/council/sessions/:id/reschedule'>;
  const sitting = async (title: string, start: DateTime, extra: Partial<NewSitting> = {}) => {
    const created = await app.api.post('/api/council/sessions', {
      body: {
        title,
        startsAt: iso(start),
        endsAt: iso(start.plus({ hours: 2 })),
        agenda: [{ title: 'Точка първа', voteMode: 'open', majority: 'present' }],
        ...extra,
      },
      token: clerk.token,
    });
    expectOk(created, 201);
    return created.body;
  };
  const published = async (title: string, start: DateTime, extra: Partial<NewSitting> = {}) => {
    const s = await sitting(title, start, extra);
    expect(
      (await app.api.post('/api/council/sessions/:id/publish', { params: { id: s.id }, body: {}, token: clerk.token }))
        .status,
    ).toBe(200);
    return s;
  };
  const view = (id: string) =>
    ok(app.api.get('/api/council/sessions/:id', { params: { id }, token: clerk.token }), 'the sitting');
  const move = (id: string, body: Move, token = clerk.token) =>
    app.api.post('/api/council/sessions/:id/reschedule', { params: { id }, body, token });

  beforeAll(async () => {
    app = await TestApp.start();
    [clerk, admin, chair, councillor] = await Promise.all(
      ['clerk', 'admin', 'chair', 'councillor01'].map((u) => app.login(u)),
    );
    hall = await openHall(app, admin.token);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('the clerk moves a published sitting later with a reason: kept as announced, public, and the watchers are told', async () => {
    const start = ahead(10);
    const s = await published('Редовно заседание, преместено', start);
    const before = await view(s.id);
    const watcher = await app.socket(undefined, '/public');
    try {
      expect(await watcher.timeout(5000).emitWithAck('council.watch', { sessionId: s.id })).toMatchObject({ ok: true });
      const told = nextEvent(watcher, 'council.session.updated');
      const later = start.plus({ days: 2 });
      const res = await move(s.id, {
        startsAt: iso(later),
        endsAt: iso(later.plus({ hours: 3 })),
        reason: 'Съвпада с национален празник',
      });
      expectOk(res, 200);
      expect(res.body.startsAt).toBe(new Date(iso(later)).toISOString());
      expect(res.body.version).toBe(before.version + 1);
      expect(res.body.changes).toEqual([
        {
          at: expect.any(String),
          kind: 'rescheduled',
          reason: 'Съвпада с национален празник',
          before: { startsAt: before.startsAt, endsAt: before.endsAt, place: expect.any(String) },
          after: {
            startsAt: new Date(iso(later)).toISOString(),
            endsAt: new Date(iso(later.plus({ hours: 3 }))).toISOString(),
            place: expect.any(String),
          },
        },
      ]);
      expect(res.body.changes![0]!.after!.place).toBe(res.body.changes![0]!.before!.place);
      expect(await told).toMatchObject({ sessionId: s.id, change: 'rescheduled', startsAt: res.body.startsAt });
    } finally {
      watcher.close();
    }
    // Citizens see the new time and why it moved.
    const pub = await app.api.get('/api/public/council/sessions/:id', { params: { id: s.id } });
    expectOk(pub, 200);
    expect(pub.body.startsAt).toBe(new Date(iso(start.plus({ days: 2 }))).toISOString());
    expect(pub.body.changes).toHaveLength(1);
    expect(pub.body.changes![0]!.reason).toBe('Съвпада с национален празник');
    // The members' calendars moved with it: the sitting's meeting is at the new time.
    const upcoming = await ok(
      app.api.get('/api/meetings/upcoming', { query: { limit: 100 }, token: councillor.token }),
      'upcoming',
    );
    const meeting = upcoming.items.find((m) => m.id === s.meetingId);
    expect(meeting?.startsAt).toBe(new Date(iso(start.plus({ days: 2 }))).toISOString());
  });

  it('to a hall: the place is kept by name; a hall taken then is 409 slot_taken and nothing changes', async () => {
    const start = ahead(14);
    const s = await published('Заседание в залата', start);
    const moved = await move(s.id, { spaceId: hall.id, reason: 'Ремонт в заседателната зала' });
    expectOk(moved, 200);
    expect(moved.body.spaceId).toBe(hall.id);
    const change = moved.body.changes![0]!;
    expect(change.after!.place).toMatch(/^Test hall /);
    expect(change.before!.place).not.toBe(change.after!.place);
    expect(change.after!.startsAt).toBe(change.before!.startsAt);

    // Someone books the hall the next day; moving the sitting onto it is refused.
    const taken = start.plus({ days: 1 });
    const booking = await app.api.post('/api/halls/:id/bookings', {
      params: { id: hall.id },
      body: { title: 'Друга среща', startsAt: iso(taken), endsAt: iso(taken.plus({ hours: 1 })), inviteeIds: [] },
      token: admin.token,
    });
    expect(booking.status).toBe(201);
    const version = (await view(s.id)).version;
    const clash = await move(s.id, { startsAt: iso(taken), endsAt: iso(taken.plus({ hours: 2 })), reason: 'Опит' });
    expectError(clash, 409);
    expect(clash.body.code).toBe('slot_taken');
    const after = await view(s.id);
    expect(after.version).toBe(version);
    expect(after.startsAt).toBe(change.after!.startsAt);
    expect(after.changes).toHaveLength(1);
  });

  it('a regular sitting moved earlier keeps its notice (409 notice_period); an extraordinary one may', async () => {
    const s = await published('Редовно, не по-рано', ahead(9));
    const sooner = ahead(3);
    const refused = await move(s.id, {
      startsAt: iso(sooner),
      endsAt: iso(sooner.plus({ hours: 2 })),
      reason: 'По-рано',
    });
    expectError(refused, 409);
    expect(refused.body.code).toBe('notice_period');
    expect((await view(s.id)).changes).toEqual([]);
    // Moved earlier but still beyond the notice: fine.
    const stillFine = ahead(8);
    expect(
      (await move(s.id, { startsAt: iso(stillFine), endsAt: iso(stillFine.plus({ hours: 2 })), reason: 'По-рано' }))
        .status,
    ).toBe(200);

    const x = await published('Извънредно, по-рано', ahead(4), {
      extraordinary: true,
      extraordinaryReason: EXTRAORDINARY_REASON,
    });
    expect(
      (await move(x.id, { startsAt: iso(sooner), endsAt: iso(sooner.plus({ hours: 2 })), reason: 'Спешно' })).status,
    ).toBe(200);
  });

  it('a draft is edited, not moved; an open sitting is not moved: 409 not_published', async () => {
    const draft = await sitting('Чернова', ahead(15));
    const d = await move(draft.id, { startsAt: iso(ahead(16)), endsAt: iso(ahead(16, 2)), reason: 'x' });
    expectError(d, 409);
    expect(d.body.code).toBe('not_published');

    const start = DateTime.now().plus({ minutes: 5 });
    const open = await published('Открито заседание', start.setZone(ZONE), {
      extraordinary: true,
      extraordinaryReason: EXTRAORDINARY_REASON,
    });
    expect(
      (await app.api.post('/api/council/sessions/:id/open', { params: { id: open.id }, body: {}, token: chair.token }))
        .status,
    ).toBe(200);
    const o = await move(open.id, { startsAt: iso(ahead(2)), endsAt: iso(ahead(2, 2)), reason: 'x' });
    expectError(o, 409);
    expect(o.body.code).toBe('not_published');
    expect((await view(open.id)).changes).toEqual([]);
  });

  it('only the clerk moves a sitting; bad input is 400 and changes nothing', async () => {
    const s = await published('Само секретарят', ahead(20));
    const to = { startsAt: iso(ahead(21)), endsAt: iso(ahead(21, 2)), reason: 'Причина' };
    for (const who of [chair, councillor]) expect((await move(s.id, to, who.token)).status).toBe(403);
    expect((await move('00000000-0000-4000-8000-000000000000', to)).status).toBe(404);
    const bad: Record<string, unknown>[] = [
      { startsAt: to.startsAt, endsAt: to.endsAt }, // no reason
      { reason: 'Нищо не се мени' }, // nothing to change
      { startsAt: to.endsAt, endsAt: to.startsAt, reason: 'обратно' }, // ends before it starts
      { ...to, reason: '   ' },
      { ...to, spaceId: 'not-a-uuid' },
      { ...to, extra: 1 },
    ];
    for (const body of bad) {
      // Bodies the contract refuses: sent untyped.
      const res = await app.post<ErrorBody>(`/api/council/sessions/${s.id}/reschedule`, body, { token: clerk.token });
      expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    }
    // A space that is neither the chamber nor a hall (a personal room).
    const rooms = await ok(
      app.api.get('/api/spaces', { query: { kind: 'personal' }, token: clerk.token }),
      'the rooms',
    );
    expect(rooms.length).toBeGreaterThan(0);
    const room = await move(s.id, { spaceId: rooms[0]!.id, reason: 'Стая' });
    expectError(room, 400);
    expect([room.status, room.body.code]).toEqual([400, 'invalid_space']);
    // The same time and place again: nothing changes, said so.
    const current = await view(s.id);
    const same = await move(s.id, { startsAt: current.startsAt, endsAt: current.endsAt, reason: 'Същото' });
    expectError(same, 400);
    expect([same.status, same.body.code]).toEqual([400, 'validation_failed']);
    // Into the past: refused.
    const past = DateTime.now().minus({ days: 1 });
    const back = await move(s.id, { startsAt: iso(past), endsAt: iso(past.plus({ hours: 2 })), reason: 'Вчера' });
    expectError(back, 400);
    expect([back.status, back.body.code]).toEqual([400, 'validation_failed']);
    const after = await view(s.id);
    expect(after.version).toBe(current.version);
    expect(after.changes).toEqual([]);
  });
});
