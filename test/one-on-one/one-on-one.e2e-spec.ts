import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import type { Socket } from 'socket.io-client';
import { TestApp, nextEvent, type Session } from '../support/app.js';
import { ZONE, local, mondayBeforeNextDstChange, slot, workday } from './helpers.js';

/**
 * One-on-ones over HTTP and Socket.IO: working hours, absences, free slots, the
 * request/propose/accept/decline/cancel flow, turn-taking, a third person, expiry and the
 * database refusing to book a person twice (also when two acceptances race).
 */
describe('one-on-ones', () => {
  let app: TestApp;
  let a: Session,
    b: Session,
    c: Session,
    d: Session,
    e: Session,
    f: Session,
    g: Session,
    h: Session,
    s: Session,
    k: Session;
  const sockets: Socket[] = [];
  const socket = async (who: Session) => {
    const so = await app.socket(who.token);
    sockets.push(so);
    return so;
  };
  const ask = (from: Session, to: Session, slots: unknown[], topic = 'Бюджет 2031') =>
    app.post('/api/one-on-ones', { inviteeId: to.user.id, topic, slots }, { token: from.token });
  const act = (who: Session, id: string, action: string, body: unknown) =>
    app.post(`/api/one-on-ones/${id}/${action}`, body, { token: who.token });
  const freeSlots = (who: Session, of: Session, from: DateTime, to: DateTime, minutes = 30) =>
    app.get(
      `/api/users/${of.user.id}/free-slots?from=${encodeURIComponent(from.toISO()!)}&to=${encodeURIComponent(
        to.toISO()!,
      )}&minutes=${minutes}`,
      { token: who.token },
    );

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
      const res = await app.get('/api/me/working-hours', { token: d.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        timeZone: 'Europe/Sofia',
        isDefault: true,
        intervals: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '09:00', to: '17:30' })),
      });
    });

    it('refuses an interval ending before it starts, overlaps, unknown zones and bad input', async () => {
      const put = (body: unknown) => app.put('/api/me/working-hours', body, { token: d.token });
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
      expect((await app.get('/api/me/working-hours', { token: d.token })).body.isDefault).toBe(true);
    });

    it('stores split days and answers them back', async () => {
      const intervals = [
        { weekday: 1, from: '08:00', to: '12:00' },
        { weekday: 1, from: '13:00', to: '16:00' },
        { weekday: 3, from: '10:00', to: '14:00' },
      ];
      const res = await app.put('/api/me/working-hours', { intervals }, { token: d.token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ timeZone: 'Europe/Sofia', isDefault: false, intervals });
      expect((await app.get('/api/me/working-hours', { token: d.token })).body.intervals).toEqual(intervals);
    });

    it('records, lists and removes absences; only the owner removes them', async () => {
      const add = await app.post(
        '/api/me/absences',
        { kind: 'leave', startsOn: '2031-07-01', endsOn: '2031-07-10', substituteId: s.user.id },
        { token: d.token },
      );
      expect(add.status).toBe(201);
      expect(add.body).toMatchObject({ kind: 'leave', startsOn: '2031-07-01', endsOn: '2031-07-10' });
      expect(add.body.substitute.id).toBe(s.user.id);
      const bad = await app.post(
        '/api/me/absences',
        { kind: 'leave', startsOn: '2031-07-10', endsOn: '2031-07-01' },
        { token: d.token },
      );
      expect([bad.status, bad.body.code]).toEqual([400, 'invalid_absence']);
      const self = await app.post(
        '/api/me/absences',
        { kind: 'other', startsOn: '2031-07-10', endsOn: '2031-07-11', substituteId: d.user.id },
        { token: d.token },
      );
      expect([self.status, self.body.code]).toEqual([400, 'invalid_substitute']);
      expect((await app.get('/api/me/absences', { token: d.token })).body.map((x: any) => x.id)).toEqual([add.body.id]);
      expect((await app.delete(`/api/me/absences/${add.body.id}`, { token: a.token })).status).toBe(404);
      expect((await app.delete(`/api/me/absences/${add.body.id}`, { token: d.token })).status).toBe(204);
      expect((await app.get('/api/me/absences', { token: d.token })).body).toEqual([]);
    });
  });

  describe('free slots', () => {
    it('are inside working hours on a 15-minute grid, and refuse long or reversed windows', async () => {
      const day = workday(0, 0);
      const res = await freeSlots(a, h, day, day.plus({ days: 1 }));
      expect(res.status).toBe(200);
      const starts = res.body.map((x: any) => local(x.startsAt).slice(11));
      expect(starts[0]).toBe('09:00');
      expect(starts.at(-1)).toBe('17:00');
      expect(starts).toHaveLength(33);
      expect(res.body.every((x: any) => !x.substitute)).toBe(true);

      const long = await freeSlots(a, h, day, day.plus({ days: 32 }));
      expect([long.status, long.body.code]).toEqual([400, 'window_too_long']);
      const reversed = await freeSlots(a, h, day, day.minus({ hours: 1 }));
      expect([reversed.status, reversed.body.code]).toEqual([400, 'invalid_window']);
      const unknown = await app.get(
        `/api/users/00000000-0000-4000-8000-000000000000/free-slots?from=${encodeURIComponent(day.toISO()!)}&to=${encodeURIComponent(day.plus({ days: 1 }).toISO()!)}`,
        { token: a.token },
      );
      expect(unknown.status).toBe(404);
    });

    it('keep two hours of notice', async () => {
      const now = DateTime.now().setZone(ZONE);
      const res = await freeSlots(a, h, now, now.plus({ days: 7 }));
      expect(res.status).toBe(200);
      expect(res.body.length).toBeGreaterThan(0);
      for (const x of res.body)
        expect(Date.parse(x.startsAt)).toBeGreaterThanOrEqual(now.plus({ hours: 2 }).toMillis());
    });

    it('follow the stored working hours of the person (split day)', async () => {
      let monday = workday(0, 0);
      while (monday.weekday !== 1) monday = monday.plus({ days: 1 });
      const res = await freeSlots(a, d, monday, monday.plus({ days: 1 }), 60);
      const starts = res.body.map((x: any) => local(x.startsAt).slice(11));
      expect(starts[0]).toBe('08:00');
      expect(starts).toContain('11:00');
      expect(starts).not.toContain('11:15'); // would end after 12:00
      expect(starts).not.toContain('12:30');
      expect(starts).toContain('13:00');
      expect(starts.at(-1)).toBe('15:00');
    });

    it('leave out meetings the person organizes (with a buffer)', async () => {
      const day = workday(1, 10);
      const halls = (await app.get('/api/halls', { token: h.token })).body;
      const hall = halls.find((x: any) => x.kind === 'hall');
      const booked = await app.post(
        `/api/halls/${hall.id}/bookings`,
        { title: 'Планиране', inviteeIds: [], ...slot(day, 60) },
        { token: h.token },
      );
      expect(booked.status).toBe(201);
      const res = await freeSlots(a, h, day.startOf('day'), day.startOf('day').plus({ days: 1 }));
      const starts = res.body.map((x: any) => local(x.startsAt).slice(11));
      expect(starts).toContain('09:15');
      for (const t of ['09:30', '09:45', '10:00', '10:30', '11:00']) expect(starts).not.toContain(t);
      expect(starts).toContain('11:15');
    });

    it('mark a slot touching an invitation not yet answered as tentative; an accepted one leaves it out', async () => {
      const day = workday(12, 10);
      const halls = (await app.get('/api/halls', { token: k.token })).body;
      const hall = halls.find((x: any) => x.kind === 'hall');
      const booked = await app.post(
        `/api/halls/${hall.id}/bookings`,
        { title: 'Съгласуване', inviteeIds: [f.user.id], ...slot(day, 60) },
        { token: k.token },
      );
      expect(booked.status).toBe(201);
      const at = async () => {
        const res = await freeSlots(a, f, day.startOf('day'), day.startOf('day').plus({ days: 1 }));
        expect(res.status).toBe(200);
        const by = new Map(res.body.map((x: any) => [local(x.startsAt).slice(11), x]));
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
      await app.post(`/api/meetings/${booked.body.id}/rsvp`, { response: 'tentative' }, { token: f.token });
      look = await at();
      expect(times.map(look)).toEqual(['free', 'tentative', 'tentative', 'tentative', 'tentative', 'free']);
      // Accepted: busy, left out.
      await app.post(`/api/meetings/${booked.body.id}/rsvp`, { response: 'accepted' }, { token: f.token });
      look = await at();
      expect(times.map(look)).toEqual(['free', 'missing', 'missing', 'missing', 'missing', 'free']);
      // Declined: free again, not tentative.
      await app.post(`/api/meetings/${booked.body.id}/rsvp`, { response: 'declined' }, { token: f.token });
      look = await at();
      expect(times.map(look)).toEqual(['free', 'free', 'free', 'free', 'free', 'free']);
    });

    it('skip the days of an absence and suggest the substitute instead', async () => {
      const day = workday(2, 0);
      const add = await app.post(
        '/api/me/absences',
        { kind: 'business_trip', startsOn: day.toISODate(), endsOn: day.toISODate(), substituteId: s.user.id },
        { token: g.token },
      );
      expect(add.status).toBe(201);
      const res = await freeSlots(a, g, day, day.plus({ days: 1 }));
      expect(res.status).toBe(200);
      expect(res.body.length).toBe(33);
      expect(res.body.every((x: any) => x.substitute?.id === s.user.id)).toBe(true);
      // Asking the absent person for a slot that day is refused, naming the substitute.
      const asked = await ask(a, g, [slot(day.set({ hour: 10 }))]);
      expect([asked.status, asked.body.code]).toEqual([400, 'invitee_absent']);
      expect(asked.body.details.substitute.id).toBe(s.user.id);
      await app.delete(`/api/me/absences/${add.body.id}`, { token: g.token });
    });

    it('follow the Sofia wall clock across a DST change', async () => {
      const { monday, sunday } = mondayBeforeNextDstChange();
      const res = await freeSlots(a, k, monday, monday.plus({ days: 8 }), 60);
      expect(res.status).toBe(200);
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
      expect([self.status, self.body.code]).toEqual([400, 'self_request']);
      const early = await ask(a, b, [slot(workday(3, 10)), slot(workday(3, 7))]);
      expect([early.status, early.body.code]).toEqual([400, 'outside_working_hours']);
      expect(early.body.details.slots).toEqual([slot(workday(3, 7))]);
      const late = await ask(a, b, [slot(workday(3, 17, 15))]);
      expect([late.status, late.body.code]).toEqual([400, 'outside_working_hours']);
      let saturday = workday(3, 10);
      while (saturday.weekday !== 6) saturday = saturday.plus({ days: 1 });
      const weekend = await ask(a, b, [slot(saturday)]);
      expect([weekend.status, weekend.body.code]).toEqual([400, 'outside_working_hours']);
      const four = await ask(
        a,
        b,
        [9, 10, 11, 12].map((hh) => slot(workday(3, hh))),
      );
      expect([four.status, four.body.code]).toEqual([400, 'validation_failed']);
    });

    it('go back and forth: request, counter-proposal, accept, reschedule, cancel — live on both sockets', async () => {
      const [sa, sb] = await Promise.all([socket(a), socket(b)]);
      const first = [slot(workday(4, 10)), slot(workday(4, 11))];

      const requested = nextEvent(sb, 'one_on_one.requested');
      const created = await ask(a, b, first);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ status: 'pending', awaitingUserId: b.user.id, slots: first });
      const id = created.body.id;
      expect(await requested).toMatchObject({ action: 'requested', actorId: a.user.id, request: { id } });

      // Not A's turn: A may neither accept nor propose.
      const early = await act(a, id, 'accept', { slot: first[0] });
      expect([early.status, early.body.code]).toEqual([403, 'not_your_turn']);
      expect((await act(a, id, 'propose', { slots: [slot(workday(4, 14))] })).status).toBe(403);
      // B can only accept a slot on the table.
      const other = await act(b, id, 'accept', { slot: slot(workday(4, 15)) });
      expect([other.status, other.body.code]).toEqual([400, 'unknown_slot']);

      // B proposes other times: A hears it.
      const counter = [slot(workday(4, 14)), slot(workday(4, 15))];
      let heardA = nextEvent(sa, 'one_on_one.updated');
      const proposed = await act(b, id, 'propose', { slots: counter });
      expect(proposed.status).toBe(200);
      expect(proposed.body).toMatchObject({ status: 'pending', awaitingUserId: a.user.id, proposedById: b.user.id });
      expect(await heardA).toMatchObject({ action: 'proposed', actorId: b.user.id, request: { slots: counter } });
      expect((await act(b, id, 'accept', { slot: counter[0] })).status).toBe(403);

      // A accepts: a one_on_one meeting in B's personal room, in both schedules.
      const heardB = nextEvent(sb, 'one_on_one.updated');
      const accepted = await act(a, id, 'accept', { slot: counter[1] });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ status: 'accepted', awaitingUserId: null, acceptedSlot: counter[1] });
      expect(await heardB).toMatchObject({ action: 'accepted', request: { id, status: 'accepted' } });
      const meetingId = accepted.body.meetingId;
      const roomB = (await app.get('/api/rooms/me', { token: b.token })).body;
      for (const who of [a, b]) {
        const upcoming = (await app.get('/api/meetings/upcoming?limit=200', { token: who.token })).body;
        const m = upcoming.items.find((x: any) => x.id === meetingId);
        expect(m).toMatchObject({ kind: 'one_on_one', title: 'Бюджет 2031', startsAt: counter[1]!.startsAt });
        expect(m.space.id).toBe(roomB.id);
      }
      const meeting = (await app.get(`/api/meetings/${meetingId}`, { token: a.token })).body;
      expect(meeting.participants.map((p: any) => p.response)).toEqual(['accepted', 'accepted']);

      // Rescheduling by proposing again: B proposes, A accepts, the same meeting moves.
      heardA = nextEvent(sa, 'one_on_one.updated');
      const moved = [slot(workday(5, 9, 30))];
      expect((await act(b, id, 'propose', { slots: moved })).status).toBe(200);
      expect((await heardA).request).toMatchObject({ status: 'pending', acceptedSlot: counter[1], meetingId });
      const re = await act(a, id, 'accept', { slot: moved[0] });
      expect(re.status).toBe(200);
      expect(re.body).toMatchObject({ status: 'accepted', meetingId, acceptedSlot: moved[0] });
      expect((await app.get(`/api/meetings/${meetingId}`, { token: b.token })).body.startsAt).toBe(moved[0]!.startsAt);

      // B calls it off: A hears it, the meeting is gone from both schedules, nobody can accept.
      heardA = nextEvent(sa, 'one_on_one.updated');
      const cancelled = await act(b, id, 'cancel', { reason: 'Болничен' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', reason: 'Болничен' });
      expect(await heardA).toMatchObject({ action: 'cancelled', request: { status: 'cancelled' } });
      for (const who of [a, b]) {
        const upcoming = (await app.get('/api/meetings/upcoming?limit=200', { token: who.token })).body;
        expect(upcoming.items.some((x: any) => x.id === meetingId)).toBe(false);
      }
      const late = await act(a, id, 'accept', { slot: moved[0] });
      expect([late.status, late.body.code]).toEqual([409, 'request_closed']);
      // The freed time can be booked again.
      const again = await ask(c, b, moved);
      expect((await act(b, again.body.id, 'accept', { slot: moved[0] })).status).toBe(200);
    });

    it('a declined request cannot be accepted; a declined reschedule keeps the agreed time', async () => {
      const sa = await socket(a);
      const req = await ask(a, c, [slot(workday(6, 10))]);
      const heard = nextEvent(sa, 'one_on_one.updated');
      const declined = await act(c, req.body.id, 'decline', { reason: 'Не съм компетентен' });
      expect(declined.status).toBe(200);
      expect(declined.body).toMatchObject({ status: 'declined', reason: 'Не съм компетентен' });
      expect(await heard).toMatchObject({ action: 'declined', actorId: c.user.id });
      for (const who of [a, c]) {
        const res = await act(who, req.body.id, 'accept', { slot: slot(workday(6, 10)) });
        expect([res.status, res.body.code]).toEqual([409, 'request_closed']);
      }

      const agreed = await ask(a, c, [slot(workday(6, 13))]);
      expect((await act(c, agreed.body.id, 'accept', { slot: slot(workday(6, 13)) })).status).toBe(200);
      expect((await act(a, agreed.body.id, 'propose', { slots: [slot(workday(6, 15))] })).status).toBe(200);
      const kept = await act(c, agreed.body.id, 'decline', { reason: 'Остава както е' });
      expect(kept.body).toMatchObject({ status: 'accepted', acceptedSlot: slot(workday(6, 13)) });
      const m = (await app.get(`/api/meetings/${kept.body.meetingId}`, { token: a.token })).body;
      expect(m.startsAt).toBe(slot(workday(6, 13)).startsAt);
    });

    it('a third person can neither see nor answer a request', async () => {
      const req = await ask(a, b, [slot(workday(7, 10))]);
      const id = req.body.id;
      expect((await app.get(`/api/one-on-ones/${id}`, { token: d.token })).status).toBe(404);
      for (const [action, body] of [
        ['accept', { slot: slot(workday(7, 10)) }],
        ['decline', { reason: 'x' }],
        ['propose', { slots: [slot(workday(7, 11))] }],
        ['cancel', { reason: 'x' }],
      ] as const) {
        const res = await act(d, id, action, body);
        expect([action, res.status]).toEqual([action, 404]);
      }
      expect((await app.get('/api/one-on-ones', { token: d.token })).body.some((x: any) => x.id === id)).toBe(false);
      // The two people see it, in their lists too.
      for (const who of [a, b]) {
        expect((await app.get(`/api/one-on-ones/${id}`, { token: who.token })).body.status).toBe('pending');
        expect((await app.get('/api/one-on-ones', { token: who.token })).body.some((x: any) => x.id === id)).toBe(true);
      }
    });

    it('a pending request expires when all its slots have begun', async () => {
      const allDay = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' }));
      expect((await app.put('/api/me/working-hours', { intervals: allDay }, { token: e.token })).status).toBe(200);
      const soon = DateTime.now().plus({ seconds: 2 }).set({ millisecond: 0 });
      const req = await ask(a, e, [slot(soon, 15)]);
      expect(req.status).toBe(201);
      await new Promise((r) => setTimeout(r, Math.max(0, soon.toMillis() - Date.now()) + 300));
      const res = await app.get(`/api/one-on-ones/${req.body.id}`, { token: e.token });
      expect(res.body.status).toBe('expired');
      const late = await act(e, req.body.id, 'accept', { slot: slot(soon, 15) });
      expect([late.status, late.body.code]).toEqual([409, 'request_closed']);
    });
  });

  describe('no double booking of a person', () => {
    it('the meeting routes keep the request in step: moving is refused, cancelling frees the time', async () => {
      const when = slot(workday(11, 10));
      const req = await ask(a, b, [when]);
      const accepted = await act(b, req.body.id, 'accept', { slot: when });
      expect(accepted.status).toBe(200);
      const meetingId = accepted.body.meetingId;
      const moved = await app.patch(`/api/meetings/${meetingId}`, slot(workday(11, 12)), { token: a.token });
      expect([moved.status, moved.body.code]).toEqual([409, 'use_one_on_one_flow']);
      expect((await app.post(`/api/meetings/${meetingId}/cancel`, { reason: 'x' }, { token: a.token })).status).toBe(
        200,
      );
      expect((await app.get(`/api/one-on-ones/${req.body.id}`, { token: b.token })).body.status).toBe('cancelled');
      // Both people are free again at that time (in another room, so only their busy time could refuse).
      const again = await ask(a, c, [when]);
      expect((await act(c, again.body.id, 'accept', { slot: when })).status).toBe(200);
    });

    it('two requests to the same person for the same slot accepted at once: one 200, one 409', async () => {
      const when = [slot(workday(8, 10))];
      const [r1, r2] = await Promise.all([ask(a, f, when), ask(c, f, when)]);
      const results = await Promise.all([
        act(f, r1.body.id, 'accept', { slot: when[0] }),
        act(f, r2.body.id, 'accept', { slot: when[0] }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)!.body.code).toBe('slot_taken');
    });

    it('the same requester accepted by two people at once: one 200, one 409 (the person, not the room)', async () => {
      const when = [slot(workday(9, 11))];
      const [r1, r2] = await Promise.all([ask(h, g, when), ask(h, s, when)]);
      const results = await Promise.all([
        act(g, r1.body.id, 'accept', { slot: when[0] }),
        act(s, r2.body.id, 'accept', { slot: when[0] }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)!.body.code).toBe('slot_taken');
      // The loser is still pending and can agree on another time.
      const loser = results[0]!.status === 409 ? r1 : r2;
      const loserInvitee = loser === r1 ? g : s;
      expect((await app.get(`/api/one-on-ones/${loser.body.id}`, { token: h.token })).body.status).toBe('pending');
      expect((await act(loserInvitee, loser.body.id, 'propose', { slots: [slot(workday(9, 13))] })).status).toBe(200);
      expect((await act(h, loser.body.id, 'accept', { slot: slot(workday(9, 13)) })).status).toBe(200);
    });

    it('an overlapping one-on-one is refused later too, and a hall meeting one has organized counts', async () => {
      const when = slot(workday(10, 10), 60);
      const first = await ask(a, g, [when]);
      expect((await act(g, first.body.id, 'accept', { slot: when })).status).toBe(200);
      const overlapping = slot(workday(10, 10, 30), 30);
      const second = await ask(c, a, [overlapping]);
      const res = await act(a, second.body.id, 'accept', { slot: overlapping });
      expect([res.status, res.body.code]).toEqual([409, 'slot_taken']);

      const halls = (await app.get('/api/halls', { token: c.token })).body;
      const hall = halls.find((x: any) => x.kind === 'hall');
      const booking = slot(workday(10, 14), 60);
      expect(
        (
          await app.post(
            `/api/halls/${hall.id}/bookings`,
            { title: 'Х', inviteeIds: [], ...booking },
            { token: c.token },
          )
        ).status,
      ).toBe(201);
      const third = await ask(e, c, [slot(workday(10, 14, 30))]);
      const res3 = await act(c, third.body.id, 'accept', { slot: slot(workday(10, 14, 30)) });
      expect([res3.status, res3.body.code]).toEqual([409, 'slot_taken']);
    });
  });
});
