import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { io, type Socket } from 'socket.io-client';
import type { z } from 'zod';
import type {
  OpenVoteRequestSchema,
  CouncilDisplayState,
  CouncilMinutes,
  CouncilSessionView,
  RegisterEntry,
  VoteView,
} from '../../libs/contracts/src/index.js';
import { ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { openSittingWith, showOfHands, signAndPublishMinutes } from '../support/council.js';
import { eventually } from '../support/eventually.js';
import { FakeLiveKit } from '../support/livekit-server.js';

/**
 * Issue 15's "done when": a clerk prepares and a chair runs a whole sitting in the chamber and a
 * whole remote sitting under ЗМСМА чл. 28а — the agenda adopted, an urgent item added and an
 * item withdrawn, an amendment and the decision as amended, a timed speech, an election — with
 * the chamber's screen open throughout. Then the record (the sitting as members see it, their
 * minutes, the register of decisions), the public page (the public sitting, its agenda, the
 * public register and minutes) and the last thing the screen showed must all say the same:
 * every vote's totals and outcome, every roll, every round's result, every number.
 * LiveKit is the fake server of test/support (it answers as LiveKit does).
 */
describe('a whole sitting, in the chamber and remote: the record, the public page and the screen agree', () => {
  let lk: FakeLiveKit;
  let app: TestApp;
  let clerk: SignedIn;
  let chair: SignedIn;
  let admin: SignedIn;
  /** councillor01…councillor30, signed in (each casts their own secret ballot). */
  const members: SignedIn[] = [];
  const sockets: Socket[] = [];
  const EMERGENCY =
    'Заповед на министъра на здравеопазването за обявяване на извънредна епидемична обстановка (тестово основание)';

  const params = (id: string) => ({ id });

  beforeAll(async () => {
    lk = await FakeLiveKit.start();
    // The check-in code as in production: in the chamber a member checks in with the screen's code.
    app = await TestApp.start({ env: { ...lk.env, COUNCIL_CHECK_IN_CODE: 'true' } });
    [clerk, chair, admin] = await Promise.all([app.login('clerk'), app.login('chair'), app.login('admin')]);
    for (let i = 1; i <= 30; i++) members.push(await app.login(`councillor${String(i).padStart(2, '0')}`));
  }, 180_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await app?.close();
    await lk?.close();
  });

  /** The chamber's screen for a sitting: a display token made by the clerk, every state it is sent. */
  async function openScreen(sittingId: string): Promise<CouncilDisplayState[]> {
    const made = await ok(
      app.api.post('/api/council/sessions/:id/display-tokens', {
        params: params(sittingId),
        body: { label: 'Зала' },
        token: clerk.token,
      }),
      'display token',
    );
    const socket = io(`${app.url}/display`, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: made.token },
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    const states: CouncilDisplayState[] = [];
    socket.on('display.state', (s: CouncilDisplayState) => states.push(s));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    await eventually(async () => expect(states.length).toBeGreaterThan(0), 5000, 25);
    return states;
  }

  /** Waits for the screen to show a state that satisfies `matches`. */
  async function screenShows(
    states: CouncilDisplayState[],
    matches: (s: CouncilDisplayState) => boolean,
  ): Promise<CouncilDisplayState> {
    return eventually(
      async () => {
        const found = [...states].reverse().find(matches);
        if (!found) throw new Error(`the screen never showed it; last: ${JSON.stringify(states.at(-1))}`);
        return found;
      },
      5000,
      25,
    );
  }

  const sitting = (id: string) =>
    ok(app.api.get('/api/council/sessions/:id', { params: params(id), token: clerk.token }), 'the sitting', 200);

  const openVote = (sittingId: string, body: z.input<typeof OpenVoteRequestSchema>) =>
    ok(
      app.api.post('/api/council/sessions/:id/votes', { params: params(sittingId), body, token: chair.token }),
      'open a vote',
    );

  /**
   * One sitting from preparation to close. In the chamber: members check in with the code the
   * screen shows or are registered by the clerk; the election is on paper (the commission's
   * totals). Remote: declared with the emergency's reference; members check in with their camera
   * on in the sitting's video, the clerk identifies them, open votes are roll calls and the
   * election is cast in the portal by each identified member.
   */
  async function runSitting(remote: boolean): Promise<{ id: string; states: CouncilDisplayState[] }> {
    const prepared = await openSittingWith(
      app,
      { clerk, chair },
      {
        title: remote ? 'Заседание от разстояние (чл. 28а)' : 'Заседание в залата',
        startsAt: new Date(Date.now() + (remote ? 3 : 1) * 3_600_000),
        agenda: [
          { title: 'Отчет за изпълнението на бюджета', draftDecision: 'Приема отчета.' },
          { title: 'Избор на председател на постоянна комисия', voteMode: 'secret', majority: 'present' },
          { title: 'Наредба за рекламата', draftDecision: 'Приема наредбата.' },
        ],
      },
    );
    const id = prepared.id;
    const [budget, electionItem, ordinance] = prepared.items;
    const states = await openScreen(id);
    const ids = members.map((m) => m.user.id);

    if (remote) {
      await ok(
        app.api.post('/api/council/sessions/:id/remote', {
          params: params(id),
          body: { emergencyReference: EMERGENCY },
          token: chair.token,
        }),
        'declare remote',
        200,
      );
      // The first member checks in from home: in the video with the camera on.
      await ok(
        app.api.post('/api/council/sessions/:id/video/join', {
          params: params(id),
          body: {},
          token: members[0]!.token,
        }),
        'join',
        200,
      );
      const p = lk.addParticipant(`council-${id}`, members[0]!.user.id);
      p.tracks.push({ sid: 'TR_cam', muted: false, type: 'VIDEO', source: 'CAMERA' });
      await ok(
        app.api.post('/api/council/sessions/:id/attendance', {
          params: params(id),
          body: {},
          token: members[0]!.token,
        }),
        'check in',
        200,
      );
      // From the declaration on, the screen shows no chamber code.
      await screenShows(states, (s) => s.checkIn === null && s.quorum.present === 1);
    } else {
      // The first member checks in with the code read off the chamber's screen.
      const shown = await screenShows(states, (s) => !!s.checkIn);
      await ok(
        app.api.post('/api/council/sessions/:id/attendance', {
          params: params(id),
          body: { code: shown.checkIn!.code },
          token: members[0]!.token,
        }),
        'check in with the code',
        200,
      );
    }
    // The clerk registers the others present.
    await ok(
      app.api.post('/api/council/sessions/:id/attendance/bulk', {
        params: params(id),
        body: { userIds: ids.slice(1), present: true },
        token: clerk.token,
      }),
      'register the others',
      200,
    );
    await screenShows(states, (s) => s.quorum.present === 30 && s.quorum.reached);
    if (remote)
      for (const userId of ids)
        await ok(
          app.api.post('/api/council/sessions/:id/identifications', {
            params: params(id),
            body: { userId },
            token: clerk.token,
          }),
          'identify',
          200,
        );

    // The agenda adopted by the first vote; an urgent item added; an item withdrawn.
    const hands = (voteId: string, forIds = ids) => showOfHands(app, voteId, forIds, { clerk, chair });
    const agenda = await openVote(id, { kind: 'agenda' });
    expect(agenda.mode).toBe(remote ? 'roll_call' : 'open');
    expect((await hands(agenda.id)).outcome).toBe('adopted');
    const proposed = await ok(
      app.api.post('/api/council/sessions/:id/items/proposals', {
        params: params(id),
        body: { title: 'Спешна помощ за пострадали', draftDecision: 'Отпуска еднократна помощ.', position: 2 },
        token: members[1]!.token,
      }),
      'propose an urgent item',
    );
    const urgentId = proposed.itemId;
    const add = await openVote(id, { kind: 'agenda_change', change: 'add', itemId: urgentId });
    expect((await hands(add.id)).outcome).toBe('adopted');
    const withdraw = await openVote(id, { kind: 'agenda_change', change: 'withdraw', itemId: ordinance!.id });
    expect((await hands(withdraw.id)).outcome).toBe('adopted');

    // The first item: a timed speech, an amendment, the decision as amended.
    await ok(
      app.api.post('/api/council/sessions/:id/items/:itemId/activate', {
        params: { id, itemId: budget!.id },
        body: {},
        token: chair.token,
      }),
      'take up the budget',
      200,
    );
    await screenShows(states, (s) => s.item?.id === budget!.id);
    if (remote) {
      const p = lk.addParticipant(`council-${id}`, members[2]!.user.id);
      p.tracks.push({ sid: 'TR_cam2', muted: false, type: 'VIDEO', source: 'CAMERA' });
    }
    const mark = lk.callsOf('UpdateParticipant').length;
    const asked = await ok(
      app.api.post('/api/council/sessions/:id/speakers', {
        params: params(id),
        body: { kind: 'speech' },
        token: members[2]!.token,
      }),
      'ask for the floor',
    );
    await ok(
      app.api.post('/api/council/speakers/:id/grant', { params: params(asked.id), body: {}, token: chair.token }),
      'grant',
    );
    const speaking = await screenShows(states, (s) => s.speaker?.id === asked.id);
    expect(speaking.speaker).toMatchObject({ member: { id: members[2]!.user.id }, kind: 'speech', limitSeconds: 300 });
    await ok(
      app.api.post('/api/council/speakers/:id/finish', { params: params(asked.id), body: {}, token: chair.token }),
      'finish',
    );
    if (remote) {
      // With the floor the microphone, and with the end of the speech its withdrawal.
      const given = lk
        .callsOf('UpdateParticipant')
        .slice(mark)
        .filter((c) => c.body.identity === members[2]!.user.id);
      expect(given.map((c) => [...(c.body.permission.canPublishSources ?? [])].sort())).toEqual([
        ['CAMERA', 'MICROPHONE'],
        ['CAMERA'],
      ]);
    }
    await screenShows(states, (s) => s.speaker === null);

    const amendment = await openVote(id, {
      kind: 'amendment',
      itemId: budget!.id,
      text: 'В т. 1 думата „приема“ се заменя с „одобрява“.',
      proposerId: members[3]!.user.id,
    });
    expect((await hands(amendment.id, ids.slice(0, 20))).outcome).toBe('adopted');
    const decision = await openVote(id, { itemId: budget!.id, text: 'Одобрява отчета.' });
    expect((await hands(decision.id, ids.slice(0, 25))).outcome).toBe('adopted');

    // The election: a committee's chair. More than half of all 51 seats (26) elects (ЗМСМА чл. 24).
    await ok(
      app.api.post('/api/council/sessions/:id/items/:itemId/activate', {
        params: { id, itemId: electionItem!.id },
        body: {},
        token: chair.token,
      }),
      'take up the election',
      200,
    );
    const [a, b] = [members[4]!.user.id, members[5]!.user.id];
    const round = await ok(
      app.api.post('/api/council/sessions/:id/elections', {
        params: params(id),
        body: {
          itemId: electionItem!.id,
          office: 'Председател на комисия',
          candidateIds: [a, b],
          ...(remote ? {} : { mode: 'paper' as const }),
        },
        token: chair.token,
      }),
      'open the election',
    );
    if (remote) {
      // Each identified member casts their own ballot in the portal: 27 for a, 3 for b.
      for (const [i, m] of members.entries())
        await ok(
          app.api.post('/api/council/elections/:id/ballots', {
            params: params(round.id),
            body: { candidateId: i < 27 ? a : b },
            token: m.token,
          }),
          'a ballot',
          201,
        );
      await screenShows(states, (s) => s.election?.id === round.id && s.election.ballotsCast === 30);
      await ok(
        app.api.post('/api/council/elections/:id/close', { params: params(round.id), body: {}, token: chair.token }),
        'close the round',
        200,
      );
    } else {
      await ok(
        app.api.post('/api/council/elections/:id/paper', {
          params: params(round.id),
          body: {
            totals: [
              { candidateId: a, votes: 27 },
              { candidateId: b, votes: 2 },
            ],
            blank: 1,
            invalid: 0,
            commission: { clerkId: clerk.user.id, memberIds: [members[6]!.user.id, members[7]!.user.id] },
          },
          token: clerk.token,
        }),
        'the commission’s totals',
        200,
      );
    }
    await screenShows(states, (s) => s.election?.id === round.id && s.election.status === 'closed');

    await ok(
      app.api.post('/api/council/sessions/:id/close', { params: params(id), body: {}, token: chair.token }),
      'close',
      200,
    );
    await screenShows(states, (s) => s.session.status === 'closed');
    return { id, states };
  }

  /** The one thing every place must say of a closed vote. */
  const outcomeOf = (v: Pick<VoteView, 'id' | 'counts' | 'result'>) => ({
    id: v.id,
    counts: v.counts,
    outcome: v.result?.outcome ?? null,
    passed: v.result?.passed ?? null,
  });

  async function agree(id: string, states: CouncilDisplayState[], remote: boolean) {
    const inner: CouncilSessionView = await sitting(id);
    const pub = await ok(
      app.api.get('/api/public/council/sessions/:id', { params: params(id) }),
      'public sitting',
      200,
    );
    const publicAgenda = await ok(
      app.api.get('/api/public/council/sessions/:id/agenda', { params: params(id) }),
      'public agenda',
      200,
    );
    const minutes: CouncilMinutes = await ok(
      app.api.get('/api/council/sessions/:id/minutes', { params: params(id), token: clerk.token }),
      'minutes',
      200,
    );
    const register = await ok(
      app.api.get('/api/public/council/register', { query: { limit: 100 } }),
      'public register',
      200,
    );
    const entries = register.items.filter((e: RegisterEntry) => e.sessionId === id);
    const screen = states.at(-1)!;

    // Five votes: the agenda's adoption, two changes of it, the amendment, the decision.
    expect(inner.votes).toHaveLength(5);
    expect(inner.votes.every((v) => v.status === 'closed')).toBe(true);
    const record = inner.votes.map(outcomeOf);
    expect(pub.votes.map(outcomeOf)).toEqual(record);
    expect(minutes.votes.map(outcomeOf)).toEqual(record);
    expect(screen.results.map(outcomeOf)).toEqual(record);
    // Open votes in a remote sitting are taken by name, and everyone reads the same roll.
    for (const v of inner.votes) {
      expect(v.mode).toBe(remote ? 'roll_call' : 'open');
      const theirs = pub.votes.find((p) => p.id === v.id)!;
      expect(theirs.roll).toEqual(v.roll);
      expect(minutes.votes.find((m) => m.id === v.id)!.roll).toEqual(v.roll);
      if (remote) expect(v.roll!.filter((r) => r.choice === 'for').length).toBe(v.counts!.for);
    }

    // The agenda as it now stands, the same inside and outside, with the votes that changed it.
    const states_ = (items: { id: string; state?: string }[]) => items.map((i) => [i.id, i.state]);
    expect(states_(publicAgenda.items)).toEqual(states_(inner.items));
    const withdrawn = inner.items.find((i) => i.state === 'withdrawn')!;
    expect(withdrawn.title).toBe('Наредба за рекламата');
    expect(publicAgenda.items.find((i) => i.id === withdrawn.id)!.changes).toEqual(withdrawn.changes);
    expect(publicAgenda.session.agendaAdoptedAt).toBe(inner.agendaAdoptedAt);

    // The register: the decision as amended, with the amendment listed, and the elected round.
    const decision = inner.votes.find((v) => v.kind === 'decision')!;
    const amendment = inner.votes.find((v) => v.kind === 'amendment')!;
    const decided = entries.find((e) => e.voteId === decision.id)!;
    expect(decided).toMatchObject({
      number: decision.decision!.number,
      text: 'Одобрява отчета.',
      outcome: 'adopted',
      counts: decision.counts,
    });
    expect(decided.procedure!.map((p) => p.voteId)).toEqual([amendment.id]);
    const round = inner.elections!.at(-1)!;
    expect(round.result!.outcome).toBe('elected');
    const elected = entries.find((e) => e.electionId === round.id)!;
    expect(elected.number).toBe(round.decision!.number);
    expect(entries).toHaveLength(2);
    const page = await ok(
      app.api.get('/api/public/council/decisions/:id', { params: params(decided.id) }),
      'the decision’s page',
      200,
    );
    expect(outcomeOf(page.vote!)).toEqual(outcomeOf(decision));
    expect(page.decision.procedure!.map((p) => p.voteId)).toEqual([amendment.id]);

    // The election: the same result in the record, the public page, the minutes and on the screen.
    const publicRound = pub.elections!.find((e) => e.id === round.id)!;
    expect(publicRound.result).toEqual(round.result);
    expect(minutes.elections!.find((e) => e.id === round.id)!.result).toEqual(round.result);
    expect(screen.election).toMatchObject({ id: round.id, status: 'closed', mode: remote ? 'electronic' : 'paper' });
    const nameOf = (memberId: string | null) => round.candidates.find((c) => c.id === memberId)?.displayName;
    expect(screen.election!.result).toMatchObject({
      votes: round.result!.votes.map((v) => ({ name: nameOf(v.candidateId), votes: v.votes })),
      blank: round.result!.blank,
      invalid: round.result!.invalid,
      outcome: 'elected',
      elected: nameOf(round.result!.electedId),
    });
    expect(round.result!.electedId).toBe(members[4]!.user.id);

    // The screen's last word: the sitting closed, no item, no code, the same quorum as the record.
    expect(screen.session.status).toBe('closed');
    expect(screen.checkIn ?? null).toBeNull();
    expect(screen.quorum).toEqual(inner.quorum);
    expect(pub.quorum).toEqual(inner.quorum);
    // The form of the sitting, as the public and the record say it.
    expect(pub.form!.remote).toBe(remote);
    expect(inner.form!.remote).toBe(remote);
    if (remote) {
      expect(pub.form!.emergencyReference).toBe(EMERGENCY);
      expect(inner.form!.identifications).toHaveLength(30);
    }
  }

  it('in the chamber: prepared, run and closed; every place says the same', async () => {
    const { id, states } = await runSitting(false);
    await agree(id, states, false);
  }, 180_000);

  it('remote under ЗМСМА чл. 28а: prepared, run and closed; every place says the same', async () => {
    const { id, states } = await runSitting(true);
    await agree(id, states, true);
  }, 180_000);

  it('the published minutes say the same to the public', async () => {
    const sittings = await ok(app.api.get('/api/council/sessions', { token: clerk.token }), 'sittings', 200);
    const mine = sittings.filter((s) => s.status === 'closed');
    expect(mine.length).toBe(2);
    for (const s of mine) {
      await signAndPublishMinutes(app, s.id, { admin, clerk, chair });
      const inner = await ok(
        app.api.get('/api/council/sessions/:id/minutes', { params: params(s.id), token: clerk.token }),
        'minutes',
        200,
      );
      const pub = await ok(
        app.api.get('/api/public/council/sessions/:id/minutes', { params: params(s.id) }),
        'public minutes',
        200,
      );
      expect(pub.votes.map(outcomeOf)).toEqual(inner.votes.map(outcomeOf));
      expect(pub.elections!.map((e) => e.result)).toEqual(inner.elections!.map((e) => e.result));
    }
  }, 120_000);
});
