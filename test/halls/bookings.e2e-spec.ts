import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import pg from 'pg';
import type { HallView } from '../../libs/contracts/src/index.js';
import { expectError, expectOk, ok, type Answer, type Failed } from '../support/api.js';
import type { BodyOf } from '../support/api-types.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { freshDatabase } from '../support/database.js';
import { eventually } from '../support/eventually.js';
import { hallNamed, local, mondayBeforeDstChange, openHall, range, weekdayAt, ZONE } from '../schedule/helpers.js';

const BIG = 'Голяма заседателна зала';
const SMALL = 'Малка заседателна зала';

/** A booking as the tests send it: the title and the invitees have defaults. */
type Booking = Omit<BodyOf<'POST', '/api/halls/:id/bookings'>, 'title'> & { title?: string };

/** The error of a refused answer (none for a 2xx one): its `code`, `message` and `details`. */
const errorOf = (res: Answer<unknown>) => (res.ok ? undefined : res.body);
/** The view of a 2xx answer (none for a refused one). */
const viewOf = <T>(res: Answer<T>) => (res.ok ? res.body : undefined);

/** The `details` of a 409 `slot_taken` (shapeless in the error contract): the meetings in the way, and for a series the occurrences that clash. */
interface SlotTaken {
  conflicts: { id: string; title: string | null }[];
  occurrences: unknown[];
}
const slotTaken = (res: Failed) => res.body.details as SlotTaken;

describe('hall bookings', () => {
  let app: TestApp;
  let admin: SignedIn;
  let clerk: SignedIn;
  let servant: SignedIn;
  let other: SignedIn;
  let big: HallView;
  let small: HallView;

  beforeAll(async () => {
    app = await TestApp.start();
    [admin, clerk, servant, other] = await Promise.all([
      app.login('admin'),
      app.login('clerk'),
      app.login('servant01'),
      app.login('servant02'),
    ]);
    big = await hallNamed(app, servant.token, BIG);
    small = await hallNamed(app, servant.token, SMALL);
  });
  afterAll(() => app.close());

  const book = (hallId: string, body: Booking, token = servant.token) =>
    app.api.post('/api/halls/:id/bookings', {
      params: { id: hallId },
      body: { title: 'Среща', inviteeIds: [], ...body },
      token,
    });
  const halls = (date: DateTime, token: string) =>
    app.api.get('/api/halls', { query: { date: date.toISODate()! }, token });

  it('lists halls with policy and free/busy for a day', async () => {
    const day = weekdayAt(20, 9);
    const booked = await book(big.id, range(day.set({ hour: 10 }), 60));
    expect(booked.status).toBe(201);
    expectOk(booked);
    const res = await halls(day, other.token);
    expect(res.status).toBe(200);
    expectOk(res);
    const hall = res.body.find((h) => h.id === big.id)!;
    expect(hall.policy.bookingWindowDays).toBe(365);
    expect(hall.freeBusy!.busy).toHaveLength(1);
    expect(hall.freeBusy!.busy[0]).not.toHaveProperty('title');
    expect(hall.freeBusy!.busy[0]).not.toHaveProperty('own');
    // The organizer sees the booking as their own, named.
    const mine = await halls(day, servant.token);
    expect(viewOf(mine)?.find((h) => h.id === big.id)!.freeBusy!.busy).toEqual([
      {
        startsAt: booked.body.startsAt,
        endsAt: booked.body.endsAt,
        status: 'confirmed',
        own: true,
        id: booked.body.id,
        title: 'Среща',
      },
    ]);
    expect(hall.freeBusy!.free.map((f) => local(f.startsAt).slice(11))).toEqual(['08:00', '11:00']);
    expect((await app.get(`/api/halls?week=${day.toISODate()}`, { token: other.token })).status).toBe(200);
  });

  it('200 parallel overlapping bookings: exactly one wins, 199 get 409, none fail', async () => {
    const start = weekdayAt(30, 9);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        book(big.id, { title: `race ${i}`, ...range(start.plus({ minutes: i % 30 }), 60) }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(199);
    expect(statuses.filter((s) => s >= 500)).toHaveLength(0);
    const refused = results.find((r) => r.status === 409)!;
    expectError(refused, 409, 'slot_taken');
    const winner = results.find((r) => r.status === 201)!;
    expectOk(winner);
    expect(slotTaken(refused).conflicts.map((c) => c.id)).toEqual([winner.body.id]);
  });

  it('adjacent bookings both succeed; an overlap names the meeting in the way', async () => {
    const start = weekdayAt(31, 10);
    const a = await book(small.id, range(start, 60));
    const b = await book(small.id, range(start.plus({ minutes: 60 }), 60));
    expect([a.status, b.status]).toEqual([201, 201]);
    expectOk(a);
    expectOk(b);
    const c = await book(small.id, range(start.plus({ minutes: 30 }), 60), other.token);
    expect(c.status).toBe(409);
    expectError(c, 409);
    expect(
      slotTaken(c)
        .conflicts.map((m) => m.id)
        .sort(),
    ).toEqual([a.body.id, b.body.id].sort());
  });

  it('the meetings in the way show their titles only to those who take part in them (and to clerks)', async () => {
    const start = weekdayAt(33, 14);
    const mine = await book(small.id, { ...range(start, 60), title: 'Дисциплинарна комисия' });
    expect(mine.status).toBe(201);
    expectOk(mine);
    const titles = async (token: string) => {
      const res = await book(small.id, range(start.plus({ minutes: 15 }), 30), token);
      expect([res.status, errorOf(res)?.code]).toEqual([409, 'slot_taken']);
      expectError(res, 409);
      return slotTaken(res).conflicts.map((c) => [c.id, c.title]);
    };
    // A colleague learns that the hall is taken and when, not what the meeting is about…
    expect(await titles(other.token)).toEqual([[mine.body.id, null]]);
    // …while the organizer and the clerks see it named.
    expect(await titles(servant.token)).toEqual([[mine.body.id, 'Дисциплинарна комисия']]);
    expect(await titles(clerk.token)).toEqual([[mine.body.id, 'Дисциплинарна комисия']]);
  });

  it('validates input and knows halls', async () => {
    const start = weekdayAt(32, 10);
    // An end at or before the start has a code of its own, for the form's end field, and books nothing.
    const busy = async () => viewOf(await halls(start, servant.token))?.find((h) => h.id === small.id)!.freeBusy!.busy;
    const before = await busy();
    for (const endsAt of [start.minus({ minutes: 30 }), start]) {
      const refused = await book(small.id, { startsAt: start.toISO()!, endsAt: endsAt.toISO()! });
      expect([refused.status, errorOf(refused)?.code, errorOf(refused)?.details]).toEqual([
        400,
        'ends_before_start',
        { issues: [{ path: 'body.endsAt', message: 'endsAt must be after startsAt' }] },
      ]);
    }
    const series = await book(small.id, {
      startsAt: start.toISO()!,
      endsAt: start.minus({ minutes: 30 }).toISO()!,
      recurrence: 'FREQ=WEEKLY;COUNT=3',
    });
    expect([series.status, errorOf(series)?.code]).toEqual([400, 'ends_before_start']);
    expect(await busy()).toEqual(before);
    const unknown = await book('00000000-0000-4000-8000-000000000000', range(start, 30));
    expect(unknown.status).toBe(404);
    // A personal room is a space but not a hall: booking it is booking nothing there is.
    const myRoom = await ok(app.api.get('/api/rooms/me', { token: servant.token }), 'my room');
    expect((await book(myRoom.id, range(start, 30))).status).toBe(404);
  });

  it('enforces every policy rule with its own code', async () => {
    const hall = await openHall(app, admin.token, {
      bookableHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '20:00' })),
      minNoticeMinutes: 24 * 60,
      maxDurationMinutes: 120,
      bookingWindowDays: 60,
    });
    const day = weekdayAt(10, 9);
    const code = async (body: Booking) => errorOf(await book(hall.id, body))?.code;
    expect(await code(range(day.set({ hour: 7 }), 60))).toBe('outside_bookable_hours');
    expect(await code(range(day.set({ hour: 19, minute: 30 }), 60))).toBe('outside_bookable_hours');
    let saturday = day;
    while (saturday.weekday !== 6) saturday = saturday.plus({ days: 1 });
    expect(await code(range(saturday.set({ hour: 10 }), 60))).toBe('outside_bookable_hours');
    expect(await code(range(day, 121))).toBe('too_long');
    // Inside the bookable hours but without the notice: the last weekday before today at 10:00 (on
    // a Monday or a weekend "the weekday before the next one" would be a Sunday, outside the hours).
    let lastWeekday = DateTime.now()
      .setZone(ZONE)
      .minus({ days: 1 })
      .set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    while (lastWeekday.weekday > 5) lastWeekday = lastWeekday.minus({ days: 1 });
    expect(await code(range(lastWeekday, 30))).toBe('too_short_notice');
    expect(await code(range(weekdayAt(90, 10), 30))).toBe('beyond_booking_window');
    expect((await book(hall.id, range(day, 120))).status).toBe(201);
  });

  it('enforces capacity and who may book', async () => {
    const staff = await ok(
      app.api.get('/api/admin/users', { query: { limit: 20, q: 'servant' }, token: admin.token }),
      'list the staff',
    );
    const ids = staff.items.map((u) => u.id).filter((id) => id !== servant.user.id);
    const hall = await openHall(app, admin.token, {});
    await app.patch(`/api/halls/${hall.id}`, { capacity: 3 }, { token: admin.token });
    const start = weekdayAt(40, 10);
    const tooMany = await book(hall.id, { ...range(start, 30), inviteeIds: ids.slice(0, 3) });
    expectError(tooMany, 400, 'capacity_exceeded');
    expect((await book(hall.id, { ...range(start, 30), inviteeIds: ids.slice(0, 2) })).status).toBe(201);

    const restricted = await openHall(app, admin.token, { allowedRoles: ['councillor'] });
    const refused = await book(restricted.id, range(start, 30));
    expectError(refused, 403, 'not_allowed');
    expect((await book(restricted.id, range(start, 30), clerk.token)).status).toBe(201);
  });

  it('a hall open all day takes a booking across midnight; the demo hall (08:00–20:00) does not', async () => {
    const hall = await openHall(app, admin.token);
    const late = weekdayAt(45, 23);
    const across = await book(hall.id, range(late, 120));
    expect(across.status).toBe(201);
    expectOk(across);
    expect(local(across.body.endsAt)).toBe(late.plus({ hours: 2 }).toFormat("yyyy-LL-dd'T'HH:mm"));
    const refused = await book(big.id, range(weekdayAt(45, 19), 120));
    expectError(refused, 400, 'outside_bookable_hours');
  });

  it('only admins create and edit halls', async () => {
    expect((await app.post('/api/halls', { name: 'X', capacity: 5 }, { token: servant.token })).status).toBe(403);
    expect((await app.patch(`/api/halls/${big.id}`, { capacity: 5 }, { token: clerk.token })).status).toBe(403);
    const renamed = await app.patch(`/api/halls/${small.id}`, { policy: { bufferMinutes: 0 } }, { token: admin.token });
    expect(renamed.status).toBe(200);
  });

  it('keeps a buffer between bookings when the policy asks for one', async () => {
    const hall = await openHall(app, admin.token, { bufferMinutes: 15 });
    const start = weekdayAt(41, 10);
    expect((await book(hall.id, range(start, 60))).status).toBe(201);
    const tooClose = await book(hall.id, range(start.plus({ minutes: 70 }), 30));
    expectError(tooClose, 409, 'slot_taken');
    expect((await book(hall.id, range(start.plus({ minutes: 75 }), 30))).status).toBe(201);
  });

  it('approval: pending holds the slot; a clerk approves or rejects', async () => {
    const hall = await openHall(app, admin.token, { requiresApproval: true });
    const start = weekdayAt(42, 10);
    const pending = await book(hall.id, range(start, 60));
    expect(pending.status).toBe(201);
    expectOk(pending);
    expect(pending.body.status).toBe('pending');
    expect((await book(hall.id, range(start, 60), other.token)).status).toBe(409);
    expect((await app.post(`/api/meetings/${pending.body.id}/approve`, {}, { token: servant.token })).status).toBe(403);
    const approve = () =>
      app.api.post('/api/meetings/:id/approve', { params: { id: pending.body.id }, body: {}, token: clerk.token });
    const approved = await approve();
    expect(approved.status).toBe(200);
    expectOk(approved);
    expect(approved.body.status).toBe('confirmed');
    expect(approved.body.sequence).toBe(1);
    expect(errorOf(await approve())?.code).toBe('not_pending');

    const second = await ok(book(hall.id, range(start.plus({ hours: 2 }), 60), other.token), 'book the second');
    const rejected = await app.api.post('/api/meetings/:id/reject', {
      params: { id: second.id },
      body: { reason: 'ремонт' },
      token: clerk.token,
    });
    expect(viewOf(rejected)?.status).toBe('cancelled');
    expect((await book(hall.id, range(start.plus({ hours: 2 }), 60))).status).toBe(201);
  });

  it('an approved booking that its organizer moves waits for a clerk again; a clerk’s move does not', async () => {
    const hall = await openHall(app, admin.token, { requiresApproval: true });
    const start = weekdayAt(43, 10);
    const booking = await book(hall.id, range(start, 60));
    expect(viewOf(booking)?.status).toBe('pending');
    expectOk(booking);
    const patch = (body: BodyOf<'PATCH', '/api/meetings/:id'>, token: string) =>
      app.api.patch('/api/meetings/:id', { params: { id: booking.body.id }, body, token });
    expect((await app.post(`/api/meetings/${booking.body.id}/approve`, {}, { token: clerk.token })).status).toBe(200);
    // A renaming is no new request for the hall: it stays approved.
    const renamed = await patch({ title: 'Нов надпис' }, servant.token);
    expect([renamed.status, viewOf(renamed)?.status]).toEqual([200, 'confirmed']);
    const moved = await patch(range(start.plus({ hours: 2 }), 60), servant.token);
    expect([moved.status, viewOf(moved)?.status]).toEqual([200, 'pending']);
    expect((await app.post(`/api/meetings/${booking.body.id}/approve`, {}, { token: clerk.token })).status).toBe(200);
    const byClerk = await patch(range(start.plus({ hours: 4 }), 60), clerk.token);
    expect([byClerk.status, viewOf(byClerk)?.status]).toEqual([200, 'confirmed']);
  });

  it('only the organizer, a clerk or an admin cancels; cancelling frees the slot', async () => {
    const start = weekdayAt(43, 10);
    const meeting = await ok(book(small.id, { ...range(start, 60), inviteeIds: [other.user.id] }), 'book');
    const invitee = await app.post(`/api/meetings/${meeting.id}/cancel`, {}, { token: other.token });
    expect(invitee.status).toBe(403);
    const stranger = await app.login('servant05');
    expect((await app.post(`/api/meetings/${meeting.id}/cancel`, {}, { token: stranger.token })).status).toBe(404);
    const cancelled = await app.api.post('/api/meetings/:id/cancel', {
      params: { id: meeting.id },
      body: { reason: 'болест' },
      token: servant.token,
    });
    expect(cancelled.status).toBe(200);
    expectOk(cancelled);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.cancelReason).toBe('болест');
    expect((await book(small.id, range(start, 60), other.token)).status).toBe(201);
    const byClerk = await ok(book(small.id, range(start.plus({ hours: 2 }), 60)), 'book again');
    expect((await app.post(`/api/meetings/${byClerk.id}/cancel`, {}, { token: clerk.token })).status).toBe(200);
  });

  it('reschedule keeps the meeting, raises the sequence and is conflict-checked', async () => {
    const hall = await openHall(app, admin.token, {
      bookableHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '20:00' })),
    });
    const start = weekdayAt(44, 10);
    const a = await book(hall.id, range(start, 60));
    const b = await book(hall.id, range(start.plus({ hours: 2 }), 60));
    expect([a.status, b.status]).toEqual([201, 201]);
    expectOk(a);
    expectOk(b);
    const move = (body: BodyOf<'PATCH', '/api/meetings/:id'>) =>
      app.api.patch('/api/meetings/:id', { params: { id: a.body.id }, body, token: servant.token });
    const moved = await move(range(start.plus({ minutes: 30 }), 60));
    expect([moved.status, errorOf(moved)?.code, errorOf(moved)?.message]).toEqual([200, undefined, undefined]);
    expectOk(moved);
    expect(moved.body.id).toBe(a.body.id);
    expect(moved.body.sequence).toBe(a.body.sequence + 1);
    const clash = await move(range(start.plus({ hours: 2, minutes: 30 }), 60));
    expect(clash.status).toBe(409);
    expectError(clash, 409);
    expect(slotTaken(clash).conflicts.map((c) => c.id)).toEqual([b.body.id]);
    const outside = await move(range(start.set({ hour: 21 }), 60));
    expect(errorOf(outside)?.code).toBe('outside_bookable_hours');
    expect((await app.patch(`/api/meetings/${a.body.id}`, { title: 'x' }, { token: other.token })).status).toBe(404);
  });

  describe('recurring series', () => {
    it('stays at 10:00 Sofia time across the spring and autumn changes', async () => {
      const hall = await openHall(app, admin.token);
      for (const month of [3, 10] as const) {
        const monday = mondayBeforeDstChange(month).set({ hour: 10 });
        const res = await book(hall.id, { ...range(monday, 60), recurrence: 'FREQ=WEEKLY;COUNT=3' });
        expect(res.status).toBe(201);
        expectOk(res);
        expect(res.body.occurrences).toHaveLength(3);
        const times = res.body.occurrences!.map((o) => local(o.startsAt).slice(11));
        expect(times).toEqual(['10:00', '10:00', '10:00']);
        const offsets = res.body.occurrences!.map((o) => new Date(o.startsAt).getUTCHours());
        expect(new Set(offsets).size).toBe(2); // the UTC hour changes with the clocks
      }
    });

    it('a series with one clash is refused whole, naming the clash', async () => {
      const hall = await openHall(app, admin.token);
      const monday = weekdayAt(50, 9);
      const blocker = await book(
        hall.id,
        range(monday.plus({ weeks: 2 }).set({ hour: 9, minute: 30 }), 30),
        other.token,
      );
      expect(blocker.status).toBe(201);
      expectOk(blocker);
      const series = await book(hall.id, { ...range(monday, 60), recurrence: 'FREQ=WEEKLY;COUNT=4' });
      expect(series.status).toBe(409);
      expectError(series, 409);
      expect(slotTaken(series).conflicts.map((c) => c.id)).toEqual([blocker.body.id]);
      expect(slotTaken(series).occurrences).toHaveLength(1);
      const mine = await ok(
        app.api.get('/api/meetings/upcoming', { query: { limit: 200 }, token: servant.token }),
        'my upcoming meetings',
      );
      expect(mine.items.filter((m) => m.space.id === hall.id)).toHaveLength(0);
    });

    it('edits one occurrence, this and the following, or cancels the whole series', async () => {
      const hall = await openHall(app, admin.token);
      const first = weekdayAt(60, 9);
      const series = await book(hall.id, { ...range(first, 60), recurrence: 'FREQ=WEEKLY;COUNT=4' });
      expect(series.status).toBe(201);
      expectOk(series);
      const occ = series.body.occurrences!;
      const meeting = (id: string) => app.api.get('/api/meetings/:id', { params: { id }, token: servant.token });

      const one = await app.api.patch('/api/meetings/:id', {
        params: { id: occ[1]!.id },
        body: { ...range(first.plus({ weeks: 1, hours: 3 }), 60), scope: 'this' },
        token: servant.token,
      });
      expect(one.status).toBe(200);
      expectOk(one);
      expect(local(one.body.startsAt).slice(11)).toBe('12:00');
      const untouched = await ok(meeting(occ[2]!.id), 'read occurrence 2');
      expect(local(untouched.startsAt).slice(11)).toBe('09:00');

      const following = await app.patch(
        `/api/meetings/${occ[2]!.id}`,
        { ...range(first.plus({ weeks: 2, hours: 5 }), 30), scope: 'following' },
        { token: servant.token },
      );
      expect(following.status).toBe(200);
      const last = await ok(meeting(occ[3]!.id), 'read occurrence 3');
      expect(local(last.startsAt).slice(11)).toBe('14:00');
      expect(Date.parse(last.endsAt) - Date.parse(last.startsAt)).toBe(30 * 60_000);
      const firstNow = await ok(meeting(occ[0]!.id), 'read occurrence 0');
      expect(local(firstNow.startsAt).slice(11)).toBe('09:00');
      expect(last.seriesId).not.toBe(firstNow.seriesId);

      const cancelOne = await app.post(
        `/api/meetings/${occ[0]!.id}/cancel`,
        { scope: 'series' },
        { token: servant.token },
      );
      expect(cancelOne.status).toBe(200);
      const states = await Promise.all(occ.map((o) => meeting(o.id)));
      // The first split kept occurrences 0 and 1 together; 2 and 3 became a series of their own.
      expect(states.map((s) => viewOf(s)?.status)).toEqual(['cancelled', 'cancelled', 'confirmed', 'confirmed']);
    });
  });
});

/**
 * Two writers of one hall's times never sit in the exclusion constraint at the same time.
 * Before the hall's lock they could: each inserted, each then saw the other's uncommitted
 * row and waited for it, and only PostgreSQL's deadlock detector broke the circle, after
 * `deadlock_timeout` (1 s) and one pair at a time — the bench's 200 simultaneous bookings
 * of one hall then queued for seconds and most were answered 503. Here the detector waits
 * ten minutes, so such a circle would hang the bookings. PostgreSQL only: the embedded
 * database has one connection, and no two transactions ever overlap on it.
 */
const onServer = process.env.DATABASE_URL ? describe : describe.skip;
onServer('hall bookings at the same moment (PostgreSQL)', () => {
  let app: TestApp;
  let clerk: SignedIn;
  let hall: HallView;
  /** A transaction of the test's own: a booking in flight, inserted and not yet committed. */
  let inFlight: pg.Client;
  let watcher: pg.Client;

  beforeAll(async () => {
    const db = await freshDatabase();
    const url = new URL(db.databaseUrl!);
    url.searchParams.set('options', '-c deadlock_timeout=10min');
    app = await TestApp.start({ db, env: { DATABASE_URL: url.toString() } });
    clerk = await app.login('clerk');
    hall = await hallNamed(app, clerk.token, BIG);
    inFlight = new pg.Client({ connectionString: db.databaseUrl });
    watcher = new pg.Client({ connectionString: db.databaseUrl });
    await Promise.all([inFlight.connect(), watcher.connect()]);
  });
  afterAll(async () => {
    await Promise.all([inFlight?.end(), watcher?.end()]);
    await app?.close();
  });

  /** How many of the portal's database sessions wait for a lock. */
  const waitingForLocks = async () => {
    const { rows } = await watcher.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> $1`,
      [(inFlight as unknown as { processID: number }).processID],
    );
    return rows[0]!.n;
  };

  it('a second overlapping booking waits for the first one, is refused at once, and nothing deadlocks', async () => {
    const start = weekdayAt(40, 10);
    await inFlight.query('BEGIN');
    await inFlight.query(
      `INSERT INTO meeting (id, space_id, kind, title, organizer_id, starts_at, ends_at, status, ical_uid)
       VALUES (gen_random_uuid(), $1, 'booking', 'in flight', $2, $3, $4, 'confirmed', gen_random_uuid()::text)`,
      [hall.id, clerk.user.id, start.toJSDate(), start.plus({ hours: 1 }).toJSDate()],
    );
    const book = (from: DateTime, title: string) =>
      app.api.post('/api/halls/:id/bookings', {
        params: { id: hall.id },
        body: { title, inviteeIds: [], ...range(from, 60) },
        token: clerk.token,
      });
    // The first waits for the transaction in flight; the second arrives while it waits.
    const first = book(start.plus({ minutes: 30 }), 'first');
    await eventually(async () => expect(await waitingForLocks()).toBe(1));
    const second = book(start.plus({ minutes: 45 }), 'second');
    await eventually(async () => expect(await waitingForLocks()).toBe(2));
    await inFlight.query('ROLLBACK');
    // Both answered: a circle of waits would hold them until the detector's ten minutes.
    const hung = Symbol('still waiting');
    const answers = await Promise.race([
      Promise.all([first, second]),
      new Promise<typeof hung>((resolve) => setTimeout(() => resolve(hung), 30_000).unref()),
    ]);
    expect(answers).not.toBe(hung);
    const [a, b] = answers as Awaited<typeof first>[];
    expect([a!.status, b!.status]).toEqual([201, 409]);
    expectOk(a!);
    expectError(b!, 409, 'slot_taken');
    expect(slotTaken(b!).conflicts.map((c) => c.id)).toEqual([a!.body.id]);
    expect(await waitingForLocks()).toBe(0);
  });
});
