import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Socket } from 'socket.io-client';
import { expectError, expectOk, ok, type Query } from '../support/api.js';
import { TestApp, nextEvent, type SignedIn } from '../support/app.js';
import { eventually } from '../support/eventually.js';

/**
 * The people directory (`GET /api/people`, `GET /api/departments`) and following a room
 * live (`room.watch`: the door and the owner's presence), over HTTP and sockets.
 */
describe('people directory and watching a room', () => {
  let app: TestApp;
  let me: SignedIn; // servant01, mayor's office
  let owner: SignedIn; // servant02, finance
  let admin: SignedIn;
  let ownerRoom: { id: string };
  const sockets: Socket[] = [];
  const socket = async (s: SignedIn) => {
    const so = await app.socket(s.token);
    sockets.push(so);
    return so;
  };
  const people = async (query: Query, s: SignedIn = me) => {
    const res = await app.api.get('/api/people', { query, token: s.token });
    expectOk(res, 200);
    return res.body;
  };
  const setDoor = (door: 'open' | 'closed' | 'knock') =>
    app.api.patch('/api/rooms/me', { body: { door }, token: owner.token });
  const ack = (so: Socket, event: string, payload: unknown) =>
    so.timeout(5000).emitWithAck(event, payload) as Promise<{ ok: boolean; code?: string }>;
  /** Resolves true if `event` arrives within `ms`, false otherwise. */
  const arrives = (so: Socket, event: string, ms = 1500) =>
    nextEvent(so, event, ms).then(
      () => true,
      () => false,
    );

  beforeAll(async () => {
    app = await TestApp.start();
    [me, owner, admin] = await Promise.all([app.login('servant01'), app.login('servant02'), app.login('admin')]);
    ownerRoom = await ok(app.api.get('/api/rooms/me', { token: owner.token }), 'room');
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await app?.close();
  });

  it('lists every enabled colleague of every department, by name, with room, door and presence only', async () => {
    const all = await people({ limit: 100 });
    expect(all.total).toBe(73);
    expect(all.items).toHaveLength(73);
    const names = all.items.map((p) => p.displayName);
    expect(names).toEqual([...names].sort());
    expect(new Set(all.items.map((p) => p.department?.code))).toEqual(
      new Set(['mayor', 'council', 'finance', 'urban']),
    );
    const row = all.items.find((p) => p.id === owner.user.id);
    expect(row).toEqual({
      id: owner.user.id,
      displayName: owner.user.displayName,
      department: { id: expect.any(String), code: 'finance', name: 'Дирекция „Финанси и бюджет“' },
      roomId: ownerRoom.id,
      door: 'knock',
      presence: { status: 'offline', spaceId: null, lastSeenAt: expect.any(String) },
    });
    // Nothing of the account: no e-mail, roles, username or settings, for anyone.
    for (const p of all.items)
      expect(Object.keys(p).sort()).toEqual(['department', 'displayName', 'door', 'id', 'presence', 'roomId']);
  });

  it('finds by a part of the name (any case) or the username, and by department', async () => {
    const fragment = owner.user.displayName.split(' ')[1]!.slice(0, 4).toLowerCase();
    const byName = await people({ q: fragment });
    expect(byName.items.map((p) => p.id)).toContain(owner.user.id);
    for (const p of byName.items) expect(p.displayName.toLowerCase()).toContain(fragment);
    expect(byName.total).toBe(byName.items.length);
    const shouted = await people({ q: fragment.toUpperCase() });
    expect(shouted.items.map((p) => p.id)).toEqual(byName.items.map((p) => p.id));

    const byUsername = await people({ q: 'servant0' });
    expect(byUsername.total).toBe(9);

    // LIKE's wildcards are plain characters in a search.
    expect(await people({ q: '%' })).toEqual({ items: [], total: 0 });
    expect(await people({ q: '_' })).toEqual({ items: [], total: 0 });

    const departments = await app.api.get('/api/departments', { token: me.token });
    expectOk(departments, 200);
    expect(departments.body.map((d) => d.code).sort()).toEqual(['council', 'finance', 'mayor', 'urban']);
    for (const d of departments.body) expect(Object.keys(d).sort()).toEqual(['code', 'id', 'name']);
    const finance = departments.body.find((d) => d.code === 'finance')!;
    const inFinance = await people({ department: finance.id, limit: 100 });
    expect(inFinance.total).toBe(7); // servant02, 05, …, 20
    expect(inFinance.items.every((p) => p.department?.code === 'finance')).toBe(true);
    const both = await people({ department: finance.id, q: 'servant02' });
    expect(both.items.map((p) => p.id)).toEqual([owner.user.id]);
    const unknown = await people({ department: '00000000-0000-4000-8000-000000000000' });
    expect(unknown).toEqual({ items: [], total: 0 });
  });

  it('pages with limit and offset, the total counting every match', async () => {
    const first = await people({ limit: 10 });
    const second = await people({ limit: 5, offset: 5 });
    expect(second.total).toBe(73);
    expect(second.items.map((p) => p.id)).toEqual(first.items.slice(5).map((p) => p.id));
    expect(await people({ offset: 1000 })).toEqual({ items: [], total: 73 });
    expect((await people({})).items).toHaveLength(50); // the default page
  });

  it('refuses a bad query with 400 validation_failed, and anonymous callers with 401', async () => {
    for (const query of [
      { limit: 0 },
      { limit: 101 },
      { offset: -1 },
      { department: 'finance' },
      { role: 'admin' },
      { q: '\0' },
      { q: 'я'.repeat(101) },
    ]) {
      const res = await app.api.get('/api/people', { query, token: me.token });
      expect([query, res.status, res.ok || res.body.code]).toEqual([query, 400, 'validation_failed']);
      expect(res.body).toMatchObject({ statusCode: 400, message: expect.any(String), requestId: expect.any(String) });
    }
    expectError(await app.api.get('/api/people'), 401);
    expectError(await app.api.get('/api/departments'), 401);
  });

  it('leaves out disabled accounts', async () => {
    const target = await app.login('servant20');
    const params = { id: target.user.id };
    expectOk(await app.api.post('/api/admin/users/:id/disable', { params, token: admin.token }), 200);
    try {
      const all = await people({ limit: 100 });
      expect(all.total).toBe(72);
      expect(all.items.map((p) => p.id)).not.toContain(target.user.id);
      expect(await people({ q: 'servant20' })).toEqual({ items: [], total: 0 });
    } finally {
      await app.api.post('/api/admin/users/:id/enable', { params, token: admin.token });
    }
  });

  it('shows presence as the presence service reports it, and the door as set', async () => {
    const so = await socket(owner);
    await eventually(async () => {
      const row = (await people({ q: 'servant02' })).items[0]!;
      expect(row.presence?.status).toBe('online');
    });
    expect(await ack(so, 'presence.set', { status: 'away' })).toMatchObject({ ok: true });
    expect((await people({ q: 'servant02' })).items[0]!.presence?.status).toBe('away');
    expectOk(await setDoor('open'), 200);
    expect((await people({ q: 'servant02' })).items[0]!.door).toBe('open');
    await ack(so, 'presence.set', { status: 'online' });
    await setDoor('knock');
  });

  it('a colleague of another department watching the room hears the door and the owner’s presence at once; others do not', async () => {
    const watcher = await socket(me); // mayor's office: not the owner's department
    const bystander = await socket(await app.login('servant04')); // mayor's office too, not watching
    const ownerSocket = await socket(owner);
    expect(await ack(watcher, 'room.watch', { spaceIds: [ownerRoom.id] })).toEqual({ ok: true });

    const heard = nextEvent(watcher, 'room.door.changed');
    const ownTab = nextEvent(ownerSocket, 'room.door.changed');
    const unheard = arrives(bystander, 'room.door.changed');
    expectOk(await setDoor('closed'), 200);
    const expected = { spaceId: ownerRoom.id, ownerId: owner.user.id, door: 'closed' };
    expect(await heard).toEqual(expected);
    expect(await ownTab).toEqual(expected);
    expect(await unheard).toBe(false);

    const presence = nextEvent(watcher, 'presence.updated');
    const notPresence = arrives(bystander, 'presence.updated');
    await ack(ownerSocket, 'presence.set', { status: 'dnd' });
    expect(await presence).toMatchObject({ userId: owner.user.id, status: 'dnd' });
    expect(await notPresence).toBe(false);

    // After room.unwatch nothing more comes.
    expect(await ack(watcher, 'room.unwatch', { spaceIds: [ownerRoom.id] })).toEqual({ ok: true });
    const after = arrives(watcher, 'room.door.changed');
    await setDoor('knock');
    expect(await after).toBe(false);
  });

  it('watches personal rooms only, a bounded number of them, with a coded refusal otherwise', async () => {
    const so = await socket(me);
    const hall = (await ok(app.api.get('/api/spaces', { query: { kind: 'hall' }, token: me.token }), 'halls'))[0]!;
    expect(await ack(so, 'room.watch', { spaceIds: [hall.id] })).toMatchObject({ ok: false, code: 'not_found' });
    expect(
      await ack(so, 'room.watch', { spaceIds: [ownerRoom.id, '00000000-0000-4000-8000-000000000000'] }),
    ).toMatchObject({ ok: false, code: 'not_found' });
    expect(await ack(so, 'room.watch', { spaceIds: [] })).toMatchObject({ ok: false, code: 'validation_failed' });
    const many = Array.from({ length: 101 }, () => ownerRoom.id);
    expect(await ack(so, 'room.watch', { spaceIds: many })).toMatchObject({ ok: false, code: 'validation_failed' });
    // A refused watch joined nothing.
    const none = arrives(so, 'room.door.changed');
    await setDoor('open');
    expect(await none).toBe(false);
    await setDoor('knock');
  });
});
