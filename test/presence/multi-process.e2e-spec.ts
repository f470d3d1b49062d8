import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import type { Ack, KnockEvent, PresenceUpdated, SpaceView } from '../../libs/contracts/src/index.js';
import { expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { freshDatabase } from '../support/database.js';
import { eventually } from '../support/eventually.js';
import { nextTyped } from '../support/events.js';
import { configuredLiveKit, type ConfiguredLiveKit } from '../support/livekit/real.js';

function nextPresenceOf(socket: Socket, userId: string, status?: string, ms = 20_000): Promise<PresenceUpdated> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('presence.updated', on);
      reject(new Error(`no presence.updated ${status ?? ''} for ${userId}`));
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

/**
 * Records, in the test's database only, every knock-expiry sweep and which process ran it
 * (a statement trigger fires even when the sweep claimed nothing).
 */
const RECORD_SWEEPS = `
  CREATE TABLE test_knock_sweep (n bigserial PRIMARY KEY, app text NOT NULL);
  CREATE FUNCTION test_record_knock_sweep() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF current_query() LIKE '%status = ''expired''%' THEN
      INSERT INTO test_knock_sweep (app) VALUES (current_setting('application_name'));
    END IF;
    RETURN NULL;
  END $$;
  CREATE TRIGGER test_knock_sweep AFTER UPDATE ON knock FOR EACH STATEMENT EXECUTE FUNCTION test_record_knock_sweep();
`;

/**
 * Two server processes on one PostgreSQL and one Redis behave as one: knocks reach the
 * owner wherever their socket is, presence is the same from both, and a process killed
 * with SIGKILL leaves no one online forever. Needs DATABASE_URL and REDIS_URL.
 */
const multi = process.env.DATABASE_URL && process.env.REDIS_URL ? describe : describe.skip;

multi('two server processes (PostgreSQL + Redis)', () => {
  let lk: ConfiguredLiveKit;
  let a: TestApp;
  let b: TestApp;
  const sockets: Socket[] = [];
  let owner: SignedIn;
  let visitor: SignedIn;
  let colleague: SignedIn;
  let room: SpaceView;
  let db: pg.Client;

  const open = async (app: TestApp, s: SignedIn) => {
    const so = await app.socket(s.token);
    sockets.push(so);
    return so;
  };

  beforeAll(async () => {
    lk = await configuredLiveKit();
    const env = {
      ...lk.env,
      JWT_SECRET: randomBytes(32).toString('hex'),
      PRESENCE_TTL_SECONDS: '3',
      KNOCK_EXPIRY_SECONDS: '2',
    };
    const shared = await freshDatabase();
    db = new pg.Client({ connectionString: shared.databaseUrl });
    await db.connect();
    await db.query(RECORD_SWEEPS);
    // Each process names its database connections (node-postgres reads PGAPPNAME), so the
    // database can tell who swept; DATABASE_URL stays the same (Redis's prefix comes from it).
    a = await TestApp.start({ env: { ...env, PGAPPNAME: 'egov_a' }, db: shared });
    b = await TestApp.start({ env: { ...env, PGAPPNAME: 'egov_b' }, db: shared });
    // Tokens from one process are good on the other (shared secret and sessions).
    [owner, visitor, colleague] = await Promise.all([a.login('servant01'), b.login('servant02'), a.login('servant04')]);
    room = await ok(b.api.get('/api/rooms/me', { token: owner.token }), 'my room');
  }, 120_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await db?.end();
    await b?.close({ keepDatabase: true });
    await a?.close();
    await lk?.close();
  });

  it('a knock sent through one process reaches the owner connected to the other, and back', async () => {
    const ownerOnB = await open(b, owner);
    const visitorOnA = await open(a, visitor);
    const requested = nextTyped(ownerOnB, 'knock.requested');
    const knock = await a.api.post('/api/spaces/:id/knocks', {
      params: { id: room.id },
      body: { message: 'от процес A' },
      token: visitor.token,
    });
    expectOk(knock, 201);
    expect(await requested).toMatchObject({
      id: knock.body.id,
      message: 'от процес A',
      visitor: { id: visitor.user.id },
    });

    const resolved = nextTyped(visitorOnA, 'knock.resolved');
    expect((await b.post(`/api/knocks/${knock.body.id}/admit`, undefined, { token: owner.token })).status).toBe(200);
    expect(await resolved).toMatchObject({ id: knock.body.id, status: 'admitted' });
    // The admission made on B is used once, on A.
    expect((await a.post(`/api/spaces/${room.id}/join`, undefined, { token: visitor.token })).status).toBe(200);
    expect((await b.post(`/api/spaces/${room.id}/join`, undefined, { token: visitor.token })).status).toBe(403);
  });

  it('an unanswered knock expires once, although both processes sweep', async () => {
    const visitorOnB = await open(b, visitor);
    const resolved: KnockEvent[] = [];
    visitorOnB.on('knock.resolved', (e: KnockEvent) => resolved.push(e));
    const knock = await a.api.post('/api/spaces/:id/knocks', {
      params: { id: room.id },
      body: {},
      token: visitor.token,
    });
    expectOk(knock, 201);
    const expired = await new Promise<KnockEvent>((resolve) => {
      const on = (e: KnockEvent) => e.id === knock.body.id && resolve(e);
      visitorOnB.on('knock.resolved', on);
    });
    expect(expired.status).toBe('expired');
    // Both sweepers run again after the expiry arrived (each process is seen sweeping in the
    // database); then a marker event proves that anything they announced before it arrived.
    const [{ last }] = (await db.query(`SELECT coalesce(max(n), 0)::int AS last FROM test_knock_sweep`)).rows;
    await eventually(async () => {
      const { rows } = await db.query(`SELECT DISTINCT app FROM test_knock_sweep WHERE n > $1 ORDER BY app`, [last]);
      expect(rows.map((r) => r.app)).toEqual(['egov_a', 'egov_b']);
    });
    const marker = nextPresenceOf(visitorOnB, visitor.user.id, 'away');
    expect(((await visitorOnB.timeout(5000).emitWithAck('presence.set', { status: 'away' })) as Ack).ok).toBe(true);
    await marker;
    expect(resolved.filter((e) => e.id === knock.body.id)).toHaveLength(1);
  });

  it('presence is the same from both processes: tabs on A and B count as one user', async () => {
    const subject = await a.login('servant07'); // same department as servant04
    const watcherOnA = await open(a, colleague);
    let next = nextPresenceOf(watcherOnA, subject.user.id);
    const tabOnB = await open(b, subject);
    expect(await next).toMatchObject({ status: 'online' });
    const tabOnA = await open(a, subject);
    tabOnB.close();
    // The tab on A keeps the user online: a status they choose there is what colleagues see.
    // (Filtered: A's server may register the new tab a moment after B's close, which shows as
    // a brief offline/online pair; the state after that is what counts.)
    next = nextPresenceOf(watcherOnA, subject.user.id, 'busy');
    const ack = (await tabOnA.timeout(5000).emitWithAck('presence.set', { status: 'busy' })) as Ack;
    expect(ack).toMatchObject({ ok: true, data: { status: 'busy' } });
    expect(await next).toMatchObject({ status: 'busy' });
    const snapshot = await b.get(`/api/presence?userIds=${subject.user.id}`, { token: colleague.token });
    expect(snapshot.body).toEqual([expect.objectContaining({ userId: subject.user.id, status: 'busy' })]);
    next = nextPresenceOf(watcherOnA, subject.user.id, 'offline');
    tabOnA.close();
    expect(await next).toMatchObject({ status: 'offline' });
  });

  it('a process killed with SIGKILL leaves no ghost: its users go offline within the heartbeat expiry', async () => {
    const subject = await a.login('servant10'); // same department as servant04
    const watcherOnA = await open(a, colleague);
    const online = nextPresenceOf(watcherOnA, subject.user.id, 'online');
    await open(b, subject);
    await online;
    const offline = nextPresenceOf(watcherOnA, subject.user.id, 'offline', 30_000);
    await b.close({ signal: 'SIGKILL', keepDatabase: true });
    expect(await offline).toMatchObject({ userId: subject.user.id, status: 'offline' });
    const snapshot = await ok(
      a.api.get('/api/presence', { query: { userIds: subject.user.id }, token: colleague.token }),
      'presence',
    );
    expect(snapshot[0]).toMatchObject({ status: 'offline' });
  });
});
