import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { adoptAgenda, openSitting, showOfHands, signAndPublishMinutes } from '../support/council.js';
import { serverUrl, type TestDatabase } from '../support/database.js';
import { eventually } from '../support/eventually.js';
import { changedTables, fingerprint, queryDatabase, type Fingerprint } from '../support/fingerprint.js';
import { FakeLiveKit } from '../support/livekit-server.js';

const LIBFAKETIME = [
  process.env.LIBFAKETIME,
  '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/faketime/libfaketime.so.1',
].find((p): p is string => Boolean(p && existsSync(p)));

/**
 * The environment of a server whose clock runs `days` ahead of this process's (which the date
 * matrix may itself have moved with FAKETIME="+Ns"), polling for the day's run every 200 ms.
 */
function ahead(days: number, env: Record<string, string> = {}): Record<string, string | undefined> {
  if (!LIBFAKETIME) throw new Error('libfaketime not found — `bash scripts/services.sh` installs it');
  const base = Number(/^\+(\d+)s$/.exec(process.env.FAKETIME ?? '')?.[1] ?? 0);
  return {
    LD_PRELOAD: [LIBFAKETIME, process.env.LD_PRELOAD].filter(Boolean).join(' '),
    FAKETIME: `+${base + days * 86_400}s`,
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
    RETENTION_POLL_MS: '200',
    ...env,
  };
}

interface Counts {
  sessions: number;
  revoked: number;
  knocks: number;
  participantsLeft: number;
  participantsPresent: number;
  events: number;
  audit: string;
  runs: { day: string; removed: Record<string, number>; finished: boolean }[];
}

/** What retention may remove, and the audit log (left out of the fingerprint) as count and digest. */
async function counts(db: TestDatabase): Promise<Counts> {
  const [row] = await queryDatabase<Record<string, string>>(
    db,
    `SELECT (SELECT count(*) FROM refresh_session)::text AS sessions,
            (SELECT count(*) FROM refresh_session WHERE revoked_at IS NOT NULL)::text AS revoked,
            (SELECT count(*) FROM knock)::text AS knocks,
            (SELECT count(*) FROM livekit_participant WHERE NOT present)::text AS participants_left,
            (SELECT count(*) FROM livekit_participant WHERE present)::text AS participants_present,
            (SELECT count(*) FROM livekit_event)::text AS events,
            (SELECT count(*) || ':' || md5(string_agg(to_jsonb(a)::text, '|' ORDER BY a.id)) FROM audit_event a) AS audit`,
  );
  const runs = await queryDatabase<{ day: string; removed: Record<string, number>; finished: boolean }>(
    db,
    `SELECT day::text AS day, removed, finished_at IS NOT NULL AS finished FROM retention_run ORDER BY day`,
  );
  return {
    sessions: Number(row!.sessions),
    revoked: Number(row!.revoked),
    knocks: Number(row!.knocks),
    participantsLeft: Number(row!.participants_left),
    participantsPresent: Number(row!.participants_present),
    events: Number(row!.events),
    audit: row!.audit!,
    runs,
  };
}

const ran = (app: TestApp) => app.output.filter((l) => l.includes('"event":"retention_run"'));

/** Starts a server `days` ahead on the database, waits for this process's day's run, stops it. */
async function runAhead(
  db: TestDatabase,
  env: Record<string, string>,
  days: number,
  extra: Record<string, string> = {},
) {
  const app = await TestApp.start({ db, env: { ...env, ...ahead(days, extra) } });
  try {
    await eventually(async () => expect(ran(app)).toHaveLength(1), 30_000);
    return JSON.parse(ran(app)[0]!) as { day: string; removed: Record<string, number>; failed: object };
  } finally {
    await app.close({ keepDatabase: true });
  }
}

/** Council tables: sittings, votes, decisions, minutes, mandates. */
const council = (print: Fingerprint) =>
  Object.fromEntries(Object.entries(print).filter(([t]) => t.startsWith('council')));

(LIBFAKETIME ? describe : describe.skip)('retention of personal data on a date far ahead', () => {
  let app: TestApp;
  let db: TestDatabase;
  let env: Record<string, string>;
  let before: Fingerprint;
  let made: Counts;

  beforeAll(async () => {
    const lk = await FakeLiveKit.start();
    try {
      app = await TestApp.start({ env: { ...lk.env, LIVEKIT_RECONCILE_SECONDS: '3600' } });
      db = app.db;
      const [clerk, chair, admin, owner, visitor] = await Promise.all(
        ['clerk', 'chair', 'admin', 'servant01', 'servant02'].map((u) => app.login(u)),
      );
      // A session signed out at once (revoked), besides the ones above that simply end.
      const leaving: SignedIn = await app.login('servant03');
      expect((await app.post('/api/auth/logout', {}, { token: leaving.token, cookie: leaving.cookie })).status).toBe(
        204,
      );

      // A knock, answered.
      const room = await ok(app.api.get('/api/rooms/me', { token: owner.token }), 'the room');
      const knock = await app.api.post('/api/spaces/:id/knocks', {
        params: { id: room.id },
        body: { message: 'Може ли за минута?' },
        token: visitor.token,
      });
      expectOk(knock, 201);
      expect((await app.post(`/api/knocks/${knock.body.id}/deny`, undefined, { token: owner.token })).status).toBe(200);

      // LiveKit: the visitor came and left; the owner is still in.
      const ev = FakeLiveKit.event;
      const hook = async (e: ReturnType<typeof ev>) => {
        const signed = await lk.signWebhook(e);
        const res = await app.request('POST', '/api/livekit/webhook', undefined, {
          raw: signed.body,
          headers: { 'content-type': 'application/webhook+json', authorization: signed.authorization! },
        });
        expect(res.status).toBe(200);
      };
      const t = Math.floor(Date.now() / 1000);
      await hook(ev('participant_joined', room.livekitRoom, visitor.user.id, t - 10));
      await hook(ev('participant_left', room.livekitRoom, visitor.user.id, t - 5));
      await hook(ev('participant_joined', room.livekitRoom, owner.user.id, t));

      // A council sitting with a decision and published minutes: public records.
      const users = await ok(
        app.api.get('/api/admin/users', { query: { role: 'councillor', limit: 200 }, token: admin.token }),
        'the councillors',
      );
      const councillorIds: string[] = users.items.map((u) => u.id);
      const sittingId = await openSitting(app, { clerk, chair }, 'Сесия за проверка на съхранението', new Date());
      const url = `/api/council/sessions/${sittingId}`;
      const { items } = await ok(
        app.api.get('/api/council/sessions/:id', { params: { id: sittingId }, token: clerk.token }),
        'the sitting',
      );
      for (const id of councillorIds.slice(0, 26))
        expect((await app.post(`${url}/attendance`, { userId: id }, { token: clerk.token })).status).toBe(200);
      // The sitting’s first vote adopts its agenda (issue 15).
      await adoptAgenda(app, sittingId, { clerk, chair }, councillorIds.slice(0, 26));
      const vote = await app.api.post('/api/council/sessions/:id/votes', {
        params: { id: sittingId },
        body: { itemId: items[0]!.id },
        token: chair.token,
      });
      expectOk(vote, 201);
      expect((await showOfHands(app, vote.body.id, councillorIds.slice(0, 26), { clerk, chair })).passed).toBe(true);
      expect((await app.post(`${url}/close`, {}, { token: chair.token })).status).toBe(200);
      expect((await signAndPublishMinutes(app, sittingId, { admin, clerk, chair })).minutesPublishedAt).toEqual(
        expect.any(String),
      );
      env = app.env;
      await app.close({ keepDatabase: true });
    } finally {
      await lk.close();
    }
    before = await fingerprint(db);
    made = await counts(db);
    expect(made).toMatchObject({ knocks: 1, participantsLeft: 1, participantsPresent: 1, events: 3, runs: [] });
    expect(made.sessions).toBeGreaterThanOrEqual(6);
    expect(made.revoked).toBe(1);
    expect(Number((await queryDatabase(db, `SELECT count(*)::int AS n FROM council_decision`))[0]!.n)).toBeGreaterThan(
      0,
    );
  }, 240_000);

  afterAll(async () => {
    await db?.drop();
  });

  it('40 days on, only what is past its own period goes: the answered knock, not the sessions or LiveKit records', async () => {
    const run = await runAhead(db, env, 40, { RETENTION_LIVEKIT_DAYS: '60' });
    // No SMTP_URL here: the outbox is empty, its sweep removes nothing (mail retention: see the README).
    expect(run.removed).toEqual({ sessions: 0, knocks: 1, livekit_participants: 0, livekit_events: 0, mail: 0 });
    expect(run.failed).toEqual({});
    const now = await counts(db);
    expect(now).toMatchObject({
      sessions: made.sessions,
      knocks: 0,
      participantsLeft: 1,
      participantsPresent: 1,
      events: 3,
      audit: made.audit,
    });
    expect(now.runs).toEqual([{ day: run.day, removed: run.removed, finished: true }]);
  }, 90_000);

  it('400 days on, ended sessions and LiveKit records go; council records, minutes and the audit log stay whole', async () => {
    const run = await runAhead(db, env, 400);
    expect(run.removed).toEqual({
      sessions: made.sessions,
      knocks: 0,
      livekit_participants: 1,
      livekit_events: 3,
      mail: 0,
    });
    const now = await counts(db);
    // Someone LiveKit says is still in the room stays (the reconciliation, not retention, corrects that).
    expect(now).toMatchObject({ sessions: 0, knocks: 0, participantsLeft: 0, participantsPresent: 1, events: 0 });
    expect(now.audit).toBe(made.audit);
    expect(now.runs).toHaveLength(2);
    const after = await fingerprint(db);
    expect(council(after)).toEqual(council(before));
    expect(changedTables(before, after)).toEqual([
      expect.stringMatching(/^knock: /),
      expect.stringMatching(/^livekit_event: /),
      expect.stringMatching(/^livekit_participant: /),
    ]);
  }, 90_000);

  (serverUrl() ? it : it.skip)(
    'two processes on one database: the day is run once, and its counts are what went',
    async () => {
      // Fresh sessions to remove, made on today's date.
      const today = await TestApp.start({ db, env });
      await Promise.all(['servant01', 'servant02', 'servant04'].map((u) => today.login(u)));
      await today.close({ keepDatabase: true });
      const { sessions, audit } = await counts(db);
      expect(sessions).toBe(3);

      const env800 = TestApp.environment(db, { ...env, ...ahead(800) });
      const both = [TestApp.spawn(db, env800), TestApp.spawn(db, env800)];
      try {
        await Promise.all(both.map((a) => a.ready(60_000)));
        // Each process either ran the day or saw it claimed.
        await eventually(async () => {
          for (const a of both) expect(a.output.some((l) => /"event":"retention_(run|day_taken)"/.test(l))).toBe(true);
        }, 30_000);
        expect(both.map((a) => ran(a).length).sort()).toEqual([0, 1]);
        const run = JSON.parse(both.flatMap(ran)[0]!);
        expect(run.removed.sessions).toBe(sessions);
        const now = await counts(db);
        expect(now.sessions).toBe(0);
        expect(now.runs).toHaveLength(3);
        expect(now.runs[2]).toEqual({ day: run.day, removed: run.removed, finished: true });
        expect(now.audit).toBe(audit);
      } finally {
        await Promise.all(both.map((a) => a.close({ keepDatabase: true })));
      }
    },
    120_000,
  );
});
