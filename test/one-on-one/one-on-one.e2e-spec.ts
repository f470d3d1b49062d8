import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import type { Socket } from 'socket.io-client';
import type { ErrorBody, OneOnOneView, Slot } from '../../libs/contracts/src/index.js';
import { expectError, expectOk, ok, type Answer, type Call } from '../support/api.js';
import { TestApp, nextEvent, type SignedIn } from '../support/app.js';
import { eventually } from '../support/eventually.js';
import type { EventPayload } from '../support/events.js';
import { ZONE, local, mondayBeforeNextDstChange, slot, workday } from './helpers.js';

/**
 * One-on-ones over HTTP and Socket.IO: working hours, absences, free slots, the
 * request/propose/accept/decline/cancel flow, turn-taking, a third person, expiry and the
 * database refusing to book a person twice (also when two acceptances race).
 */
describe('one-on-ones', () => {
  let app: TestApp;
  let a: SignedIn,
    b: SignedIn,
    c: SignedIn,
    d: SignedIn,
    e: SignedIn,
    f: SignedIn,
    g: SignedIn,
    h: SignedIn,
    s: SignedIn,
    k: SignedIn;
  const sockets: Socket[] = [];
  const socket = async (who: SignedIn) => {
    const so = await app.socket(who.token);
    sockets.push(so);
    return so;
  };
  const ask = (from: SignedIn, to: SignedIn, slots: Slot[], topic = 'Бюджет 2031') =>
    app.api.post('/api/one-on-ones', { body: { inviteeId: to.user.id, topic, slots }, token: from.token });
  /** One of a request's answers; every one answers the request. */
  const act = <A extends 'accept' | 'decline' | 'propose' | 'cancel'>(
    who: SignedIn,
    id: string,
    action: A,
    body: Call<'POST', `/api/one-on-ones/:id/${A}`>['body'],
  ): Promise<Answer<OneOnOneView>> =>
    app.api.send('POST', `/api/one-on-ones/:id/${action}` as '/api/one-on-ones/:id/accept', {
      params: { id },
      body: body as Call<'POST', '/api/one-on-ones/:id/accept'>['body'],
      token: who.token,
    });
  /** A request that must be made; the request. */
  const asked = (from: SignedIn, to: SignedIn, slots: Slot[]) => ok(ask(from, to, slots), 'ask');
  const freeSlots = (who: SignedIn, of: SignedIn, from: DateTime, to: DateTime, minutes = 30) =>
    app.api.get('/api/users/:id/free-slots', {
      params: { id: of.user.id },
      query: { from: from.toISO()!, to: to.toISO()!, minutes },
      token: who.token,
    });
  const meeting = (id: string, who: SignedIn) =>
    ok(app.api.get('/api/meetings/:id', { params: { id }, token: who.token }), 'meeting');
  const upcoming = (who: SignedIn) =>
    ok(app.api.get('/api/meetings/upcoming', { query: { limit: 200 }, token: who.token }), 'upcoming');
  const request = (id: string, who: SignedIn) =>
    app.api.get('/api/one-on-ones/:id', { params: { id }, token: who.token });
  const requests = (who: SignedIn) => ok(app.api.get('/api/one-on-ones', { token: who.token }), 'requests');
  const firstHall = async (who: SignedIn) =>
    (await ok(app.api.get('/api/halls', { token: who.token }), 'halls')).find((x) => x.kind === 'hall')!;

  beforeAll(async () => {
    app = await TestApp.start();
    [a, b, c, d, e, f, g, h, s, k] = await Promise.all(
      [
        'servant01',
        'servant02',
        'servant03',
        'servant04',
        'servant05',
        'servant06',
        'servant07',
        'servant08',
        'servant09',
        'servant10',
      ].map((u) => app.login(u)),
    );
  });

  afterAll(async () => {
    for (const so of sockets) so.close();
    await app?.close();
  });

  describe('working hours and absences', () => {
    it('answers the defaults until the user stores their own', async () => {
      const res = await app.api.get('/api/me/working-hours', { token: d.token });
      expectOk(res, 200);
      expect(res.body).toEqual({
        timeZone: 'Europe/Sofia',
        isDefault: true,
        intervals: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '09:00', to: '17:30' })),
      });
    });

    it('refuses an interval ending before it starts, overlaps, unknown zones and bad input', async () => {
      // Some of these bodies break the contract on purpose: sent untyped.
      const put = (body: unknown) => app.put<ErrorBody>('/api/me/working-hours', body, { token: d.token });
      let res = await put({ intervals: [{ weekday: 1, from: '12:00', to: '09:00' }] });
      expect([res.status, res.body.code]).toEqual([400, 'invalid_working_hours']);
      res = await put({
        intervals: [
          { weekday: 1, from: '09:00', to: '12:00' },
          { weekday: 1, from: '11:00', to: '13:00' },
        ],
      });
      expect([res.status, res.body.code]).toEqual([400, 'overlapping_working_hours']);
      res = await put({ timeZone: 'Mars/Olympus', intervals: [{ weekday: 1, from: '09:00', to: '12:00' }] });
      expect([res.status, res.body.code]).toEqual([400, 'invalid_time_zone']);
      res = await put({ intervals: [{ weekday: 8, from: '9', to: '12:00' }] });
      expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
      expect((await ok(app.api.get('/api/me/working-hours', { token: d.token }), 'hours')).isDefault).toBe(true);
    });

    it('stores split days and answers them back', async () => {
      const intervals = [
        { weekday: 1, from: '08:00', to: '12:00' },
        { weekday: 1, from: '13:00', to: '16:00' },
        { weekday: 3, from: '10:00', to: '14:00' },
      ];
      const res = await app.api.put('/api/me/working-hours', { body: { intervals }, token: d.token });
      expectOk(res, 200);
      expect(res.body).toEqual({ timeZone: 'Europe/Sofia', isDefault: false, intervals });
      expect((await ok(app.api.get('/api/me/working-hours', { token: d.token }), 'hours')).intervals).toEqual(
        intervals,
      );
    });

    it('records, lists and removes absences; only the owner removes them', async () => {
      const absent = (who: SignedIn, body: Call<'POST', '/api/me/absences'>['body']) =>
        app.api.post('/api/me/absences', { body, token: who.token });
      const absences = () => ok(app.api.get('/api/me/absences', { token: d.token }), 'absences');
      const remove = (id: string, who: SignedIn) =>
        app.api.delete('/api/me/absences/:id', { params: { id }, token: who.token });
      const add = await absent(d, {
        kind: 'leave',
        startsOn: '2031-07-01',
        endsOn: '2031-07-10',
        substituteId: s.user.id,
      });
      expectOk(add, 201);
      expect(add.body).toMatchObject({ kind: 'leave', startsOn: '2031-07-01', endsOn: '2031-07-10' });
      expect(add.body.substitute?.id).toBe(s.user.id);
      const bad = await absent(d, { kind: 'leave', startsOn: '2031-07-10', endsOn: '2031-07-01' });
      expectError(bad, 400, 'invalid_absence');
      const self = await absent(d, {
        kind: 'other',
        startsOn: '2031-07-10',
        endsOn: '2031-07-11',
        substituteId: d.user.id,
      });
      expectError(self, 400, 'invalid_substitute');
      expect((await absences()).map((x) => x.id)).toEqual([add.body.id]);
      expectError(await remove(add.body.id, a), 404);
      expectOk(await remove(add.body.id, d), 204);
      expect(await absences()).toEqual([]);
    });
  });

  describe('free slots', () => {
    it('are inside working hours on a 15-minute grid, and refuse long or reversed windows', async () => {
      const day = workday(0, 0);
      const res = await freeSlots(a, h, day, day.plus({ days: 1 }));
      expectOk(res, 200);
      const starts = res.body.map((x) => local(x.startsAt).slice(11));
      expect(starts[0]).toBe('09:00');
      expect(starts.at(-1)).toBe('17:00');
      expect(starts).toHaveLength(33);
      expect(res.body.every((x) => !x.substitute)).toBe(true);

      const long = await freeSlots(a, h, day, day.plus({ days: 32 }));
      expectError(long, 400, 'window_too_long');
      const reversed = await freeSlots(a, h, day, day.minus({ hours: 1 }));
      expectError(reversed, 400, 'invalid_window');
      const unknown = await app.api.get('/api/users/:id/free-slots', {
        params: { id: '00000000-0000-4000-8000-000000000000' },
        query: { from: day.toISO()!, to: day.plus({ days: 1 }).toISO()! },
        token: a.token,
      });
      expectError(unknown, 404);
    });

    it('keep two hours of notice', async () => {
      const now = DateTime.now().setZone(ZONE);
      const res = await freeSlots(a, h, now, now.plus({ days: 7 }));
      expectOk(res, 200);
      expect(res.body.length).toBeGreaterThan(0);
      for (const x of res.body)
        expect(Date.parse(x.startsAt)).toBeGreaterThanOrEqual(now.plus({ hours: 2 }).toMillis());
    });

    it('follow the stored working hours of the person (split day)', async () => {
      let monday = workday(0, 0);
      while (monday.weekday !== 1) monday = monday.plus({ days: 1 });
      const res = await freeSlots(a, d, monday, monday.plus({ days: 1 }), 60);
      expectOk(res, 200);
      const starts = res.body.map((x) => local(x.startsAt).slice(11));
      expect(starts[0]).toBe('08:00');
      expect(starts).toContain('11:00');
      expect(starts).not.toContain('11:15'); // would end after 12:00
      expect(starts).not.toContain('12:30');
      expect(starts).toContain('13:00');
      expect(starts.at(-1)).toBe('15:00');
    });

    it('leave out meetings the person organizes (with a buffer)', async () => {
      const day = workday(1, 10);
      const hall = await firstHall(h);
      const booked = await app.api.post('/api/halls/:id/bookings', {
        params: { id: hall.id },
        body: { title: 'Планиране', inviteeIds: [], ...slot(day, 60) },
        token: h.token,
      });
      expectOk(booked, 201);
      const res = await freeSlots(a, h, day.startOf('day'), day.startOf('day').plus({ days: 1 }));
      expectOk(res, 200);
      const starts = res.body.map((x) => local(x.startsAt).slice(11));
      expect(starts).toContain('09:15');
      for (const t of ['09:30', '09:45', '10:00', '10:30', '11:00']) expect(starts).not.toContain(t);
      expect(starts).toContain('11:15');
    });

    it('mark a slot touching an invitation not yet answered as tentative; an accepted one leaves it out', async () => {
      const day = workday(12, 10);
      const hall = await firstHall(k);
      const booked = await app.api.post('/api/halls/:id/bookings', {
        params: { id: hall.id },
        body: { title: 'Съгласуване', inviteeIds: [f.user.id], ...slot(day, 60) },
        token: k.token,
      });
      expectOk(booked, 201);
      const at = async () => {
        const res = await freeSlots(a, f, day.startOf('day'), day.startOf('day').plus({ days: 1 }));
        expectOk(res, 200);
        const by = new Map(res.body.map((x) => [local(x.startsAt).slice(11), x]));
        return (t: string) => {
          const x = by.get(t) as { tentative?: boolean } | undefined;
          return x === undefined ? 'missing' : x.tentative === true ? 'tentative' : 'free';
        };
      };
      const times = ['09:15', '09:30', '10:00', '10:45', '11:00', '11:15'];
      // Not answered: offered, marked tentative within the 15-minute buffer.
      let look = await at();
      expect(times.map(look)).toEqual(['free', 'tentative', 'tentative', 'tentative', 'tentative', 'free']);
      // „Maybe“ is still not an answer that books the person.
      await app.api.post('/api/meetings/:id/rsvp', {
        params: { id: booked.body.id },
        body: { response: 'tentative' },
        token: f.token,
      });
      look = await at();
      expect(times.map(look)).toEqual(['free', 'tentative', 'tentative', 'tentative', 'tentative', 'free']);
      // Accepted: busy, left out.
      await app.api.post('/api/meetings/:id/rsvp', {
        params: { id: booked.body.id },
        body: { response: 'accepted' },
        token: f.token,
      });
      look = await at();
      expect(times.map(look)).toEqual(['free', 'missing', 'missing', 'missing', 'missing', 'free']);
      // Declined: free again, not tentative.
      await app.api.post('/api/meetings/:id/rsvp', {
        params: { id: booked.body.id },
        body: { response: 'declined' },
        token: f.token,
      });
      look = await at();
      expect(times.map(look)).toEqual(['free', 'free', 'free', 'free', 'free', 'free']);
    });

    it('skip the days of an absence and suggest the substitute instead', async () => {
      const day = workday(2, 0);
      const add = await app.api.post('/api/me/absences', {
        body: { kind: 'business_trip', startsOn: day.toISODate()!, endsOn: day.toISODate()!, substituteId: s.user.id },
        token: g.token,
      });
      expectOk(add, 201);
      const res = await freeSlots(a, g, day, day.plus({ days: 1 }));
      expectOk(res, 200);
      expect(res.body.length).toBe(33);
      expect(res.body.every((x) => x.substitute?.id === s.user.id)).toBe(true);
      // Asking the absent person for a slot that day is refused, naming the substitute.
      const asked = await ask(a, g, [slot(day.set({ hour: 10 }))]);
      expectError(asked, 400, 'invitee_absent');
      expect(asked.body.details).toMatchObject({ substitute: { id: s.user.id } });
      await app.api.delete('/api/me/absences/:id', { params: { id: add.body.id }, token: g.token });
    });

    it('follow the Sofia wall clock across a DST change', async () => {
      const { monday, sunday } = mondayBeforeNextDstChange();
      const res = await freeSlots(a, k, monday, monday.plus({ days: 8 }), 60);
      expectOk(res, 200);
      const firstOfDay = new Map<string, string>();
      for (const x of res.body) {
        const l = local(x.startsAt);
        if (!firstOfDay.has(l.slice(0, 10))) firstOfDay.set(l.slice(0, 10), x.startsAt);
      }
      // Monday to Friday before the change and the Monday after: 6 days, each from 09:00 local.
      expect([...firstOfDay.keys()]).toHaveLength(6);
      for (const iso of firstOfDay.values()) expect(local(iso).slice(11)).toBe('09:00');
      const before = DateTime.fromISO(firstOfDay.get(monday.toISODate()!)!, { zone: 'utc' }).hour;
      const after = DateTime.fromISO(firstOfDay.get(sunday.plus({ days: 1 }).toISODate()!)!, { zone: 'utc' }).hour;
      expect(Math.abs(before - after)).toBe(1);
      expect(sunday.month === 3 ? before - after : after - before).toBe(1);
    });
  });

  describe('requests', () => {
    it('refuse requests to yourself and slots outside the invitee’s working hours', async () => {
      const self = await ask(a, a, [slot(workday(3, 10))]);
      expectError(self, 400, 'self_request');
      const early = await ask(a, b, [slot(workday(3, 10)), slot(workday(3, 7))]);
      expectError(early, 400, 'outside_working_hours');
      expect((early.body.details as { slots: unknown }).slots).toEqual([slot(workday(3, 7))]);
      const late = await ask(a, b, [slot(workday(3, 17, 15))]);
      expectError(late, 400, 'outside_working_hours');
      let saturday = workday(3, 10);
      while (saturday.weekday !== 6) saturday = saturday.plus({ days: 1 });
      const weekend = await ask(a, b, [slot(saturday)]);
      expectError(weekend, 400, 'outside_working_hours');
      const four = await ask(
        a,
        b,
        [9, 10, 11, 12].map((hh) => slot(workday(3, hh))),
      );
      expectError(four, 400, 'validation_failed');
    });

    it('go back and forth: request, counter-proposal, accept, reschedule, cancel — live on both sockets', async () => {
      const [sa, sb] = await Promise.all([socket(a), socket(b)]);
      const first = [slot(workday(4, 10)), slot(workday(4, 11))];

      const requested = nextEvent(sb, 'one_on_one.requested');
      const created = await ask(a, b, first);
      expectOk(created, 201);
      expect(created.body).toMatchObject({ status: 'pending', awaitingUserId: b.user.id, slots: first });
      const id = created.body.id;
      expect(await requested).toMatchObject({ action: 'requested', actorId: a.user.id, request: { id } });

      // Not A's turn: A may neither accept nor propose.
      const early = await act(a, id, 'accept', { slot: first[0] });
      expectError(early, 403, 'not_your_turn');
      expectError(await act(a, id, 'propose', { slots: [slot(workday(4, 14))] }), 403);
      // B can only accept a slot on the table.
      const other = await act(b, id, 'accept', { slot: slot(workday(4, 15)) });
      expectError(other, 400, 'unknown_slot');

      // B proposes other times: A hears it.
      const counter = [slot(workday(4, 14)), slot(workday(4, 15))];
      let heardA = nextEvent<EventPayload<'one_on_one.updated'>>(sa, 'one_on_one.updated');
      const proposed = await act(b, id, 'propose', { slots: counter });
      expectOk(proposed, 200);
      expect(proposed.body).toMatchObject({ status: 'pending', awaitingUserId: a.user.id, proposedById: b.user.id });
      expect(await heardA).toMatchObject({ action: 'proposed', actorId: b.user.id, request: { slots: counter } });
      expectError(await act(b, id, 'accept', { slot: counter[0] }), 403);

      // A accepts: a one_on_one meeting in B's personal room, in both schedules.
      const heardB = nextEvent(sb, 'one_on_one.updated');
      const accepted = await act(a, id, 'accept', { slot: counter[1] });
      expectOk(accepted, 200);
      expect(accepted.body).toMatchObject({ status: 'accepted', awaitingUserId: null, acceptedSlot: counter[1] });
      expect(await heardB).toMatchObject({ action: 'accepted', request: { id, status: 'accepted' } });
      const meetingId = accepted.body.meetingId;
      const roomB = await ok(app.api.get('/api/rooms/me', { token: b.token }), 'room');
      for (const who of [a, b]) {
        const m = (await upcoming(who)).items.find((x) => x.id === meetingId);
        expect(m).toMatchObject({ kind: 'one_on_one', title: 'Бюджет 2031', startsAt: counter[1]!.startsAt });
        expect(m!.space?.id).toBe(roomB.id);
      }
      const agreedMeeting = await meeting(meetingId!, a);
      expect(agreedMeeting.participants.map((p) => p.response)).toEqual(['accepted', 'accepted']);

      // Rescheduling by proposing again: B proposes, A accepts, the same meeting moves.
      heardA = nextEvent(sa, 'one_on_one.updated');
      const moved = [slot(workday(5, 9, 30))];
      expectOk(await act(b, id, 'propose', { slots: moved }), 200);
      expect((await heardA).request).toMatchObject({ status: 'pending', acceptedSlot: counter[1], meetingId });
      const re = await act(a, id, 'accept', { slot: moved[0] });
      expectOk(re, 200);
      expect(re.body).toMatchObject({ status: 'accepted', meetingId, acceptedSlot: moved[0] });
      expect((await meeting(meetingId!, b)).startsAt).toBe(moved[0]!.startsAt);

      // B calls it off: A hears it, the meeting is gone from both schedules, nobody can accept.
      heardA = nextEvent(sa, 'one_on_one.updated');
      const cancelled = await act(b, id, 'cancel', { reason: 'Болничен' });
      expectOk(cancelled, 200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', reason: 'Болничен' });
      expect(await heardA).toMatchObject({ action: 'cancelled', request: { status: 'cancelled' } });
      for (const who of [a, b]) {
        expect((await upcoming(who)).items.some((x) => x.id === meetingId)).toBe(false);
      }
      const late = await act(a, id, 'accept', { slot: moved[0] });
      expectError(late, 409, 'request_closed');
      // The freed time can be booked again.
      const again = await asked(c, b, moved);
      expectOk(await act(b, again.id, 'accept', { slot: moved[0] }), 200);
    });

    it('a declined request cannot be accepted; a declined reschedule keeps the agreed time', async () => {
      const sa = await socket(a);
      const req = await asked(a, c, [slot(workday(6, 10))]);
      const heard = nextEvent(sa, 'one_on_one.updated');
      const declined = await act(c, req.id, 'decline', { reason: 'Не съм компетентен' });
      expectOk(declined, 200);
      expect(declined.body).toMatchObject({ status: 'declined', reason: 'Не съм компетентен' });
      expect(await heard).toMatchObject({ action: 'declined', actorId: c.user.id });
      for (const who of [a, c]) {
        const res = await act(who, req.id, 'accept', { slot: slot(workday(6, 10)) });
        expectError(res, 409, 'request_closed');
      }

      const agreed = await asked(a, c, [slot(workday(6, 13))]);
      expectOk(await act(c, agreed.id, 'accept', { slot: slot(workday(6, 13)) }), 200);
      expectOk(await act(a, agreed.id, 'propose', { slots: [slot(workday(6, 15))] }), 200);
      const kept = await act(c, agreed.id, 'decline', { reason: 'Остава както е' });
      expect(kept.body).toMatchObject({ status: 'accepted', acceptedSlot: slot(workday(6, 13)) });
      expectOk(kept, 200);
      const m = await meeting(kept.body.meetingId!, a);
      expect(m.startsAt).toBe(slot(workday(6, 13)).startsAt);
    });

    it('a third person can neither see nor answer a request', async () => {
      const req = await asked(a, b, [slot(workday(7, 10))]);
      const id = req.id;
      expectError(await request(id, d), 404);
      for (const [action, body] of [
        ['accept', { slot: slot(workday(7, 10)) }],
        ['decline', { reason: 'x' }],
        ['propose', { slots: [slot(workday(7, 11))] }],
        ['cancel', { reason: 'x' }],
      ] as const) {
        const res = await act(d, id, action, body as never);
        expect([action, res.status]).toEqual([action, 404]);
      }
      expect((await requests(d)).some((x) => x.id === id)).toBe(false);
      // The two people see it, in their lists too.
      for (const who of [a, b]) {
        expect((await ok(request(id, who), 'request')).status).toBe('pending');
        expect((await requests(who)).some((x) => x.id === id)).toBe(true);
      }
    });

    it('a pending request expires when all its slots have begun', async () => {
      const allDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));
      expectOk(await app.api.put('/api/me/working-hours', { body: { intervals: allDay }, token: e.token }), 200);
      const soon = DateTime.now().plus({ seconds: 2 }).set({ millisecond: 0 });
      const req = await ask(a, e, [slot(soon, 15)]);
      expectOk(req, 201);
      // Expired once its only slot has begun (`soon`, 2 s away): asked until then, not slept for.
      await eventually(async () => expect((await ok(request(req.body.id, e), 'request')).status).toBe('expired'));
      const late = await act(e, req.body.id, 'accept', { slot: slot(soon, 15) });
      expectError(late, 409, 'request_closed');
    });
  });

  describe('no double booking of a person', () => {
    it('the meeting routes keep the request in step: moving is refused, cancelling frees the time', async () => {
      const when = slot(workday(11, 10));
      const req = await asked(a, b, [when]);
      const accepted = await act(b, req.id, 'accept', { slot: when });
      expectOk(accepted, 200);
      const meetingId = accepted.body.meetingId;
      const moved = await app.api.patch('/api/meetings/:id', {
        params: { id: meetingId! },
        body: slot(workday(11, 12)),
        token: a.token,
      });
      expectError(moved, 409, 'use_one_on_one_flow');
      expectOk(
        await app.api.post('/api/meetings/:id/cancel', {
          params: { id: meetingId! },
          body: { reason: 'x' },
          token: a.token,
        }),
        200,
      );
      expect((await ok(request(req.id, b), 'request')).status).toBe('cancelled');
      // Both people are free again at that time (in another room, so only their busy time could refuse).
      const again = await asked(a, c, [when]);
      expectOk(await act(c, again.id, 'accept', { slot: when }), 200);
    });

    it('two requests to the same person for the same slot accepted at once: one 200, one 409', async () => {
      const when = [slot(workday(8, 10))];
      const [r1, r2] = await Promise.all([asked(a, f, when), asked(c, f, when)]);
      const results = await Promise.all([
        act(f, r1.id, 'accept', { slot: when[0] }),
        act(f, r2.id, 'accept', { slot: when[0] }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)!.body).toMatchObject({ code: 'slot_taken' });
    });

    it('the same requester accepted by two people at once: one 200, one 409 (the person, not the room)', async () => {
      const when = [slot(workday(9, 11))];
      const [r1, r2] = await Promise.all([asked(h, g, when), asked(h, s, when)]);
      const results = await Promise.all([
        act(g, r1.id, 'accept', { slot: when[0] }),
        act(s, r2.id, 'accept', { slot: when[0] }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)!.body).toMatchObject({ code: 'slot_taken' });
      // The loser is still pending and can agree on another time.
      const loser = results[0]!.status === 409 ? r1 : r2;
      const loserInvitee = loser === r1 ? g : s;
      expect((await ok(request(loser.id, h), 'request')).status).toBe('pending');
      expectOk(await act(loserInvitee, loser.id, 'propose', { slots: [slot(workday(9, 13))] }), 200);
      expectOk(await act(h, loser.id, 'accept', { slot: slot(workday(9, 13)) }), 200);
    });

    it('an overlapping one-on-one is refused later too, and a hall meeting one has organized counts', async () => {
      const when = slot(workday(10, 10), 60);
      const first = await asked(a, g, [when]);
      expectOk(await act(g, first.id, 'accept', { slot: when }), 200);
      const overlapping = slot(workday(10, 10, 30), 30);
      const second = await asked(c, a, [overlapping]);
      const res = await act(a, second.id, 'accept', { slot: overlapping });
      expectError(res, 409, 'slot_taken');

      const hall = await firstHall(c);
      const booking = slot(workday(10, 14), 60);
      expect(
        (
          await app.api.post('/api/halls/:id/bookings', {
            params: { id: hall.id },
            body: { title: 'Х', inviteeIds: [], ...booking },
            token: c.token,
          })
        ).status,
      ).toBe(201);
      const third = await asked(e, c, [slot(workday(10, 14, 30))]);
      const res3 = await act(c, third.id, 'accept', { slot: slot(workday(10, 14, 30)) });
      expectError(res3, 409, 'slot_taken');
    });
  });
});
