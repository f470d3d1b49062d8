import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { expectOk } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';

/**
 * Every client→server Socket.IO event, who may send it and on which namespace, checked as
 * anonymous and as each role. A `@SubscribeMessage` in the code without a row here fails.
 */
type Row = { namespace: '/realtime' | '/public'; valid: (ctx: Ctx) => unknown; invalid: unknown };
interface Ctx {
  sittingId: string;
  /** A personal room (servant01's). */
  roomId: string;
}

const EVENTS: Record<string, Row[]> = {
  'presence.set': [{ namespace: '/realtime', valid: () => ({ status: 'away' }), invalid: { status: 'asleep' } }],
  'council.watch': [
    { namespace: '/realtime', valid: (c) => ({ sessionId: c.sittingId }), invalid: { sessionId: 'x' } },
    { namespace: '/public', valid: (c) => ({ sessionId: c.sittingId }), invalid: { sessionId: 42 } },
  ],
  'council.unwatch': [
    { namespace: '/realtime', valid: (c) => ({ sessionId: c.sittingId }), invalid: {} },
    { namespace: '/public', valid: (c) => ({ sessionId: c.sittingId }), invalid: null },
  ],
  'room.watch': [{ namespace: '/realtime', valid: (c) => ({ spaceIds: [c.roomId] }), invalid: { spaceIds: ['x'] } }],
  'room.unwatch': [{ namespace: '/realtime', valid: (c) => ({ spaceIds: [c.roomId] }), invalid: { spaceIds: [] } }],
};

/**
 * The object- and property-level rule of each event (the HTTP routes have theirs in
 * `object-access-table.ts`); an event without an entry fails the suite.
 */
const OBJECT_RULES: Record<string, string> = {
  'presence.set': 'sets the caller’s own presence only: a userId is refused (tested below)',
  'council.watch': 'a draft is watched only by those who see drafts (tested below); published sessions are public',
  'council.unwatch': 'leaves the caller’s own subscription; nothing of anyone else to reach',
  'room.watch':
    'any colleague may follow any personal room’s door (as GET /api/spaces/{id} shows it); halls and unknown ids are refused (test/rooms/people)',
  'room.unwatch': 'leaves the caller’s own subscription; nothing of anyone else to reach',
};

const ROOT = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');

function subscribedEvents(): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (name !== 'dist' && name !== 'node_modules') walk(p);
      } else if (p.endsWith('.ts') && !p.endsWith('.spec.ts')) {
        for (const m of readFileSync(p, 'utf8').matchAll(/@SubscribeMessage\('([^']+)'\)/g)) found.add(m[1]!);
      }
    }
  };
  walk(join(ROOT, 'libs'));
  return [...found].sort();
}

const ack = (socket: Socket, event: string, payload: unknown) =>
  socket.timeout(5000).emitWithAck(event, payload) as Promise<{ ok: boolean; code?: string }>;

describe('authorization of socket events', () => {
  let app: TestApp;
  let ctx: Ctx;
  const signedIn: SignedIn[] = [];

  beforeAll(async () => {
    app = await TestApp.start();
    for (const u of ['admin', 'clerk', 'chair', 'councillor01', 'servant01']) signedIn.push(await app.login(u));
    const clerk = signedIn[1]!;
    const startsAt = new Date(Date.now() + 9 * 86_400_000);
    startsAt.setUTCHours(8, 0, 0, 0);
    const created = await app.api.post('/api/council/sessions', {
      body: {
        title: 'Заседание за проверка на достъпа',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        agenda: [{ title: 'Точка едно', voteMode: 'open', majority: 'present' }],
      },
      token: clerk.token,
    });
    expectOk(created, 201);
    expect(
      (await app.post(`/api/council/sessions/${created.body.id}/publish`, undefined, { token: clerk.token })).status,
    ).toBe(200);
    const room = await app.api.get('/api/rooms/me', { token: signedIn[4]!.token });
    expectOk(room);
    ctx = { sittingId: created.body.id, roomId: room.body.id };
  });
  afterAll(() => app.close());

  it('every event the server subscribes to has a row, and every row an event', () => {
    expect(subscribedEvents()).toEqual(Object.keys(EVENTS).sort());
  });

  it('every event has its object-level rule written down', () => {
    expect(Object.keys(OBJECT_RULES).sort()).toEqual(Object.keys(EVENTS).sort());
  });

  it('nobody sets another person’s presence', async () => {
    const [admin, , , , staff] = signedIn;
    const socket = await app.socket(admin!.token, '/realtime');
    try {
      expect(await ack(socket, 'presence.set', { status: 'away', userId: staff!.user.id })).toMatchObject({
        ok: false,
        code: 'validation_failed',
      });
      const seen = await app.get(`/api/presence?userIds=${staff!.user.id}`, { token: admin!.token });
      expect(seen.status).toBe(200);
      expect(JSON.stringify(seen.body)).toContain(staff!.user.id);
      expect(JSON.stringify(seen.body)).not.toContain('"away"');
    } finally {
      socket.close();
    }
  });

  it('anonymous callers cannot open /realtime, and /public serves only its own events', async () => {
    await expect(app.socket(undefined, '/realtime')).rejects.toMatchObject({ message: 'unauthenticated' });
    const anon = await app.socket(undefined, '/public');
    try {
      for (const [event, rows] of Object.entries(EVENTS)) {
        const row = rows.find((r) => r.namespace === '/public');
        if (row) {
          expect(await ack(anon, event, row.valid(ctx))).toMatchObject({ ok: true });
          expect(await ack(anon, event, row.invalid)).toMatchObject({ ok: false, code: expect.any(String) });
        } else {
          // Not handled on /public: no acknowledgement ever comes.
          await expect(ack(anon, event, rows[0]!.valid(ctx))).rejects.toThrow();
        }
      }
    } finally {
      anon.close();
    }
  });

  it('each role sends the /realtime events with valid payloads, and gets a coded refusal for bad ones', async () => {
    for (const s of signedIn) {
      const socket = await app.socket(s.token, '/realtime');
      try {
        for (const [event, rows] of Object.entries(EVENTS)) {
          const row = rows.find((r) => r.namespace === '/realtime');
          if (!row) continue;
          expect([event, s.user.username, await ack(socket, event, row.valid(ctx))]).toMatchObject([
            event,
            s.user.username,
            { ok: true },
          ]);
          const bad = await ack(socket, event, row.invalid);
          expect(bad.ok).toBe(false);
          expect(bad.code).toBe('validation_failed');
        }
      } finally {
        socket.close();
      }
    }
  });

  it('/display admits no socket without a display token, signed in or not', async () => {
    // Its screens (with a token) only listen: every event they send is refused (test/council/display).
    await expect(app.socket(undefined, '/display')).rejects.toMatchObject({ message: 'unauthenticated' });
    await expect(app.socket(signedIn[1]!.token, '/display')).rejects.toMatchObject({ message: 'unauthenticated' });
  });

  it('a draft session cannot be watched by the public nor by members, only by its makers', async () => {
    const clerk = signedIn[1]!;
    const startsAt = new Date(Date.now() + 10 * 86_400_000);
    startsAt.setUTCHours(8, 0, 0, 0);
    const draft = await app.api.post('/api/council/sessions', {
      body: {
        title: 'Чернова',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
        agenda: [{ title: 'Точка', voteMode: 'open', majority: 'present' }],
      },
      token: clerk.token,
    });
    const anon = await app.socket(undefined, '/public');
    // Object level on /realtime: a councillor or a staff member cannot watch a draft either
    // (it is not theirs to see yet); the clerk who made it can.
    const member = await app.socket(signedIn[3]!.token, '/realtime');
    const staff = await app.socket(signedIn[4]!.token, '/realtime');
    const maker = await app.socket(clerk.token, '/realtime');
    try {
      expectOk(draft, 201);
      expect(await ack(anon, 'council.watch', { sessionId: draft.body.id })).toMatchObject({
        ok: false,
        code: 'not_found',
      });
      for (const socket of [member, staff])
        expect(await ack(socket, 'council.watch', { sessionId: draft.body.id })).toMatchObject({
          ok: false,
          code: 'not_found',
        });
      expect(await ack(maker, 'council.watch', { sessionId: draft.body.id })).toMatchObject({ ok: true });
    } finally {
      for (const socket of [anon, member, staff, maker]) socket.close();
    }
  });
});
