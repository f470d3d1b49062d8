import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ENTITIES, MIGRATIONS } from '../../apps/server/src/app.module.js';
import { dataSourceOptions } from '../../libs/platform/src/index.js';
import type { BallotChoice } from '../../libs/contracts/src/index.js';
import { expectError, expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { adoptAgenda, EXTRAORDINARY_REASON } from '../support/council.js';

/**
 * Secret ballots may be changed until the vote closes (the last one counts), and the
 * database itself keeps voters and choices apart: while the vote is open a ballot is found
 * only through an HMAC under the vote's own key; at close the key is destroyed, the voter
 * keys cleared and the ballots written anew in random order. The server is stopped to look
 * at the tables directly (PGlite allows one process at a time).
 */
describe('secret ballots in the database', () => {
  let app: TestApp;
  let clerk: SignedIn;
  let chair: SignedIn;
  const c: SignedIn[] = [];
  let sittingId: string;
  let voteId: string;
  let seenBallotIds: string[] = [];

  /** Runs queries on the test database while the server is stopped, then starts it again. */
  async function inspect<T>(work: (db: DataSource) => Promise<T>): Promise<T> {
    const env = { JWT_SECRET: app.env.JWT_SECRET! };
    await app.close({ keepDatabase: true });
    const ds = new DataSource(
      dataSourceOptions({ databaseUrl: app.db.databaseUrl, dataDir: app.db.dataDir }, ENTITIES, MIGRATIONS),
    );
    await ds.initialize();
    try {
      return await work(ds);
    } finally {
      await ds.destroy();
      app = await TestApp.start({ db: app.db, env });
    }
  }

  const cast = (s: SignedIn, choice: BallotChoice) =>
    app.api.post('/api/council/votes/:id/ballots', { params: { id: voteId }, body: { choice }, token: s.token });

  beforeAll(async () => {
    app = await TestApp.start();
    [clerk, chair] = await Promise.all([app.login('clerk'), app.login('chair')]);
    for (let i = 1; i <= 25; i++) c.push(await app.login(`councillor${String(i).padStart(2, '0')}`));
    const startsAt = new Date(Date.now() + 6 * 86_400_000);
    const created = await ok(
      app.api.post('/api/council/sessions', {
        body: {
          title: 'Избор',
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
          agenda: [{ title: 'Избор на заместник-председател', voteMode: 'secret', majority: 'present' }],
          // Published and opened at once: sooner than the notice period allows a regular sitting.
          extraordinary: true,
          extraordinaryReason: EXTRAORDINARY_REASON,
        },
        token: clerk.token,
      }),
      'create the sitting',
    );
    sittingId = created.id;
    const url = (p: string) => `/api/council/sessions/${sittingId}${p}`;
    expect((await app.post(url('/publish'), {}, { token: clerk.token })).status).toBe(200);
    expect((await app.post(url('/open'), {}, { token: chair.token })).status).toBe(200);
    for (const s of [chair, ...c])
      expect((await app.post(url('/attendance'), {}, { token: s.token })).status).toBe(200);
    // The sitting’s first vote adopts its agenda (issue 15).
    await adoptAgenda(app, sittingId, { clerk, chair });
    const vote = await app.api.post('/api/council/sessions/:id/votes', {
      params: { id: sittingId },
      body: { itemId: created.items[0]!.id },
      token: chair.token,
    });
    expectOk(vote, 201);
    voteId = vote.body.id;
  }, 180_000);

  afterAll(() => app?.close());

  it('a changed secret ballot replaces the earlier one: only the last choice counts', async () => {
    // councillor01 changes their mind twice; councillor02 once; two at once from councillor03.
    for (const choice of ['for', 'against', 'abstain'] as const) expect((await cast(c[0]!, choice)).status).toBe(201);
    expect((await cast(c[1]!, 'against')).status).toBe(201);
    expect((await cast(c[1]!, 'for')).status).toBe(201);
    const race = await Promise.all([cast(c[2]!, 'for'), cast(c[2]!, 'against')]);
    expect(race.map((r) => r.status)).toEqual([201, 201]);
    for (const s of c.slice(3, 13)) expect((await cast(s, 'for')).status).toBe(201); // 10 for
    for (const s of c.slice(13, 18)) expect((await cast(s, 'against')).status).toBe(201); // 5 against
    const v = await ok(
      app.api.get('/api/council/votes/:id', { params: { id: voteId }, token: c[0]!.token }),
      'the vote',
    );
    expect(v).toMatchObject({ ballotsCast: 18, counts: null, mine: { voted: true, choice: null } });
  });

  it('while open: one ballot per voter, found only by an HMAC under the vote key (no member id)', async () => {
    const memberIds = [chair, ...c].map((s) => s.user.id);
    const seen = await inspect(async (db) => {
      const [vote] = await db.query(`SELECT secret_key FROM council_vote WHERE id = $1`, [voteId]);
      expect(vote.secret_key).toEqual(expect.any(String));
      const ballots: { id: string; voter_key: string | null; choice: string }[] = await db.query(
        `SELECT id, voter_key, choice FROM council_secret_ballot WHERE vote_id = $1`,
        [voteId],
      );
      expect(ballots).toHaveLength(18);
      expect(new Set(ballots.map((b) => b.voter_key)).size).toBe(18);
      for (const b of ballots) for (const id of memberIds) expect(JSON.stringify(b)).not.toContain(id);
      const voters: { user_id: string }[] = await db.query(
        `SELECT user_id FROM council_secret_voter WHERE vote_id = $1`,
        [voteId],
      );
      expect(voters).toHaveLength(18);
      return ballots.map((b) => b.id);
    });
    // After the restart the vote goes on: councillor04 changes "for" to "against".
    expect((await cast(c[3]!, 'against')).status).toBe(201);
    expect(seen).toHaveLength(18);
    seenBallotIds = seen;
  });

  it('after close: key destroyed, voter keys gone, ballots rewritten; totals match the last choices', async () => {
    const closed = await app.api.post('/api/council/votes/:id/close', {
      params: { id: voteId },
      body: {},
      token: chair.token,
    });
    expectOk(closed, 200);
    const r = closed.body.result!;
    expect(r.counts.abstain).toBe(1);
    expect(r.counts.for + r.counts.against).toBe(17);
    // councillor02 + 05..13 = 10 "for", 14..18 + 04 = 6 "against", and councillor03's one ballot.
    expect([10, 11]).toContain(r.counts.for);
    expect(r).toMatchObject({ present: 26, members: 51, required: 14 });
    const late = await cast(c[0]!, 'for');
    expectError(late, 409, 'vote_closed');

    const memberIds = [chair, ...c].map((s) => s.user.id);
    const before = seenBallotIds;
    await inspect(async (db) => {
      const [vote] = await db.query(`SELECT secret_key, result FROM council_vote WHERE id = $1`, [voteId]);
      expect(vote.secret_key).toBeNull();
      const rows: Record<string, unknown>[] = await db.query(
        `SELECT b.* FROM council_secret_ballot b WHERE vote_id = $1`,
        [voteId],
      );
      expect(rows).toHaveLength(18);
      for (const row of rows) {
        expect(Object.keys(row).sort()).toEqual(['choice', 'id', 'vote_id', 'voter_key']);
        expect(row.voter_key).toBeNull();
        for (const id of memberIds) expect(JSON.stringify(row)).not.toContain(id);
      }
      // Written anew: none of the ids that existed while the vote was open is left.
      expect(rows.filter((row) => before.includes(row.id as string))).toEqual([]);
      const tally: Record<string, number> = { for: 0, against: 0, abstain: 0 };
      for (const row of rows) tally[row.choice as string]! += 1;
      expect(tally).toEqual(r.counts);
      // No time, no order, no voter: the tables have no such columns.
      const cols: { table_name: string; column_name: string; data_type: string }[] = await db.query(
        `SELECT table_name, column_name, data_type FROM information_schema.columns
          WHERE table_name IN ('council_secret_ballot', 'council_secret_voter') ORDER BY table_name, column_name`,
      );
      expect(cols.map((x) => `${x.table_name}.${x.column_name}`)).toEqual([
        'council_secret_ballot.choice',
        'council_secret_ballot.id',
        'council_secret_ballot.vote_id',
        'council_secret_ballot.voter_key',
        'council_secret_voter.user_id',
        'council_secret_voter.vote_id',
      ]);
      expect(cols.some((x) => x.data_type.includes('time') || x.data_type.includes('serial'))).toBe(false);
      // Who voted is kept, apart.
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM council_secret_voter WHERE vote_id = $1`, [
        voteId,
      ]);
      expect(Number(n)).toBe(18);
    });
    // After the agenda's adoption (the sitting's first vote, open).
    const pub = (
      await ok(app.api.get('/api/public/council/sessions/:id', { params: { id: sittingId } }), 'the public sitting')
    ).votes[1];
    expect(pub).toMatchObject({ ballotsCast: 18, counts: r.counts, roll: null });
  });
});
