import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { TestApp, type SignedIn } from '../support/app.js';
import { hallNamed, local, mondayBeforeDstChange, openHall, range, weekdayAt, ZONE } from '../schedule/helpers.js';

const BIG = 'Голяма заседателна зала';
const SMALL = 'Малка заседателна зала';

describe('hall bookings', () => {
  let app: TestApp;
  let admin: SignedIn;
  let clerk: SignedIn;
  let servant: SignedIn;
  let other: SignedIn;
  let big: { id: string; capacity: number };
  let small: { id: string; capacity: number };

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

  const book = (hallId: string, body: Record<string, unknown>, token = servant.token) =>
    app.post(`/api/halls/${hallId}/bookings`, { title: 'Среща', inviteeIds: [], ...body }, { token });

  it('lists halls with policy and free/busy for a day', async () => {
    const day = weekdayAt(20, 9);
    const booked = await book(big.id, range(day.set({ hour: 10 }), 60));
    expect(booked.status).toBe(201);
    const res = await app.get(`/api/halls?date=${day.toISODate()}`, { token: other.token });
    expect(res.status).toBe(200);
    const hall = res.body.find((h: { id: string }) => h.id === big.id);
    expect(hall.policy.bookingWindowDays).toBe(365);
    expect(hall.freeBusy.busy).toHaveLength(1);
    expect(hall.freeBusy.busy[0]).not.toHaveProperty('title');
    expect(hall.freeBusy.busy[0]).not.toHaveProperty('own');
    // The organizer sees the booking as their own, named.
    const mine = await app.get(`/api/halls?date=${day.toISODate()}`, { token: servant.token });
    expect(mine.body.find((h: { id: string }) => h.id === big.id).freeBusy.busy).toEqual([
      {
        startsAt: booked.body.startsAt,
        endsAt: booked.body.endsAt,
        status: 'confirmed',
        own: true,
        id: booked.body.id,
        title: 'Среща',
      },
    ]);
    expect(hall.freeBusy.free.map((f: { startsAt: string }) => local(f.startsAt).slice(11))).toEqual([
      '08:00',
      '11:00',
    ]);
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
    expect(refused.body.code).toBe('slot_taken');
    const winner = results.find((r) => r.status === 201)!;
    expect(refused.body.details.conflicts.map((c: { id: string }) => c.id)).toEqual([winner.body.id]);
  });

  it('adjacent bookings both succeed; an overlap names the meeting in the way', async () => {
    const start = weekdayAt(31, 10);
    const a = await book(small.id, range(start, 60));
    const b = await book(small.id, range(start.plus({ minutes: 60 }), 60));
    expect([a.status, b.status]).toEqual([201, 201]);
    const c = await book(small.id, range(start.plus({ minutes: 30 }), 60), other.token);
    expect(c.status).toBe(409);
    expect(c.body.details.conflicts.map((m: { id: string }) => m.id).sort()).toEqual([a.body.id, b.body.id].sort());
  });

  it('the meetings in the way show their titles only to those who take part in them (and to clerks)', async () => {
    const start = weekdayAt(33, 14);
    const mine = await book(small.id, { ...range(start, 60), title: 'Дисциплинарна комисия' });
    expect(mine.status).toBe(201);
    const titles = async (token: string) => {
      const res = await book(small.id, range(start.plus({ minutes: 15 }), 30), token);
      expect([res.status, res.body.code]).toEqual([409, 'slot_taken']);
      return res.body.details.conflicts.map((c: { id: string; title: string | null }) => [c.id, c.title]);
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
    const busy = async () =>
      (await app.get(`/api/halls?date=${start.toISODate()}`, { token: servant.token })).body.find(
        (h: { id: string }) => h.id === small.id,
      ).freeBusy.busy;
    const before = await busy();
    for (const endsAt of [start.minus({ minutes: 30 }), start]) {
      const refused = await book(small.id, { startsAt: start.toISO(), endsAt: endsAt.toISO() });
      expect([refused.status, refused.body.code, refused.body.details]).toEqual([
        400,
        'ends_before_start',
        { issues: [{ path: 'body.endsAt', message: 'endsAt must be after startsAt' }] },
      ]);
    }
    const series = await book(small.id, {
      startsAt: start.toISO(),
      endsAt: start.minus({ minutes: 30 }).toISO(),
      recurrence: 'FREQ=WEEKLY;COUNT=3',
    });
    expect([series.status, series.body.code]).toEqual([400, 'ends_before_start']);
    expect(await busy()).toEqual(before);
    const unknown = await book('00000000-0000-4000-8000-000000000000', range(start, 30));
    expect(unknown.status).toBe(404);
    const mySpaces = await app.get('/api/rooms/me', { token: servant.token });
    if (mySpaces.status === 200 && mySpaces.body?.space?.id) {
      expect((await book(mySpaces.body.space.id, range(start, 30))).status).toBe(404);
    }
  });

  it('enforces every policy rule with its own code', async () => {
    const hall = await openHall(app, admin.token, {
      bookableHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '20:00' })),
      minNoticeMinutes: 24 * 60,
      maxDurationMinutes: 120,
      bookingWindowDays: 60,
    });
    const day = weekdayAt(10, 9);
    const code = async (body: Record<string, unknown>) => (await book(hall.id, body)).body.code;
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
    const staff = await app.get('/api/admin/users?limit=20&q=servant', { token: admin.token });
    const ids = staff.body.items.map((u: { id: string }) => u.id).filter((id: string) => id !== servant.user.id);
    const hall = await openHall(app, admin.token, {});
    await app.patch(`/api/halls/${hall.id}`, { capacity: 3 }, { token: admin.token });
    const start = weekdayAt(40, 10);
    const tooMany = await book(hall.id, { ...range(start, 30), inviteeIds: ids.slice(0, 3) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.code).toBe('capacity_exceeded');
    expect((await book(hall.id, { ...range(start, 30), inviteeIds: ids.slice(0, 2) })).status).toBe(201);

    const restricted = await openHall(app, admin.token, { allowedRoles: ['councillor'] });
    const refused = await book(restricted.id, range(start, 30));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('not_allowed');
    expect((await book(restricted.id, range(start, 30), clerk.token)).status).toBe(201);
  });

  it('a hall open all day takes a booking across midnight; the demo hall (08:00–20:00) does not', async () => {
    const hall = await openHall(app, admin.token);
    const late = weekdayAt(45, 23);
    const across = await book(hall.id, range(late, 120));
    expect(across.status).toBe(201);
    expect(local(across.body.endsAt)).toBe(late.plus({ hours: 2 }).toFormat("yyyy-LL-dd'T'HH:mm"));
    const refused = await book(big.id, range(weekdayAt(45, 19), 120));
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('outside_bookable_hours');
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
    expect(tooClose.status).toBe(409);
    expect(tooClose.body.code).toBe('slot_taken');
    expect((await book(hall.id, range(start.plus({ minutes: 75 }), 30))).status).toBe(201);
  });

  it('approval: pending holds the slot; a clerk approves or rejects', async () => {
    const hall = await openHall(app, admin.token, { requiresApproval: true });
    const start = weekdayAt(42, 10);
    const pending = await book(hall.id, range(start, 60));
    expect(pending.status).toBe(201);
    expect(pending.body.status).toBe('pending');
    expect((await book(hall.id, range(start, 60), other.token)).status).toBe(409);
    expect((await app.post(`/api/meetings/${pending.body.id}/approve`, {}, { token: servant.token })).status).toBe(403);
    const approved = await app.post(`/api/meetings/${pending.body.id}/approve`, {}, { token: clerk.token });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('confirmed');
    expect(approved.body.sequence).toBe(1);
    expect((await app.post(`/api/meetings/${pending.body.id}/approve`, {}, { token: clerk.token })).body.code).toBe(
      'not_pending',
    );

    const second = await book(hall.id, range(start.plus({ hours: 2 }), 60), other.token);
    const rejected = await app.post(
      `/api/meetings/${second.body.id}/reject`,
      { reason: 'ремонт' },
      { token: clerk.token },
    );
    expect(rejected.body.status).toBe('cancelled');
    expect((await book(hall.id, range(start.plus({ hours: 2 }), 60))).status).toBe(201);
  });

  it('an approved booking that its organizer moves waits for a clerk again; a clerk’s move does not', async () => {
    const hall = await openHall(app, admin.token, { requiresApproval: true });
    const start = weekdayAt(43, 10);
    const booking = await book(hall.id, range(start, 60));
    expect(booking.body.status).toBe('pending');
    expect((await app.post(`/api/meetings/${booking.body.id}/approve`, {}, { token: clerk.token })).status).toBe(200);
    // A renaming is no new request for the hall: it stays approved.
    const renamed = await app.patch(
      `/api/meetings/${booking.body.id}`,
      { title: 'Нов надпис' },
      { token: servant.token },
    );
    expect([renamed.status, renamed.body.status]).toEqual([200, 'confirmed']);
    const moved = await app.patch(`/api/meetings/${booking.body.id}`, range(start.plus({ hours: 2 }), 60), {
      token: servant.token,
    });
    expect([moved.status, moved.body.status]).toEqual([200, 'pending']);
    expect((await app.post(`/api/meetings/${booking.body.id}/approve`, {}, { token: clerk.token })).status).toBe(200);
    const byClerk = await app.patch(`/api/meetings/${booking.body.id}`, range(start.plus({ hours: 4 }), 60), {
      token: clerk.token,
    });
    expect([byClerk.status, byClerk.body.status]).toEqual([200, 'confirmed']);
  });

  it('only the organizer, a clerk or an admin cancels; cancelling frees the slot', async () => {
    const start = weekdayAt(43, 10);
    const meeting = await book(small.id, { ...range(start, 60), inviteeIds: [other.user.id] });
    const invitee = await app.post(`/api/meetings/${meeting.body.id}/cancel`, {}, { token: other.token });
    expect(invitee.status).toBe(403);
    const stranger = await app.login('servant05');
    expect((await app.post(`/api/meetings/${meeting.body.id}/cancel`, {}, { token: stranger.token })).status).toBe(404);
    const cancelled = await app.post(
      `/api/meetings/${meeting.body.id}/cancel`,
      { reason: 'болест' },
      { token: servant.token },
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.cancelReason).toBe('болест');
    expect((await book(small.id, range(start, 60), other.token)).status).toBe(201);
    const byClerk = await book(small.id, range(start.plus({ hours: 2 }), 60));
    expect((await app.post(`/api/meetings/${byClerk.body.id}/cancel`, {}, { token: clerk.token })).status).toBe(200);
  });

  it('reschedule keeps the meeting, raises the sequence and is conflict-checked', async () => {
    const hall = await openHall(app, admin.token, {
      bookableHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '20:00' })),
    });
    const start = weekdayAt(44, 10);
    const a = await book(hall.id, range(start, 60));
    const b = await book(hall.id, range(start.plus({ hours: 2 }), 60));
    expect([a.status, b.status]).toEqual([201, 201]);
    const moved = await app.patch(`/api/meetings/${a.body.id}`, range(start.plus({ minutes: 30 }), 60), {
      token: servant.token,
    });
    expect([moved.status, moved.body.code, moved.body.message]).toEqual([200, undefined, undefined]);
    expect(moved.body.id).toBe(a.body.id);
    expect(moved.body.sequence).toBe(a.body.sequence + 1);
    const clash = await app.patch(`/api/meetings/${a.body.id}`, range(start.plus({ hours: 2, minutes: 30 }), 60), {
      token: servant.token,
    });
    expect(clash.status).toBe(409);
    expect(clash.body.details.conflicts.map((c: { id: string }) => c.id)).toEqual([b.body.id]);
    const outside = await app.patch(`/api/meetings/${a.body.id}`, range(start.set({ hour: 21 }), 60), {
      token: servant.token,
    });
    expect(outside.body.code).toBe('outside_bookable_hours');
    expect((await app.patch(`/api/meetings/${a.body.id}`, { title: 'x' }, { token: other.token })).status).toBe(404);
  });

  describe('recurring series', () => {
    it('stays at 10:00 Sofia time across the spring and autumn changes', async () => {
      const hall = await openHall(app, admin.token);
      for (const month of [3, 10] as const) {
        const monday = mondayBeforeDstChange(month).set({ hour: 10 });
        const res = await book(hall.id, { ...range(monday, 60), recurrence: 'FREQ=WEEKLY;COUNT=3' });
        expect(res.status).toBe(201);
        expect(res.body.occurrences).toHaveLength(3);
        const times = res.body.occurrences.map((o: { startsAt: string }) => local(o.startsAt).slice(11));
        expect(times).toEqual(['10:00', '10:00', '10:00']);
        const offsets = res.body.occurrences.map((o: { startsAt: string }) => new Date(o.startsAt).getUTCHours());
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
      const series = await book(hall.id, { ...range(monday, 60), recurrence: 'FREQ=WEEKLY;COUNT=4' });
      expect(series.status).toBe(409);
      expect(series.body.details.conflicts.map((c: { id: string }) => c.id)).toEqual([blocker.body.id]);
      expect(series.body.details.occurrences).toHaveLength(1);
      const mine = await app.get('/api/meetings/upcoming?limit=200', { token: servant.token });
      expect(mine.body.items.filter((m: { space: { id: string } }) => m.space.id === hall.id)).toHaveLength(0);
    });

    it('edits one occurrence, this and the following, or cancels the whole series', async () => {
      const hall = await openHall(app, admin.token);
      const first = weekdayAt(60, 9);
      const series = await book(hall.id, { ...range(first, 60), recurrence: 'FREQ=WEEKLY;COUNT=4' });
      expect(series.status).toBe(201);
      const occ = series.body.occurrences as { id: string; startsAt: string }[];

      const one = await app.patch(
        `/api/meetings/${occ[1]!.id}`,
        { ...range(first.plus({ weeks: 1, hours: 3 }), 60), scope: 'this' },
        { token: servant.token },
      );
      expect(one.status).toBe(200);
      expect(local(one.body.startsAt).slice(11)).toBe('12:00');
      const untouched = await app.get(`/api/meetings/${occ[2]!.id}`, { token: servant.token });
      expect(local(untouched.body.startsAt).slice(11)).toBe('09:00');

      const following = await app.patch(
        `/api/meetings/${occ[2]!.id}`,
        { ...range(first.plus({ weeks: 2, hours: 5 }), 30), scope: 'following' },
        { token: servant.token },
      );
      expect(following.status).toBe(200);
      const last = await app.get(`/api/meetings/${occ[3]!.id}`, { token: servant.token });
      expect(local(last.body.startsAt).slice(11)).toBe('14:00');
      expect(Date.parse(last.body.endsAt) - Date.parse(last.body.startsAt)).toBe(30 * 60_000);
      const firstNow = await app.get(`/api/meetings/${occ[0]!.id}`, { token: servant.token });
      expect(local(firstNow.body.startsAt).slice(11)).toBe('09:00');
      expect(last.body.seriesId).not.toBe(firstNow.body.seriesId);

      const cancelOne = await app.post(
        `/api/meetings/${occ[0]!.id}/cancel`,
        { scope: 'series' },
        { token: servant.token },
      );
      expect(cancelOne.status).toBe(200);
      const states = await Promise.all(occ.map((o) => app.get(`/api/meetings/${o.id}`, { token: servant.token })));
      // The first split kept occurrences 0 and 1 together; 2 and 3 became a series of their own.
      expect(states.map((s) => s.body.status)).toEqual(['cancelled', 'cancelled', 'confirmed', 'confirmed']);
    });
  });
});
