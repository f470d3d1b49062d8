import type { Socket } from 'socket.io-client';
import type { BookingView, CouncilSessionView } from '../../libs/contracts/src/index.js';
import { expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { fieldOf, recordEvents, type HeardEvent } from '../support/events.js';
import { workday } from '../support/world.js';

/**
 * A client drops off for 30 seconds while things change, then resyncs from `version` — the
 * server half of the contract: every council event carries the session's version, which
 * grows with every change and matches the snapshot (`GET /api/council/sessions/{id}`)
 * at that moment; so a returning client sees a jump in the version of the first event it
 * gets, knows it missed something, fetches the snapshot and has the current state. Missed
 * meeting changes are simply in `GET /api/meetings/upcoming`. (The web client's half —
 * refetching on reconnect and ignoring older versions — lives in apps/web.)
 */
const OFFLINE_MS = 30_000;

function record(socket: Socket): HeardEvent[] {
  const list: HeardEvent[] = [];
  recordEvents(socket, list);
  return list;
}

async function waitFor(list: HeardEvent[], pred: (r: HeardEvent) => boolean, ms = 5000): Promise<HeardEvent> {
  const until = Date.now() + ms;
  for (;;) {
    const found = list.find(pred);
    if (found) return found;
    if (Date.now() > until) throw new Error(`not received; got ${list.map((r) => r.event).join(', ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The sitting's version an event carries (every council.* event of a watched sitting has one). */
const versionOf = (r: HeardEvent) => fieldOf(r.payload, 'version') as number;

describe('a client dropped for 30 s resyncs from version', () => {
  let app: TestApp;
  let clerk: SignedIn;
  let chair: SignedIn;
  let member: SignedIn;
  let organizer: SignedIn;
  let sittingId: string;
  let itemIds: string[];
  let meetingId: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    app = await TestApp.start();
    [clerk, chair, member, organizer] = await Promise.all(
      ['clerk', 'chair', 'councillor01', 'servant01'].map((u) => app.login(u)),
    );
    const start = workday(14, 10);
    // Untyped: Luxon's ISO strings are `string | null` for the contract's `string`.
    const created = await app.post<CouncilSessionView>(
      '/api/council/sessions',
      {
        title: 'Заседание с прекъсната връзка',
        startsAt: start.toUTC().toISO(),
        endsAt: start.plus({ hours: 3 }).toUTC().toISO(),
        agenda: [
          { title: 'Първа', voteMode: 'open', majority: 'present' },
          { title: 'Втора', voteMode: 'open', majority: 'present' },
        ],
      },
      { token: clerk.token },
    );
    expect(created.status).toBe(201);
    sittingId = created.body.id;
    itemIds = created.body.items.map((i) => i.id);
    expect((await app.post(`/api/council/sessions/${sittingId}/publish`, {}, { token: clerk.token })).status).toBe(200);

    // A meeting the member is invited to (in a hall bookable by anyone).
    const halls = await ok(app.api.get('/api/halls', { token: organizer.token }), 'the halls');
    const meetingStart = workday(15, 9);
    for (const hall of halls) {
      const booked = await app.post<BookingView>(
        `/api/halls/${hall.id}/bookings`,
        {
          title: 'Среща преди прекъсването',
          inviteeIds: [member.user.id],
          startsAt: meetingStart.toUTC().toISO(),
          endsAt: meetingStart.plus({ hours: 1 }).toUTC().toISO(),
        },
        { token: organizer.token },
      );
      if (booked.status === 201) {
        meetingId = booked.body.id;
        break;
      }
    }
    expect(meetingId).toBeDefined();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await app?.close();
  });

  it('misses changes while away, detects the gap from the version of the next event, and the snapshot is current', async () => {
    const url = `/api/council/sessions/${sittingId}`;
    const snapshot = () =>
      ok(app.api.get('/api/council/sessions/:id', { params: { id: sittingId }, token: member.token }), 'snapshot');

    let socket = await app.socket(member.token);
    sockets.push(socket);
    let events = record(socket);
    expect(await socket.timeout(5000).emitWithAck('council.watch', { sessionId: sittingId })).toEqual({
      ok: true,
      data: { version: expect.any(Number) },
    });

    // Online: each change arrives with the version the snapshot then has.
    const opened = await app.api.post('/api/council/sessions/:id/open', {
      params: { id: sittingId },
      body: {},
      token: chair.token,
    });
    expectOk(opened, 200);
    const e1 = await waitFor(events, (r) => r.event === 'council.session.updated' && r.payload.status === 'open');
    expect(versionOf(e1)).toBe(opened.body.version);
    expect((await snapshot()).version).toBe(versionOf(e1));
    await app.post(`${url}/attendance`, {}, { token: member.token });
    const e2 = await waitFor(
      events,
      (r) => r.event === 'council.attendance.updated' && r.payload.member?.id === member.user.id,
    );
    expect(versionOf(e2)).toBeGreaterThan(versionOf(e1));
    expect((await snapshot()).version).toBe(versionOf(e2));
    const lastSeen = versionOf(e2);

    // The connection drops for 30 s; meanwhile the session and the member's meeting change.
    socket.close();
    const droppedAt = Date.now();
    expect(
      (await app.post(`${url}/attendance`, { userId: member.user.id, present: false }, { token: clerk.token })).status,
    ).toBe(200);
    expect((await app.post(`${url}/attendance`, {}, { token: chair.token })).status).toBe(200);
    expect((await app.post(`${url}/items/${itemIds[1]}/activate`, {}, { token: chair.token })).status).toBe(200);
    const moved = workday(16, 11);
    const patched = await app.patch(
      `/api/meetings/${meetingId}`,
      { startsAt: moved.toUTC().toISO(), endsAt: moved.plus({ hours: 1 }).toUTC().toISO() },
      { token: organizer.token },
    );
    expect(patched.status).toBe(200);
    await new Promise((r) => setTimeout(r, Math.max(0, OFFLINE_MS - (Date.now() - droppedAt))));

    // Back: a new connection, watching again. The next change shows a jump in the version.
    socket = await app.socket(member.token);
    sockets.push(socket);
    events = record(socket);
    expect(await socket.timeout(5000).emitWithAck('council.watch', { sessionId: sittingId })).toEqual({
      ok: true,
      data: { version: expect.any(Number) },
    });
    expect((await app.post(`${url}/pause`, {}, { token: chair.token })).status).toBe(200);
    const next = await waitFor(events, (r) => r.event === 'council.session.updated' && r.payload.status === 'paused');
    expect(versionOf(next)).toBeGreaterThan(lastSeen + 1); // the gap: something was missed

    // The snapshot is the current state, at that version (or later), with what was missed.
    const now = await snapshot();
    expect(now.version).toBeGreaterThanOrEqual(versionOf(next));
    expect(now).toMatchObject({ status: 'paused', currentItemId: itemIds[1] });
    const mine = now.attendance.find((a) => a.member.id === member.user.id);
    expect(mine).toMatchObject({ present: false });
    expect(now.attendance.find((a) => a.member.id === chair.user.id)).toMatchObject({ present: true });
    // No event of the session is ever older than one already seen (versions only grow).
    const versions = events.filter((r) => r.event.startsWith('council.')).map(versionOf);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));

    // Missed meeting changes are in the member's upcoming list.
    const upcoming = await app.api.get('/api/meetings/upcoming', { token: member.token });
    expectOk(upcoming, 200);
    const meeting = upcoming.body.items.find((m) => m.id === meetingId);
    expect(new Date(meeting!.startsAt).getTime()).toBe(moved.toMillis());
  }, 90_000);
});
