import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { io, type Socket } from 'socket.io-client';
import type { CouncilDisplayState } from '../../libs/contracts/src/index.js';
import { expectError, expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { adoptAgenda, openSittingWith } from '../support/council.js';

/**
 * The chamber's screen (issue 15, part 7): display tokens made by a clerk for one sitting
 * (hashed, revocable); the `/display` namespace admits a socket only with a live token, sends
 * it the screen's whole state at once and after every change (the current item, the speaker,
 * the queue, the quorum, an open secret vote's count of ballots only, the results), and
 * answers any event it sends with `forbidden`.
 */
describe('council chamber screen: display tokens and the /display socket', () => {
  let app: TestApp;
  let clerk: SignedIn;
  let chair: SignedIn;
  let member: SignedIn;
  let sittingId: string;
  let itemTitle: string;
  let token: string;
  let tokenId: string;
  const sockets: Socket[] = [];

  const params = () => ({ id: sittingId });
  const makeToken = (token: string | undefined, body: { label?: string } = {}) =>
    app.api.post('/api/council/sessions/:id/display-tokens', { params: params(), body, token });
  const revoke = (id: string, who: SignedIn) =>
    app.api.post('/api/council/display-tokens/:id/revoke', { params: { id }, body: {}, token: who.token });

  /** A /display socket that records every state from before it connects; rejects on a refused handshake. */
  function screen(auth: Record<string, unknown>): Promise<{ socket: Socket; states: CouncilDisplayState[] }> {
    const socket = io(`${app.url}/display`, {
      path: '/socket.io',
      transports: ['websocket'],
      auth,
      reconnection: false,
      forceNew: true,
      autoConnect: false,
    });
    sockets.push(socket);
    const states: CouncilDisplayState[] = [];
    socket.on('display.state', (s: CouncilDisplayState) => states.push(s));
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve({ socket, states }));
      socket.once('connect_error', (err) => reject(err));
      socket.connect();
    });
  }

  /** Waits (with a deadline) for a state that satisfies `ok`. */
  async function stateWhere(
    states: CouncilDisplayState[],
    matches: (s: CouncilDisplayState) => boolean,
    ms = 5000,
  ): Promise<CouncilDisplayState> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = states.find(matches);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no such display.state; last: ${JSON.stringify(states.at(-1))}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  beforeAll(async () => {
    app = await TestApp.start();
    [clerk, chair, member] = await Promise.all([app.login('clerk'), app.login('chair'), app.login('councillor01')]);
    const created = await openSittingWith(
      app,
      { clerk, chair },
      {
        title: 'Заседание на екрана',
        startsAt: new Date(Date.now() + 60_000),
        agenda: [{ title: 'Избор на комисия', voteMode: 'secret', majority: 'present' }],
      },
    );
    sittingId = created.id;
    itemTitle = created.items[0]!.title;
  }, 120_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await app?.close();
  });

  it('a clerk makes a display token (shown once, kept hashed); others may not; not for a draft', async () => {
    for (const who of [member, chair]) expectError(await makeToken(who.token), 403);
    expectError(await makeToken(undefined), 401);
    const made = await makeToken(clerk.token, { label: 'Голям екран' });
    expectOk(made, 201);
    expect(made.body).toMatchObject({ sessionId: sittingId, label: 'Голям екран', revokedAt: null });
    expect(made.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(made.body.path).toBe(`/display#${made.body.token}`);
    token = made.body.token;
    tokenId = made.body.id;
    const list = await app.api.get('/api/council/sessions/:id/display-tokens', {
      params: params(),
      token: clerk.token,
    });
    expect(list.body).toEqual([expect.objectContaining({ id: tokenId })]);
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect((await makeToken(clerk.token, { label: '' })).body).toMatchObject({ code: 'validation_failed' });
    const draft = await ok(
      app.api.post('/api/council/sessions', {
        body: {
          title: 'Чернова',
          startsAt: new Date(Date.now() + 20 * 86_400_000).toISOString(),
          endsAt: new Date(Date.now() + 20 * 86_400_000 + 3_600_000).toISOString(),
          agenda: [{ title: 'Точка' }],
        },
        token: clerk.token,
      }),
      'draft',
    );
    const refused = await app.api.post('/api/council/sessions/:id/display-tokens', {
      params: { id: draft.id },
      body: {},
      token: clerk.token,
    });
    expectError(refused, 409, 'sitting_draft');
  });

  it('the screen’s page sends no referrer; its token (after #) never reaches the server', async () => {
    const page = await app.request('GET', '/display', undefined, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(app.output.join('\n')).not.toContain(token);
  });

  it('an unknown or missing token opens no screen', async () => {
    await expect(screen({})).rejects.toMatchObject({ message: 'unauthenticated' });
    await expect(screen({ token: 'x'.repeat(43) })).rejects.toMatchObject({ message: 'unauthenticated' });
    await expect(screen({ token: 42 })).rejects.toMatchObject({ message: 'unauthenticated' });
  });

  it('the screen follows the sitting: item, quorum, speaker, a secret vote’s count only, then the result', async () => {
    const { socket, states } = await screen({ token });
    const first = await stateWhere(states, () => true);
    expect(first).toMatchObject({
      session: { id: sittingId, status: 'open' },
      item: { position: 1, title: itemTitle },
      speaker: null,
      vote: null,
      results: [],
      checkIn: null,
      quorum: { present: 0, total: 51, required: 26, reached: false },
    });
    expect(Math.abs(Date.parse(first.now) - Date.now())).toBeLessThan(5000);

    // The speaker, with the limit the countdown runs from.
    const asked = await ok(
      app.api.post('/api/council/sessions/:id/speakers', {
        params: params(),
        body: { kind: 'speech' },
        token: member.token,
      }),
      'ask for the floor',
    );
    const speaker = { id: asked.id };
    await stateWhere(states, (s) => s.queue.some((q) => q.id === asked.id));
    await app.api.post('/api/council/speakers/:id/grant', { params: speaker, body: {}, token: chair.token });
    const speaking = await stateWhere(states, (s) => s.speaker?.id === asked.id);
    expect(speaking.speaker).toMatchObject({ member: { id: member.user.id }, kind: 'speech', limitSeconds: 300 });
    expect(speaking.queue).toEqual([]);
    await app.api.post('/api/council/speakers/:id/finish', { params: speaker, body: {}, token: chair.token });

    // Quorum: 26 members registered by the clerk.
    const council = (await ok(app.api.get('/api/council/bodies', { token: clerk.token }), 'bodies')).find(
      (b) => b.kind === 'council',
    )!;
    const ids = council.members.map((m) => m.id).slice(0, 26);
    if (!ids.includes(member.user.id)) ids[25] = member.user.id;
    expectOk(
      await app.api.post('/api/council/sessions/:id/attendance/bulk', {
        params: params(),
        body: { userIds: ids, present: true },
        token: clerk.token,
      }),
      200,
    );
    await stateWhere(states, (s) => s.quorum.present === 26 && s.quorum.reached);

    // A secret vote: only how many have voted while it is open.
    // The sitting’s first vote adopts its agenda (issue 15).
    await adoptAgenda(app, sittingId, { clerk, chair }, ids);
    const vote = await app.api.post('/api/council/sessions/:id/votes', {
      params: params(),
      body: { itemId: first.item!.id },
      token: chair.token,
    });
    expectOk(vote, 201);
    const voteParams = { id: vote.body.id };
    expectOk(
      await app.api.post('/api/council/votes/:id/ballots', {
        params: voteParams,
        body: { choice: 'for' },
        token: member.token,
      }),
      201,
    );
    const counting = await stateWhere(states, (s) => s.vote?.id === vote.body.id && s.vote.ballotsCast === 1);
    expect(counting.vote).toMatchObject({ mode: 'secret', status: 'open', counts: null, result: null });
    expect(JSON.stringify(counting)).not.toContain('"for":1');
    // Closed: the totals and the result.
    expectOk(
      await app.api.post('/api/council/votes/:id/close', { params: voteParams, body: {}, token: chair.token }),
      200,
    );
    // After the agenda's adoption (the sitting's first vote).
    const closed = await stateWhere(states, (s) => s.vote === null && s.results.length === 2);
    expect(closed.results[0]).toMatchObject({ itemId: null, itemTitle: 'Приемане на дневния ред' });
    expect(closed.results[1]).toMatchObject({
      id: vote.body.id,
      itemTitle,
      status: 'closed',
      counts: { for: 1, against: 0, abstain: 0 },
      result: { outcome: 'rejected' },
    });

    // An election round on the item: while open only how many voted; once closed the votes by name.
    const election = await app.api.post('/api/council/sessions/:id/elections', {
      params: params(),
      body: { itemId: first.item!.id, office: 'председател на комисия', candidateIds: [member.user.id] },
      token: chair.token,
    });
    expectOk(election, 201);
    const electionParams = { id: election.body.id };
    expectOk(
      await app.api.post('/api/council/elections/:id/ballots', {
        params: electionParams,
        body: { candidateId: member.user.id },
        token: member.token,
      }),
      201,
    );
    const electing = await stateWhere(states, (s) => s.election?.status === 'open' && s.election.ballotsCast === 1);
    expect(electing.election).toMatchObject({ id: election.body.id, round: 1, result: null });
    expectOk(
      await app.api.post('/api/council/elections/:id/close', { params: electionParams, body: {}, token: chair.token }),
      200,
    );
    const counted = await stateWhere(states, (s) => s.election?.status === 'closed');
    expect(counted.election!.result).toMatchObject({
      votes: [{ name: expect.any(String), votes: 1 }],
      blank: 0,
      outcome: 'not_elected',
      elected: null,
    });
    socket.close();
  });

  it('the screen only listens: any event it sends is refused', async () => {
    const { socket } = await screen({ token });
    for (const [event, payload] of [
      ['council.watch', { sessionId: sittingId }],
      ['presence.set', { status: 'away' }],
      ['display.state', {}],
    ] as const)
      expect(await socket.timeout(5000).emitWithAck(event, payload)).toMatchObject({ ok: false, code: 'forbidden' });
    socket.close();
  });

  it('revoking the token ends its screens and it opens nothing again; only a clerk revokes', async () => {
    const { socket } = await screen({ token });
    const ended = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    expectError(await revoke(tokenId, member), 403);
    const revoked = await revoke(tokenId, clerk);
    expectOk(revoked, 200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect(await ended).toBe('io server disconnect');
    await expect(screen({ token })).rejects.toMatchObject({ message: 'unauthenticated' });
    // The token was never written to the server's log (handshakes, requests, revocation).
    expect(app.output.join('\n')).not.toContain(token);
    expectError(await revoke('00000000-0000-4000-8000-000000000000', clerk), 404);
  });
});
