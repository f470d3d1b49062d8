import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ENTITIES, MIGRATIONS } from '../../apps/server/src/app.module.js';
import { dataSourceOptions } from '../../libs/platform/src/index.js';
import { expectError, expectOk, ok } from '../support/api.js';
import type { BodyOf } from '../support/api-types.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { adoptAgenda, openSittingWith } from '../support/council.js';

/**
 * Elections (issue 15, part 3): a secret vote with candidates. 51 seats, 26 members present
 * (the chair and councillor01..25): a candidate needs 26 votes — more than half of ALL the
 * seats (ЗМСМА чл. 24) — so a split first round goes to a second round between the two first.
 * A paper round is entered by the counting commission as totals. The secrecy is checked in the
 * tables themselves (the server stopped: PGlite allows one process at a time).
 */
/**
 * What the suite reads of a member's personal-data export: the contract's PersonalDataExport is
 * a record of sections with no shape of its own.
 */
interface CouncilSectionRead {
  council: { electionRoundsTakenPart: { electionId: string }[]; candidacies: { round: number }[] };
}

describe('elections', () => {
  let app: TestApp;
  let clerk: SignedIn;
  let chair: SignedIn;
  let servant: SignedIn;
  let absent: SignedIn;
  const c: SignedIn[] = [];
  let sittingId: string;
  let items: { id: string }[];
  let firstRound: string;
  let secondRound: string;

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

  const url = (p: string) => `/api/council/sessions/${sittingId}${p}`;
  const vote = (s: SignedIn, electionId: string, candidateId: string | null) =>
    app.api.post('/api/council/elections/:id/ballots', {
      params: { id: electionId },
      body: { candidateId },
      token: s.token,
    });
  const version = async () =>
    (await ok(app.api.get('/api/council/sessions/:id', { params: { id: sittingId }, token: clerk.token }), 'sitting'))
      .version;
  const openElection = (body: BodyOf<'POST', '/api/council/sessions/:id/elections'>) =>
    app.api.post('/api/council/sessions/:id/elections', { params: { id: sittingId }, body, token: chair.token });
  const election = (id: string, token: string) =>
    ok(app.api.get('/api/council/elections/:id', { params: { id }, token }), 'the election');
  const closeElection = (id: string, token = chair.token) =>
    app.api.post('/api/council/elections/:id/close', { params: { id }, body: {}, token });
  const secondRoundOf = (id: string) =>
    app.api.post('/api/council/elections/:id/second-round', { params: { id }, body: {}, token: chair.token });
  const publicSitting = () =>
    ok(app.api.get('/api/public/council/sessions/:id', { params: { id: sittingId } }), 'the public sitting');
  const decisions = () => ok(app.api.get('/api/council/decisions', { token: clerk.token }), 'the register');

  beforeAll(async () => {
    app = await TestApp.start();
    [clerk, chair, servant, absent] = await Promise.all([
      app.login('clerk'),
      app.login('chair'),
      app.login('servant01'),
      app.login('councillor26'),
    ]);
    for (let i = 1; i <= 25; i++) c.push(await app.login(`councillor${String(i).padStart(2, '0')}`));
    const created = await openSittingWith(
      app,
      { clerk, chair },
      {
        title: 'Избори',
        startsAt: new Date(Date.now() + 60_000),
        agenda: [
          { title: 'Избор на председател на Общинския съвет', voteMode: 'secret', majority: 'all' },
          { title: 'Избор на заместник-председател', voteMode: 'secret', majority: 'all' },
        ],
      },
    );
    sittingId = created.id;
    items = created.items;
    for (const s of [chair, ...c])
      expect((await app.post(url('/attendance'), {}, { token: s.token })).status).toBe(200);
  }, 180_000);

  afterAll(() => app?.close());

  it('opens an election on the current item with members as candidates; only the chair; one thing open at a time', async () => {
    const body = { itemId: items[0]!.id, office: 'Председател на Общинския съвет', candidateIds: [c[0]!.user.id] };
    // The agenda first (SittingSteps.requireAgendaAdopted): a round is a vote on an item.
    const early = await openElection({ ...body, candidateIds: [c[0]!.user.id, c[1]!.user.id] });
    expectError(early, 409);
    expect(early.body).toMatchObject({ code: 'agenda_not_adopted', details: { kind: 'election' } });
    await adoptAgenda(app, sittingId, { clerk, chair });

    const stranger = await openElection({ ...body, candidateIds: [c[0]!.user.id, servant.user.id] });
    expectError(stranger, 400, 'candidate_not_member');
    const notChair = await app.post(url('/elections'), body, { token: c[3]!.token });
    expect(notChair.status).toBe(403);
    const twice = await app.post(
      url('/elections'),
      { ...body, candidateIds: [c[0]!.user.id, c[0]!.user.id] },
      {
        token: chair.token,
      },
    );
    expect(twice.status).toBe(400);

    const before = await version();
    const opened = await openElection({ ...body, candidateIds: [c[0]!.user.id, c[1]!.user.id, c[2]!.user.id] });
    expectOk(opened, 201);
    expect(opened.body).toMatchObject({ round: 1, status: 'open', mode: 'electronic', ballotsCast: 0, result: null });
    expect(opened.body.candidates.map((x) => x.id)).toEqual([c[0]!.user.id, c[1]!.user.id, c[2]!.user.id]);
    expect(await version()).toBeGreaterThan(before);
    firstRound = opened.body.id;

    const voteToo = await app.api.post('/api/council/sessions/:id/votes', {
      params: { id: sittingId },
      body: { kind: 'decision', itemId: items[0]!.id },
      token: chair.token,
    });
    expectError(voteToo, 409, 'election_open');
    const another = await openElection(body);
    expectError(another, 409, 'election_open');
    const pause = await app.post(url('/pause'), {}, { token: chair.token });
    expect(pause.status).toBe(409);
  });

  it('round 1: secret ballots, the last one counts; refusals; nobody reaches 26 of 51 → a second round', async () => {
    const [a, b, cc] = [c[0]!.user.id, c[1]!.user.id, c[2]!.user.id];
    // councillor01 first chooses B, then A: replaced, not added.
    expect((await vote(c[0]!, firstRound, b)).status).toBe(201);
    const again = await vote(c[0]!, firstRound, a);
    expectOk(again, 201);
    // Read back to the member: "you chose A".
    expect(again.body.mine).toEqual({ voted: true, candidateId: a });
    expect(again.body).toMatchObject({ ballotsCast: 1, result: null });

    const notCandidate = await vote(c[0]!, firstRound, c[9]!.user.id);
    expectError(notCandidate, 400, 'not_a_candidate');
    expect((await vote(servant, firstRound, a)).status).toBe(403);
    const notPresent = await vote(absent, firstRound, a);
    expect(notPresent.status).toBe(403);

    for (const s of c.slice(1, 10)) expect((await vote(s, firstRound, a)).status).toBe(201); // A: 10
    for (const s of c.slice(10, 18)) expect((await vote(s, firstRound, b)).status).toBe(201); // B: 8
    for (const s of c.slice(18, 23)) expect((await vote(s, firstRound, cc)).status).toBe(201); // C: 5
    // A member who leaves while the round is open loses their ballot in it; back, they vote again.
    expect((await ok(vote(c[24]!, firstRound, a), 'ballot')).ballotsCast).toBe(24);
    expect((await app.post(url('/attendance'), { present: false }, { token: c[24]!.token })).status).toBe(200);
    expect((await election(firstRound, chair.token)).ballotsCast).toBe(23);
    expect((await app.post(url('/attendance'), {}, { token: c[24]!.token })).status).toBe(200);
    for (const s of [c[23]!, c[24]!, chair]) expect((await vote(s, firstRound, null)).status).toBe(201); // none: 3
    // A member who declared a conflict of interest on the item takes no part in its election, as in its
    // votes (councillor26 comes in, declares, is refused, and leaves: the round's numbers stay as they are).
    const conflictOn = (s: SignedIn) =>
      app.api.post('/api/council/sessions/:id/items/:itemId/conflicts', {
        params: { id: sittingId, itemId: items[0]!.id },
        body: { reason: 'Кандидатът е мой роднина' },
        token: s.token,
      });
    expect((await app.post(url('/attendance'), {}, { token: absent.token })).status).toBe(200);
    expect((await conflictOn(absent)).status).toBe(201);
    const conflicted = await vote(absent, firstRound, a);
    expectError(conflicted, 403, 'conflict_of_interest');
    expect((await app.post(url('/attendance'), { present: false }, { token: absent.token })).status).toBe(200);
    // A conflict declared after one's ballot in the open round is refused: the ballot was cast.
    const late = await conflictOn(c[23]!);
    expectError(late, 409, 'already_voted');

    // Live: how many voted, never the totals while open; the member's own choice is not kept to be read later.
    const live = await app.api.get('/api/council/elections/:id', { params: { id: firstRound }, token: c[5]!.token });
    expect(live.body).toMatchObject({ ballotsCast: 26, result: null, mine: { voted: true, candidateId: null } });
    const pub = (await publicSitting()).elections![0];
    expect(pub).toMatchObject({ ballotsCast: 26, result: null });

    expect((await closeElection(firstRound, c[3]!.token)).status).toBe(403);
    const closed = await closeElection(firstRound);
    expectOk(closed, 200);
    expect(closed.body.result).toEqual({
      round: 1,
      seats: 51,
      present: 26,
      quorumRequired: 26,
      quorumReached: true,
      required: 26,
      votes: [
        { candidateId: a, votes: 10 },
        { candidateId: b, votes: 8 },
        { candidateId: cc, votes: 5 },
      ],
      blank: 3,
      invalid: 0,
      voters: 26,
      outcome: 'second_round',
      electedId: null,
      runoff: [a, b],
    });
    const stale = await vote(c[0]!, firstRound, a);
    expectError(stale, 409, 'election_closed');
  });

  it('round 2 between the two first elects with 26 of 51; the first round stays as it was decided', async () => {
    const [a, b, cc] = [c[0]!.user.id, c[1]!.user.id, c[2]!.user.id];
    const opened = await secondRoundOf(firstRound);
    expectOk(opened, 201);
    expect(opened.body).toMatchObject({ round: 2, firstRoundId: firstRound, office: 'Председател на Общинския съвет' });
    expect(opened.body.candidates.map((x) => x.id)).toEqual([a, b]);
    secondRound = opened.body.id;
    const twice = await secondRoundOf(firstRound);
    expect(twice.status).toBe(409);

    expectError(await vote(c[2]!, secondRound, cc), 400, 'not_a_candidate');
    // A stale round: a ballot sent to round 1 while round 2 is open.
    expectError(await vote(c[2]!, firstRound, a), 409, 'election_closed');
    for (const s of [chair, ...c]) expect((await vote(s, secondRound, a)).status).toBe(201);
    const closed = await ok(closeElection(secondRound), 'closing round 2');
    expect(closed.result).toMatchObject({
      round: 2,
      votes: [
        { candidateId: a, votes: 26 },
        { candidateId: b, votes: 0 },
      ],
      blank: 0,
      voters: 26,
      required: 26,
      outcome: 'elected',
      electedId: a,
    });
    // Elected: a decision of the council, numbered in the register like an adopted vote.
    expect(closed.decision).toEqual({ id: expect.any(String), number: expect.any(Number) });
    const register = await decisions();
    const entry = register.find((d) => d.id === closed.decision!.id)!;
    expect(entry).toMatchObject({
      number: closed.decision!.number,
      outcome: 'adopted',
      voteId: null,
      electionId: secondRound,
      counts: { for: 26, against: 0, abstain: 0 },
      election: { outcome: 'elected', electedId: a },
    });
    expect(entry.text).toContain('втори тур');
    // Open data traces the decision to its round (no vote: vote_id empty, election_id set).
    const data = (await app.get<Record<string, unknown>[]>('/api/public/council/data/decisions.json')).body;
    expect(data.find((d) => d.id === entry.id)).toMatchObject({ vote_id: null, election_id: secondRound });
    const csv = String((await app.get<string>('/api/public/council/data/decisions.csv')).body);
    expect(csv.split(/\r?\n/)[0]).toContain('vote_id,election_id');
    // The first round elected nobody: no entry of its own.
    expect(register.filter((d) => d.electionId === firstRound)).toEqual([]);
    const pubDecision = await app.api.get('/api/public/council/decisions/:id', { params: { id: entry.id } });
    expect(pubDecision.status).toBe(200);
    expect(pubDecision.body).toMatchObject({ vote: null, decision: { electionId: secondRound } });
    // A decision taken on the item stands: no new election on it.
    const again = await openElection({ itemId: items[0]!.id, office: 'Председател', candidateIds: [b] });
    expectError(again, 409, 'already_decided');
    const view = (await publicSitting()).elections!;
    expect(view.map((e) => [e.round, e.result!.outcome])).toEqual([
      [1, 'second_round'],
      [2, 'elected'],
    ]);
  });

  it('secrecy: after close no key, no voter key, ballots rewritten; who voted kept apart', async () => {
    const memberIds = [chair, ...c].map((s) => s.user.id);
    await inspect(async (db) => {
      for (const id of [firstRound, secondRound]) {
        const [round] = await db.query(`SELECT secret_key FROM council_election WHERE id = $1`, [id]);
        expect(round.secret_key).toBeNull();
        const rows: Record<string, unknown>[] = await db.query(
          `SELECT * FROM council_election_ballot WHERE election_id = $1`,
          [id],
        );
        expect(rows).toHaveLength(26);
        for (const row of rows) {
          expect(Object.keys(row).sort()).toEqual(['candidate_id', 'election_id', 'id', 'voter_key']);
          expect(row.voter_key).toBeNull();
        }
        const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM council_election_voter WHERE election_id = $1`, [
          id,
        ]);
        expect(Number(n)).toBe(26);
      }
      // The voters of round 1 are members, the ballots name candidates only: no column links them.
      const voters: { user_id: string }[] = await db.query(
        `SELECT user_id FROM council_election_voter WHERE election_id = $1`,
        [firstRound],
      );
      expect(voters.map((v) => v.user_id).sort()).toEqual([...memberIds].sort());
      const cols: { table_name: string; column_name: string; data_type: string }[] = await db.query(
        `SELECT table_name, column_name, data_type FROM information_schema.columns
          WHERE table_name IN ('council_election_ballot', 'council_election_voter') ORDER BY table_name, column_name`,
      );
      expect(cols.map((x) => `${x.table_name}.${x.column_name}`)).toEqual([
        'council_election_ballot.candidate_id',
        'council_election_ballot.election_id',
        'council_election_ballot.id',
        'council_election_ballot.voter_key',
        'council_election_voter.election_id',
        'council_election_voter.user_id',
      ]);
      expect(cols.some((x) => x.data_type.includes('time') || x.data_type.includes('serial'))).toBe(false);
      // The audit log never has the choice.
      const audit: { details: unknown }[] = await db.query(
        `SELECT details FROM audit_event WHERE action = 'council.election.ballot_cast'`,
      );
      expect(audit.length).toBeGreaterThanOrEqual(52);
      for (const line of audit) expect(Object.keys(line.details as object)).toEqual(['sessionId']);
    });
    // A member's personal data: the rounds they voted in and their candidacies — never a choice.
    const admin = await app.login('admin');
    const mine = (
      await app.get<CouncilSectionRead>(`/api/admin/users/${c[0]!.user.id}/personal-data`, { token: admin.token })
    ).body.council;
    expect(mine.electionRoundsTakenPart.map((e) => e.electionId).sort()).toEqual([firstRound, secondRound].sort());
    expect(mine.candidacies.map((e) => e.round)).toEqual([1, 2]);
    expect(JSON.stringify(mine.electionRoundsTakenPart)).not.toContain('candidate');
  }, 120_000);

  it('a paper election: the commission’s totals in one request, refused when they do not add up', async () => {
    const [d, e] = [c[3]!.user.id, c[4]!.user.id];
    const activated = await app.api.post('/api/council/sessions/:id/items/:itemId/activate', {
      params: { id: sittingId, itemId: items[1]!.id },
      body: {},
      token: chair.token,
    });
    expectOk(activated, 200);
    // Every answer that carries the sitting carries its rounds (the web client replaces its copy with it).
    expect(activated.body.elections!.map((e) => e.round)).toEqual([1, 2]);
    // And the other way round: no election while a vote is open.
    const v = await app.api.post('/api/council/sessions/:id/votes', {
      params: { id: sittingId },
      body: { itemId: items[1]!.id },
      token: chair.token,
    });
    expectOk(v, 201);
    const paperRound: BodyOf<'POST', '/api/council/sessions/:id/elections'> = {
      itemId: items[1]!.id,
      office: 'Заместник-председател',
      candidateIds: [d, e],
      mode: 'paper',
    };
    const refused = await openElection(paperRound);
    expectError(refused, 409, 'vote_open');
    expect((await app.post(`/api/council/votes/${v.body.id}/close`, {}, { token: chair.token })).status).toBe(200);

    const opened = await openElection(paperRound);
    expectOk(opened, 201);
    const id = opened.body.id;
    expectError(await vote(c[6]!, id, d), 409, 'wrong_mode');
    expectError(await closeElection(id), 409, 'wrong_mode');

    type PaperTotals = BodyOf<'POST', '/api/council/elections/:id/paper'>;
    const paper = (body: PaperTotals, s = clerk, round = id) =>
      app.api.post('/api/council/elections/:id/paper', { params: { id: round }, body, token: s.token });
    const good = {
      totals: [
        { candidateId: d, votes: 20 },
        { candidateId: e, votes: 4 },
      ],
      blank: 1,
      invalid: 1,
      commission: { clerkId: clerk.user.id, memberIds: [c[7]!.user.id, c[8]!.user.id] },
    };
    const cases: [string, PaperTotals, number, string][] = [
      ['more ballots than present', { ...good, blank: 2 }, 400, 'totals_exceed_present'],
      ['a candidate missing', { ...good, totals: [good.totals[0]!] }, 400, 'not_a_candidate'],
      [
        'someone not a candidate',
        { ...good, totals: [...good.totals, { candidateId: c[9]!.user.id, votes: 0 }] },
        400,
        'not_a_candidate',
      ],
      [
        'the commission without the clerk',
        { ...good, commission: { clerkId: chair.user.id, memberIds: good.commission.memberIds } },
        400,
        'invalid_commission',
      ],
      [
        'a commission member not present',
        { ...good, commission: { clerkId: clerk.user.id, memberIds: [c[7]!.user.id, absent.user.id] } },
        400,
        'invalid_commission',
      ],
      [
        'the same member twice',
        { ...good, commission: { clerkId: clerk.user.id, memberIds: [c[7]!.user.id, c[7]!.user.id] } },
        400,
        'validation_failed',
      ],
    ];
    for (const [what, body, status, code] of cases) {
      const r = await paper(body);
      expect({ what, status: r.status, code: r.ok ? undefined : r.body.code }).toEqual({ what, status, code });
    }
    expect((await paper(good, c[7]!)).status).toBe(403);
    expect((await election(id, clerk.token)).status).toBe('open');

    // A member present who declared a conflict on the item takes no ballot: 26 present, 25 may vote.
    const declared = await app.api.post('/api/council/sessions/:id/items/:itemId/conflicts', {
      params: { id: sittingId, itemId: items[1]!.id },
      body: { reason: 'Кандидатът е мой съдружник' },
      token: c[10]!.token,
    });
    expect(declared.status).toBe(201);
    const tooMany = await paper(good);
    expectError(tooMany, 400, 'totals_exceed_present');
    expect(tooMany.body.details).toEqual({ counted: 26, present: 26, conflicted: 1 });
    good.blank = 0;

    const entered = await paper(good);
    expectOk(entered, 200);
    expect(entered.body).toMatchObject({
      status: 'closed',
      ballotsCast: 25,
      commission: {
        clerk: { id: clerk.user.id, displayName: expect.any(String) },
        members: [{ id: c[7]!.user.id }, { id: c[8]!.user.id }],
      },
      result: { voters: 25, blank: 0, invalid: 1, outcome: 'second_round', runoff: [d, e] },
    });
    expectError(await paper(good), 409, 'election_closed');

    const second = await ok(secondRoundOf(id), 'the second paper round');
    expect(second).toMatchObject({ round: 2, mode: 'paper' });
    // With one member out by the conflict, 26 of 51 needs a 27th present: councillor26 comes back.
    expect((await app.post(url('/attendance'), {}, { token: absent.token })).status).toBe(200);
    const done = await paper(
      {
        ...good,
        totals: [
          { candidateId: d, votes: 26 },
          { candidateId: e, votes: 0 },
        ],
        blank: 0,
        invalid: 0,
      },
      clerk,
      second.id,
    );
    expectOk(done, 200);
    expect(done.body.result).toMatchObject({ round: 2, outcome: 'elected', electedId: d });
    const numbers = (await decisions()).filter((x) => x.electionId).map((x) => x.number!);
    expect(numbers).toHaveLength(2);
    expect(done.body.decision!.number).toBe(Math.max(...numbers));
    // No ballot was ever written for a paper round.
    expect(done.body.ballotsCast).toBe(26);
  });

  it('the minutes show every round with its result, the commission and the decision', async () => {
    expect((await app.post(url('/close'), {}, { token: chair.token })).status).toBe(200);
    const html = await app.get<string>(url('/minutes?format=html'), { token: clerk.token });
    expect(html.status).toBe(200);
    const text = String(html.body);
    expect(text).toContain('Избори');
    expect(text.match(/първи тур/g)).toHaveLength(2);
    expect(text.match(/втори тур/g)!.length).toBeGreaterThanOrEqual(2);
    expect(text).toContain('Преброителна комисия');
    expect(text).toContain('недействителни: 1');
    expect(text).toMatch(/Избран: /);
    expect(text).toMatch(/Решение № \d+/);
  });
});
