import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import type { Ack, PresenceUpdated } from '../../libs/contracts/src/index.js';
import { expectOk } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';

function emitAck(socket: Socket, event: string, payload: unknown): Promise<Ack> {
  return socket.timeout(5000).emitWithAck(event, payload) as Promise<Ack>;
}

/** Waits for the next presence.updated about `userId` on `socket`. */
function nextPresenceOf(socket: Socket, userId: string, status?: string, ms = 10_000): Promise<PresenceUpdated> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('presence.updated', on);
      reject(new Error(`no presence.updated for ${userId}`));
    }, ms);
    const on = (e: PresenceUpdated) => {
      if (e.userId !== userId || (status && e.status !== status)) return;
      clearTimeout(timer);
      socket.off('presence.updated', on);
      resolve(e);
    };
    socket.on('presence.updated', on);
  });
}

/** Presence in one process (in-process store, or Redis when REDIS_URL is set). */
describe('presence', () => {
  let app: TestApp;
  let subject: SignedIn;
  let colleague: SignedIn;
  let stranger: SignedIn;
  const sockets: Socket[] = [];
  const open = async (s: SignedIn) => {
    const so = await app.socket(s.token);
    sockets.push(so);
    return so;
  };

  beforeAll(async () => {
    app = await TestApp.start();
    // servant01 and servant04 share a department; servant02 is in another one.
    [subject, colleague, stranger] = await Promise.all([
      app.login('servant01'),
      app.login('servant04'),
      app.login('servant02'),
    ]);
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await app?.close();
  });

  it('several tabs count as one; offline only when the last one closes; only the department is told', async () => {
    const watcher = await open(colleague);
    const outsider = await open(stranger);
    const outsiderSaw: PresenceUpdated[] = [];
    outsider.on('presence.updated', (e: PresenceUpdated) => {
      if (e.userId === subject.user.id) outsiderSaw.push(e);
    });

    let next = nextPresenceOf(watcher, subject.user.id);
    const tab1 = await open(subject);
    expect(await next).toMatchObject({ userId: subject.user.id, status: 'online', spaceId: null });

    const tab2 = await open(subject);
    tab1.close();
    // Still online: the next thing the colleague hears about the subject is the status they chose.
    next = nextPresenceOf(watcher, subject.user.id);
    const ack = await emitAck(tab2, 'presence.set', { status: 'dnd' });
    expect(ack).toMatchObject({ ok: true, data: { userId: subject.user.id, status: 'dnd' } });
    expect(await next).toMatchObject({ status: 'dnd' });

    next = nextPresenceOf(watcher, subject.user.id);
    tab2.close();
    const offline = await next;
    expect(offline).toMatchObject({ userId: subject.user.id, status: 'offline' });
    expect(Date.parse(offline.lastSeenAt)).not.toBeNaN();

    // The outsider (another department) heard nothing about the subject: their own update
    // arrives after all of the above, and nothing about the subject came before it.
    const own = nextPresenceOf(outsider, stranger.user.id);
    await emitAck(outsider, 'presence.set', { status: 'away' });
    await own;
    expect(outsiderSaw).toEqual([]);
  });

  it('presence.set validates its payload and acknowledges', async () => {
    const so = await open(subject);
    expect(await emitAck(so, 'presence.set', { status: 'offline' })).toMatchObject({
      ok: false,
      code: 'validation_failed',
    });
    expect(await emitAck(so, 'presence.set', { status: 'sleeping' })).toMatchObject({
      ok: false,
      code: 'validation_failed',
    });
    expect(await emitAck(so, 'presence.set', 'busy')).toMatchObject({ ok: false, code: 'validation_failed' });
    expect(await emitAck(so, 'presence.set', { status: 'busy', extra: 1 })).toMatchObject({ ok: false });
    expect(await emitAck(so, 'presence.set', { status: 'away' })).toMatchObject({ ok: true, data: { status: 'away' } });
    const back = await emitAck(so, 'presence.set', { status: 'online' });
    expect(back).toMatchObject({ ok: true, data: { status: 'online' } });
    so.close();
  });

  it('GET /api/presence gives the state now; bad ids are a 400; no login is a 401', async () => {
    const so = await open(subject);
    await emitAck(so, 'presence.set', { status: 'away' });
    const res = await app.api.get('/api/presence', {
      query: { userIds: `${subject.user.id},${stranger.user.id}` },
      token: colleague.token,
    });
    expectOk(res, 200);
    const byId = Object.fromEntries(res.body.map((p) => [p.userId, p]));
    expect(byId[subject.user.id]).toMatchObject({ status: 'away', spaceId: null });
    expect(byId[stranger.user.id]!.status).toBeDefined();
    expect((await app.get('/api/presence?userIds=nope', { token: colleague.token })).status).toBe(400);
    expect((await app.get('/api/presence', { token: colleague.token })).status).toBe(400);
    expect((await app.get(`/api/presence?userIds=${subject.user.id}`)).status).toBe(401);
    so.close();
  });

  it('a socket without a valid token never connects', async () => {
    await expect(app.socket('not-a-token')).rejects.toBeTruthy();
  });

  it('the user themself hears their own changes in other tabs', async () => {
    const a = await open(subject);
    const b = await open(subject);
    // (Filtered by status: the online/offline of the tabs opened and closed around may still arrive.)
    const heard = nextPresenceOf(b, subject.user.id, 'busy');
    await emitAck(a, 'presence.set', { status: 'busy' });
    expect(await heard).toMatchObject({ userId: subject.user.id, status: 'busy' });
    a.close();
    b.close();
  });
});
