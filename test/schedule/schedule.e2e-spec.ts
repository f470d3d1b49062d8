import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ical from 'node-ical';
import { DateTime } from 'luxon';
import type { Socket } from 'socket.io-client';
import type { ErrorBody, MeetingChangedEvent } from '../../libs/contracts/src/index.js';
import { expectError, expectOk, ok, type Answer } from '../support/api.js';
import type { BodyOf } from '../support/api-types.js';
import { eventually } from '../support/eventually.js';
import { TestApp, nextEvent, type SignedIn } from '../support/app.js';
import { expectNothingBefore } from '../support/marker.js';
import { configuredLiveKit, type ConfiguredLiveKit } from '../support/livekit/real.js';
import { openHall, range, weekdayAt, ZONE } from './helpers.js';

const POLL = { MEETING_REMINDER_POLL_MS: '300' };

/**
 * Collects every `event` on a socket; `of(id)` gives those about one meeting (the id may
 * be known only after the event arrived: the poller can be faster than the HTTP answer).
 */
function collect(socket: Socket, event: string): { of: (id: string | undefined) => unknown[] } {
  const seen: { meetingId?: string; meeting?: { id: string } }[] = [];
  socket.on(event, (e: { meetingId?: string; meeting?: { id: string } }) => seen.push(e));
  return { of: (id) => seen.filter((e) => (e.meetingId ?? e.meeting?.id) === id) };
}

/** The error code of a refused answer (none for a 2xx one). */
const codeOf = (res: Answer<unknown>) => (res.ok ? undefined : res.body.code);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  for (let waited = 0; !check(); waited += 50) {
    if (waited > ms) throw new Error('condition not met in time');
    await sleep(50);
  }
}

/**
 * Proves that the reminder poller ran twice more, instead of sleeping through "several more
 * polls", and that no reminder about `meetingId` came to `socket` meanwhile. Each marker is a
 * meeting due for its reminder, booked (in a hall of its own) only after the previous reminder
 * arrived, so a later poll claims it: the poller runs one poll at a time. The first marker's
 * poll could still send a second reminder about `meetingId` just after the marker (one poll
 * publishes what it claimed in no set order); the second marker comes from yet another poll,
 * so everything the first one sent is on the socket before it. The caller's own record of the
 * socket's reminders must then hold just the one.
 */
async function twoMorePolls(app: TestApp, adminToken: string, socket: Socket, meetingId: string, token: string) {
  for (const n of [1, 2]) {
    const hall = await openHall(app, adminToken);
    const title = `Маркер ${n} ${Math.random().toString(36).slice(2, 8)}`;
    await expectNothingBefore(
      socket,
      { event: 'meeting.reminder', matches: (e: { meetingId: string }) => e.meetingId === meetingId },
      {
        event: 'meeting.reminder',
        matches: (e: { title: string }) => e.title === title,
        trigger: async () => {
          const marker = await app.post(
            `/api/halls/${hall.id}/bookings`,
            { title, inviteeIds: [], ...range(DateTime.now().setZone(ZONE).plus({ minutes: 2 }).startOf('minute'), 5) },
            { token },
          );
          expect(marker.status).toBe(201);
        },
      },
    );
  }
}

describe('schedules', () => {
  let app: TestApp;
  let livekit: ConfiguredLiveKit;
  let admin: SignedIn;
  let clerk: SignedIn;
  let organizer: SignedIn;
  let invitee: SignedIn;
  let stranger: SignedIn;
  let hall: { id: string };

  beforeAll(async () => {
    livekit = await configuredLiveKit();
    app = await TestApp.start({ env: { ...POLL, ...livekit.env } });
    [admin, clerk, organizer, invitee, stranger] = await Promise.all(
      ['admin', 'clerk', 'servant03', 'servant04', 'servant06'].map((u) => app.login(u)),
    );
    hall = await openHall(app, admin.token);
  });
  afterAll(async () => {
    await app.close();
    await livekit.close();
  });

  const book = (body: Omit<BodyOf<'POST', '/api/halls/:id/bookings'>, 'title'>, token = organizer.token) =>
    app.api.post('/api/halls/:id/bookings', {
      params: { id: hall.id },
      body: { title: 'Планиране', inviteeIds: [invitee.user.id], ...body },
      token,
    });

  it('tells participants live; shows a meeting only to those concerned', async () => {
    const socket = await app.socket(invitee.token);
    try {
      const created = nextEvent<MeetingChangedEvent>(socket, 'meeting.created');
      const res = await book(range(weekdayAt(20, 10), 60));
      expect(res.status).toBe(201);
      expectOk(res);
      expect((await created).meeting.id).toBe(res.body.id);

      const id = res.body.id;
      expect((await app.get(`/api/meetings/${id}`, { token: invitee.token })).status).toBe(200);
      expect((await app.get(`/api/meetings/${id}`, { token: clerk.token })).status).toBe(200);
      expect((await app.get(`/api/meetings/${id}`, { token: stranger.token })).status).toBe(404);

      const updated = nextEvent<MeetingChangedEvent>(socket, 'meeting.updated');
      const rsvp = await app.post(`/api/meetings/${id}/rsvp`, { response: 'tentative' }, { token: invitee.token });
      expect(rsvp.status).toBe(200);
      expect((await updated).meeting.participants.find((p) => p.user.id === invitee.user.id)!.response).toBe(
        'tentative',
      );
      expect(
        (await app.post(`/api/meetings/${id}/rsvp`, { response: 'accepted' }, { token: stranger.token })).status,
      ).toBe(404);
      expect((await app.post(`/api/meetings/${id}/rsvp`, { response: 'maybe' }, { token: invitee.token })).status).toBe(
        400,
      );

      const cancelled = nextEvent<MeetingChangedEvent>(socket, 'meeting.cancelled');
      expect(
        (await app.post(`/api/meetings/${id}/cancel`, { reason: 'отпада' }, { token: organizer.token })).status,
      ).toBe(200);
      expect((await cancelled).meeting.status).toBe('cancelled');
    } finally {
      socket.close();
    }
  });

  it('lists upcoming meetings soonest first, paged, with the space and my response', async () => {
    const user = await app.login('servant07');
    const base = weekdayAt(30, 8);
    // Book out of order, as organizer and as invitee.
    const made: string[] = [];
    for (const i of [3, 0, 4, 1, 2]) {
      const asOrganizer = i % 2 === 0;
      const res = await app.api.post('/api/halls/:id/bookings', {
        params: { id: hall.id },
        body: {
          title: `m${i}`,
          inviteeIds: asOrganizer ? [] : [user.user.id],
          ...range(base.plus({ hours: i }), 30),
        },
        token: asOrganizer ? user.token : organizer.token,
      });
      expect(res.status).toBe(201);
      expectOk(res);
      made.push(res.body.id);
    }
    const upcoming = (query: { limit: number; offset?: number }) =>
      app.api.get('/api/meetings/upcoming', { query, token: user.token });
    const page1 = await ok(upcoming({ limit: 2 }), 'page 1');
    const page2 = await ok(upcoming({ limit: 2, offset: 2 }), 'page 2');
    const page3 = await ok(upcoming({ limit: 2, offset: 4 }), 'page 3');
    expect(page1.total).toBe(5);
    const titles = [...page1.items, ...page2.items, ...page3.items].map((m) => m.title);
    expect(titles).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    const m1 = page1.items[1]!;
    expect(m1.space.id).toBe(hall.id);
    expect(m1.response).toBe('needs_action');
    expect(m1.role).toBe('invitee');
    expect(page1.items[0]!.response).toBe('accepted');
    expect((await upcoming({ limit: 2, offset: 10 })).body).toMatchObject({
      items: [],
      total: 5,
    });
    expect((await app.get('/api/meetings/upcoming?limit=0', { token: user.token })).status).toBe(400);
  });

  it('lets participants join from 15 minutes before the start to the end', async () => {
    const soon = await book(range(DateTime.now().setZone(ZONE).plus({ minutes: 5 }).startOf('minute'), 30));
    // Starts in 40 minutes: its join window (15 minutes before) is not open yet.
    const later = await book(range(DateTime.now().setZone(ZONE).plus({ minutes: 40 }).startOf('minute'), 30));
    expect([soon.status, later.status]).toEqual([201, 201]);
    expectOk(soon);
    expectOk(later);
    const join = (id: string, token: string) =>
      app.api.post('/api/meetings/:id/join', { params: { id }, body: {}, token });

    const outside = await join(later.body.id, invitee.token);
    expectError(outside, 403, 'outside_join_window');

    const joined = await join(soon.body.id, invitee.token);
    expect(joined.status).toBe(200);
    expectOk(joined);
    expect(joined.body.url).toBe(livekit.env.LIVEKIT_URL);
    expect(typeof joined.body.token).toBe('string');
    expect(joined.body.room).toBeTruthy();

    expect((await app.post(`/api/meetings/${soon.body.id}/join`, {}, { token: stranger.token })).status).toBe(404);
    // Declining closes the door; accepting again opens it.
    const rsvp = (response: string) =>
      app.post(`/api/meetings/${soon.body.id}/rsvp`, { response }, { token: invitee.token });
    expect((await rsvp('declined')).status).toBe(200);
    const declined = await join(soon.body.id, invitee.token);
    expect([declined.status, codeOf(declined)]).toEqual([403, 'not_participant']);
    expect((await rsvp('accepted')).status).toBe(200);
    expect((await app.post(`/api/meetings/${soon.body.id}/join`, {}, { token: invitee.token })).status).toBe(200);
    // Clerks may see the meeting but are not participants.
    expect((await app.post(`/api/meetings/${soon.body.id}/join`, {}, { token: clerk.token })).status).toBe(403);

    // A short meeting's tokens (the organizer's moderator one too) end with it, not 30 minutes later.
    expect((await app.post(`/api/meetings/${soon.body.id}/cancel`, {}, { token: organizer.token })).status).toBe(200);
    const short = await book(range(DateTime.now().setZone(ZONE).plus({ minutes: 2 }).startOf('minute'), 10));
    expect(short.status).toBe(201);
    expectOk(short);
    for (const token of [organizer.token, invitee.token]) {
      const t = await join(short.body.id, token);
      expect(t.status).toBe(200);
      expectOk(t);
      expect(Date.parse(t.body.expiresAt)).toBeLessThanOrEqual(Date.parse(short.body.endsAt) + 2000);
    }
  });

  it('sends the reminder once, about 10 minutes before the start', async () => {
    const socket = await app.socket(invitee.token);
    try {
      const reminders = collect(socket, 'meeting.reminder');
      hall = await openHall(app, admin.token); // the join test took the next half hour
      const res = await book(range(DateTime.now().setZone(ZONE).plus({ minutes: 8 }).startOf('minute'), 30));
      const far = await book(range(DateTime.now().setZone(ZONE).plus({ minutes: 40 }).startOf('minute'), 30));
      expect([res.status, far.status]).toEqual([201, 201]);
      expectOk(res);
      expectOk(far);
      await until(() => reminders.of(res.body.id).length > 0);
      // The markers are the invitee's own bookings: the reminder goes to the organizer too.
      await twoMorePolls(app, admin.token, socket, res.body.id, invitee.token);
      expect(reminders.of(res.body.id)).toHaveLength(1);
      expect(reminders.of(far.body.id)).toHaveLength(0);
    } finally {
      socket.close();
    }
  });

  it('serves a calendar feed that follows changes; rotating kills the old URL', async () => {
    const res = await ok(book(range(weekdayAt(25, 10), 60)), 'book the meeting');
    const feed = await app.api.post('/api/me/calendar-feed', { body: {}, token: invitee.token });
    expect(feed.status).toBe(201);
    expectOk(feed);
    expect(feed.body.url).toMatch(/^http.*\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const path = new URL(feed.body.url).pathname;

    const fetchEvent = async () => {
      const ics = await app.get<string>(path);
      expect(ics.status).toBe(200);
      expect(ics.headers.get('content-type')).toContain('text/calendar');
      expect(ics.body).toContain('BEGIN:VTIMEZONE');
      expect(ics.body).toContain('TZID:Europe/Sofia');
      const parsed = ical.sync.parseICS(ics.body);
      return Object.values(parsed).find((c) => c.type === 'VEVENT' && c.uid === res.icalUid) as
        (ical.VEvent & { sequence?: string | number }) | undefined;
    };
    const before = await fetchEvent();
    expect(before).toBeDefined();
    expect(new Date(before!.start).toISOString()).toBe(new Date(res.startsAt).toISOString());

    const moved = await app.api.patch('/api/meetings/:id', {
      params: { id: res.id },
      body: range(weekdayAt(25, 14), 60),
      token: organizer.token,
    });
    expect(moved.status).toBe(200);
    expectOk(moved);
    const after = await fetchEvent();
    expect(after!.uid).toBe(before!.uid);
    expect(Number(after!.sequence)).toBeGreaterThan(Number(before!.sequence));
    expect(new Date(after!.start).toISOString()).toBe(new Date(moved.body.startsAt).toISOString());

    await app.post(`/api/meetings/${res.id}/cancel`, {}, { token: organizer.token });
    expect((await fetchEvent())!.status).toBe('CANCELLED');

    const rotated = await ok(
      app.api.post('/api/me/calendar-feed', { body: {}, token: invitee.token }),
      'rotate the calendar feed',
    );
    expect(rotated.url).not.toBe(feed.body.url);
    expect((await app.get(path)).status).toBe(404);
    expect((await app.get(new URL(rotated.url).pathname)).status).toBe(200);
    expect((await app.get('/api/calendar/not-a-secret.ics')).status).toBeGreaterThanOrEqual(400);
    // The secret is the access: the request log names the route, never the secret.
    await eventually(async () =>
      expect(app.output.some((l) => l.includes('"url":"/api/calendar/[redacted].ics"'))).toBe(true),
    );
    const secrets = [path, new URL(rotated.url).pathname].map((p) => p.split('/').pop()!.replace('.ics', ''));
    for (const secret of secrets) expect(app.output.join('\n')).not.toContain(secret);
  });

  it("a disabled user's calendar feed is 404 like an unknown one; enabling the user restores it", async () => {
    const user = await app.login('servant05');
    const res = await book({ ...range(weekdayAt(26, 10), 60), inviteeIds: [user.user.id] });
    expect(res.status).toBe(201);
    expectOk(res);
    const feed = await app.api.post('/api/me/calendar-feed', { body: {}, token: user.token });
    expect(feed.status).toBe(201);
    expectOk(feed);
    const path = new URL(feed.body.url).pathname;
    const served = await app.get<string>(path);
    expect(served.status).toBe(200);
    expect(served.body).toContain(res.body.icalUid);

    const disabled = await app.post(`/api/admin/users/${user.user.id}/disable`, undefined, { token: admin.token });
    expect(disabled.status).toBe(200);
    const gone = await app.get<ErrorBody>(path);
    expect(gone.status).toBe(404);
    expect(gone.body.code).toBe('not_found');
    expect(JSON.stringify(gone.body)).not.toContain(res.body.icalUid);

    // Enabling the account brings back the same secret URL: deliberate, the way enabling
    // lets the person sign in again with the same password (rotate it to end the old URL).
    expect(
      (
        await ok(
          app.api.post('/api/admin/users/:id/enable', { params: { id: user.user.id }, token: admin.token }),
          'enable the user',
        )
      ).disabled,
    ).toBe(false);
    const back = await app.get<string>(path);
    expect(back.status).toBe(200);
    expect(back.body).toContain(res.body.icalUid);
  });
});

describe('reminders across processes and restarts', () => {
  it('survives a restart: a reminder due while no poller ran is sent once afterwards', async () => {
    // The first process polls too rarely to ever claim it.
    const first = await TestApp.start({ env: { MEETING_REMINDER_POLL_MS: '600000' } });
    const [admin, organizer] = [await first.login('admin'), await first.login('servant08')];
    const hall = await openHall(first, admin.token);
    const meeting = await first.api.post('/api/halls/:id/bookings', {
      params: { id: hall.id },
      body: {
        title: 'Рестарт',
        inviteeIds: [],
        ...range(DateTime.now().setZone(ZONE).plus({ minutes: 6 }).startOf('minute'), 30),
      },
      token: organizer.token,
    });
    expect(meeting.status).toBe(201);
    expectOk(meeting);
    await first.close({ keepDatabase: true });

    // The first poll comes one interval after the start: time enough to connect.
    const second = await TestApp.start({ db: first.db, env: { MEETING_REMINDER_POLL_MS: '3000' } });
    const socket = await second.socket((await second.login('servant08')).token);
    const reminders = collect(socket, 'meeting.reminder');
    await until(() => reminders.of(meeting.body.id).length > 0);
    socket.close();
    await second.close({ keepDatabase: true });

    const third = await TestApp.start({ db: first.db, env: POLL });
    try {
      const owner = await third.login('servant08');
      const again = await third.socket(owner.token);
      const more = collect(again, 'meeting.reminder');
      // Two polls after the socket connected: a reminder sent a second time would be here.
      await twoMorePolls(third, (await third.login('admin')).token, again, meeting.body.id, owner.token);
      again.close();
      expect(reminders.of(meeting.body.id)).toHaveLength(1);
      expect(more.of(meeting.body.id)).toHaveLength(0);
    } finally {
      await third.close();
    }
  }, 180_000);

  const onServer = process.env.DATABASE_URL ? it : it.skip;
  onServer('two processes polling the same database send each reminder once', async () => {
    const a = await TestApp.start({ env: POLL });
    const b = await TestApp.start({ db: a.db, env: { ...POLL, JWT_SECRET: a.env.JWT_SECRET } });
    try {
      const admin = await a.login('admin');
      const organizer = await a.login('servant09');
      const hall = await openHall(a, admin.token);
      const sockets = [await a.socket(organizer.token), await b.socket(organizer.token)];
      const seen = sockets.map((s) => collect(s, 'meeting.reminder'));
      const meeting = await a.api.post('/api/halls/:id/bookings', {
        params: { id: hall.id },
        body: {
          title: 'Двама',
          inviteeIds: [],
          ...range(DateTime.now().setZone(ZONE).plus({ minutes: 7 }).startOf('minute'), 30),
        },
        token: organizer.token,
      });
      // Unchecked before: a refused booking left the id undefined, and the wait below failed.
      const id = meeting.ok ? meeting.body.id : undefined;
      await until(() => seen.some((s) => s.of(id).length > 0));
      // Instead of sleeping through some polls: markers (meetings due for their reminder, one
      // at a time, each booked after the last one's reminder came) until each process has
      // claimed two. Which process claimed one is in its log ("reminders sent", one line per
      // poll that sent any). A process that sends a second reminder about the meeting does so
      // by the poll that claims its first marker at the latest (a poll publishes what it
      // claimed in no set order), so before its second marker. One process's messages keep
      // their order on every socket (its own directly, the other's through Redis): once its
      // second marker is on each socket it reaches, so is any second reminder it sent.
      const sentBy = () => [a, b].map((p) => p.output.filter((l) => l.includes('meeting_reminders_sent')).length);
      await until(() => sentBy()[0]! + sentBy()[1]! >= 1); // the first reminder's line
      const baseline = sentBy();
      const claimed = [0, 0];
      for (let n = 1; claimed[0]! < 2 || claimed[1]! < 2; n++) {
        if (n > 40) throw new Error(`40 markers and not two each: ${JSON.stringify(claimed)}`);
        const title = `Маркер ${n}`;
        const markerHall = await openHall(a, admin.token);
        const marker = await a.api.post('/api/halls/:id/bookings', {
          params: { id: markerHall.id },
          body: {
            title,
            inviteeIds: [],
            ...range(DateTime.now().setZone(ZONE).plus({ minutes: 2 }).startOf('minute'), 5),
          },
          token: organizer.token,
        });
        expect(marker.status).toBe(201);
        expectOk(marker);
        const heard = (s: { of: (id: string | undefined) => unknown[] }) => s.of(marker.body.id).length > 0;
        // With Redis every socket hears it; without, only the claimer's.
        await until(() => (process.env.REDIS_URL ? seen.every(heard) : seen.some(heard)));
        const before = claimed[0]! + claimed[1]!;
        await until(() => {
          const now = sentBy();
          claimed[0] = now[0]! - baseline[0]!;
          claimed[1] = now[1]! - baseline[1]!;
          return claimed[0] + claimed[1] > before;
        });
      }
      for (const s of sockets) s.close();
      // With Redis every socket hears the one reminder; without it only the claimer's.
      const counts = seen.map((s) => s.of(id).length);
      if (process.env.REDIS_URL) expect(counts).toEqual([1, 1]);
      else expect(counts[0]! + counts[1]!).toBe(1);
    } finally {
      await b.close({ keepDatabase: true });
      await a.close();
    }
  });
});
