import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { expectError, expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { workday } from '../support/world.js';
import { EXTRAORDINARY_REASON } from '../support/council.js';
import { expectNothingBefore } from '../support/marker.js';
import { openHall } from '../schedule/helpers.js';

/**
 * A draft council session is the clerks' (and the council's chair's) until it is published —
 * and that includes its calendar meeting: the members are invited only when the clerk
 * publishes, so before that no councillor finds it in their upcoming meetings, their calendar
 * feed, a live `meeting.created`, the meeting route, or the title of a clash in the chamber.
 * The session's meeting changes only with the session (`managed_by_council`).
 */
describe('a draft session stays out of the members’ calendars until published', () => {
  let app: TestApp;
  let clerk: SignedIn;
  let member: SignedIn;
  let staff: SignedIn;
  let socket: Socket;
  const heard: { event: string; id: string }[] = [];
  let sitting: { id: string; meetingId: string; title: string };
  let feedPath: string;
  const start = workday(4, 10);

  beforeAll(async () => {
    app = await TestApp.start();
    [clerk, member, staff] = await Promise.all([app.login('clerk'), app.login('councillor01'), app.login('servant01')]);
    socket = await app.socket(member.token);
    for (const event of ['meeting.created', 'meeting.updated'])
      socket.on(event, (e: { meeting: { id: string } }) => heard.push({ event, id: e.meeting.id }));
    const feed = await app.api.post('/api/me/calendar-feed', { body: {}, token: member.token });
    expectOk(feed, 201);
    feedPath = new URL(feed.body.url).pathname;
  }, 60_000);
  afterAll(async () => {
    socket?.close();
    await app?.close();
  });

  const upcomingIds = async (s: SignedIn) =>
    (await ok(app.api.get('/api/meetings/upcoming', { query: { limit: 200 }, token: s.token }), 'upcoming')).items.map(
      (m) => m.id,
    );
  // The calendar feed is iCalendar text, not in the route map.
  const feed = async () => (await app.get<string>(feedPath)).body;

  it('the clerk drafts a session: its meeting holds the chamber but invites nobody yet', async () => {
    const res = await app.api.post('/api/council/sessions', {
      body: {
        title: 'Проект на дневен ред за бюджета',
        startsAt: start.toUTC().toISO()!,
        endsAt: start.plus({ hours: 3 }).toUTC().toISO()!,
        agenda: [{ title: 'Бюджет', voteMode: 'open', majority: 'present' }],
        // Published within the week: sooner than the notice period allows a regular sitting.
        extraordinary: true,
        extraordinaryReason: EXTRAORDINARY_REASON,
      },
      token: clerk.token,
    });
    expectOk(res, 201);
    sitting = { id: res.body.id, meetingId: res.body.meetingId, title: res.body.title };
    const meeting = await app.api.get('/api/meetings/:id', { params: { id: sitting.meetingId }, token: clerk.token });
    expectOk(meeting, 200);
    expect(meeting.body.participants.map((p) => p.user.id)).toEqual([clerk.user.id]);
    expect(await upcomingIds(clerk)).toContain(sitting.meetingId);
  });

  it('no member finds it: not in upcoming, not by id, not in the feed, not live', async () => {
    expect(await upcomingIds(member)).not.toContain(sitting.meetingId);
    expect(
      (await app.api.get('/api/meetings/:id', { params: { id: sitting.meetingId }, token: member.token })).status,
    ).toBe(404);
    expect(await feed()).not.toContain(sitting.meetingId);
    expect(await feed()).not.toContain(sitting.title);
    // The clerk edits the draft: still nothing for the member. The marker: a colleague invites
    // the member to a meeting of their own, after the edit was answered. The edit answers only
    // once its meeting events went out (MeetingsService.run awaits their announcement after the
    // commit, and the relay emits at once), and the invitation's `meeting.created` comes to the
    // same socket later: had the edit told the member anything, it would already be here.
    const admin = await app.login('admin');
    const hall = await openHall(app, admin.token);
    const isDraft = (e: { meeting: { id: string } }) => e.meeting.id === sitting.meetingId;
    await expectNothingBefore(
      socket,
      { event: 'meeting.updated', matches: isDraft },
      {
        event: 'meeting.created',
        matches: (e: { meeting: { title: string } }) => e.meeting.title === 'Маркер',
        trigger: async () => {
          const marker = await app.api.post('/api/halls/:id/bookings', {
            params: { id: hall.id },
            body: {
              title: 'Маркер',
              inviteeIds: [member.user.id],
              startsAt: workday(5, 9).toUTC().toISO()!,
              endsAt: workday(5, 10).toUTC().toISO()!,
            },
            token: staff.token,
          });
          expect(marker.status).toBe(201);
        },
      },
      async () => {
        const edited = await app.api.patch('/api/council/sessions/:id', {
          params: { id: sitting.id },
          body: { title: 'Проект на дневен ред (втори)' },
          token: clerk.token,
        });
        expectOk(edited, 200);
        sitting.title = edited.body.title;
      },
    );
    expect(heard.filter((h) => h.id === sitting.meetingId)).toEqual([]);
  });

  it('a colleague who bumps into it in the chamber sees when, not what', async () => {
    const chamber = (await ok(app.api.get('/api/halls', { token: staff.token }), 'the halls')).find(
      (h) => h.kind === 'chamber',
    )!;
    const clash = await app.api.post('/api/halls/:id/bookings', {
      params: { id: chamber.id },
      body: {
        title: 'Обучение',
        inviteeIds: [],
        startsAt: start.plus({ minutes: 30 }).toUTC().toISO()!,
        endsAt: start.plus({ minutes: 90 }).toUTC().toISO()!,
      },
      token: staff.token,
    });
    expectError(clash, 409);
    expect([clash.status, clash.body.code]).toEqual([409, 'slot_taken']);
    // An error's details have no contract: the test looks inside.
    expect((clash.body.details as { conflicts: unknown }).conflicts).toEqual([
      expect.objectContaining({ id: sitting.meetingId, title: null }),
    ]);
  });

  it('its meeting does not move or end except with the session', async () => {
    const moved = await app.api.patch('/api/meetings/:id', {
      params: { id: sitting.meetingId },
      body: {
        startsAt: start.plus({ days: 1 }).toUTC().toISO()!,
        endsAt: start.plus({ days: 1, hours: 2 }).toUTC().toISO()!,
      },
      token: clerk.token,
    });
    expectError(moved, 409);
    expect([moved.status, moved.body.code]).toEqual([409, 'managed_by_council']);
    const cancelled = await app.api.post('/api/meetings/:id/cancel', {
      params: { id: sitting.meetingId },
      body: {},
      token: clerk.token,
    });
    expectError(cancelled, 409);
    expect([cancelled.status, cancelled.body.code]).toEqual([409, 'managed_by_council']);
    const meeting = await app.api.get('/api/meetings/:id', { params: { id: sitting.meetingId }, token: clerk.token });
    expectOk(meeting);
    expect(meeting.body).toMatchObject({ status: 'confirmed', title: sitting.title });
    expect(meeting.body.startsAt).toBe(start.toUTC().toISO({ suppressMilliseconds: false }));
  });

  it('publishing invites every member: it arrives live, in upcoming and in the feed', async () => {
    const published = await app.api.post('/api/council/sessions/:id/publish', {
      params: { id: sitting.id },
      body: {},
      token: clerk.token,
    });
    expect(published.status).toBe(200);
    // The marker: a round trip on the member's socket, asked after publishing was answered. The
    // route answers only once its meeting events went out (as for the edit above), so the
    // acknowledgement comes after all of them: nothing the publishing sent can arrive later.
    const marker = await socket.timeout(5000).emitWithAck('presence.set', { status: 'online' });
    expect(marker).toMatchObject({ ok: true });
    expect(heard.filter((h) => h.id === sitting.meetingId)).toEqual([
      { event: 'meeting.created', id: sitting.meetingId },
    ]);
    expect(await upcomingIds(member)).toContain(sitting.meetingId);
    const meeting = await app.api.get('/api/meetings/:id', { params: { id: sitting.meetingId }, token: member.token });
    expectOk(meeting, 200);
    expect(meeting.body.participants).toHaveLength(52); // the clerk, 51 councillors (the chair among them)
    expect(await feed()).toContain(sitting.title);
  });
});
