import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { io, type Socket } from 'socket.io-client';
import { TestApp, type Session } from '../support/app.js';
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
  let clerk: Session;
  let chair: Session;
  let member: Session;
  let sessionId: string;
  let itemTitle: string;
  let token: string;
  let tokenId: string;
  const sockets: Socket[] = [];

  const url = (p = '') => `/api/council/sessions/${sessionId}${p}`;

  /** A /display socket that records every state from before it connects; rejects on a refused handshake. */
  function screen(auth: Record<string, unknown>): Promise<{ socket: Socket; states: any[] }> {
    const socket = io(`${app.url}/display`, {
      path: '/socket.io',
      transports: ['websocket'],
      auth,
      reconnection: false,
      forceNew: true,
      autoConnect: false,
    });
    sockets.push(socket);
    const states: any[] = [];
    socket.on('display.state', (s) => states.push(s));
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve({ socket, states }));
      socket.once('connect_error', (err) => reject(err));
      socket.connect();
    });
  }

  /** Waits (with a deadline) for a state that satisfies `ok`. */
  async function stateWhere(states: any[], ok: (s: any) => boolean, ms = 5000): Promise<any> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = states.find(ok);
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
    sessionId = created.id;
    itemTitle = created.items[0].title;
  }, 120_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await app?.close();
  });

  it('a clerk makes a display token (shown once, kept hashed); others may not; not for a draft', async () => {
    for (const who of [member, chair])
      expect((await app.post(url('/display-tokens'), {}, { token: who.token })).status).toBe(403);
    expect((await app.post(url('/display-tokens'), {})).status).toBe(401);
    const made = await app.post(url('/display-tokens'), { label: 'Голям екран' }, { token: clerk.token });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ sessionId, label: 'Голям екран', revokedAt: null });
    expect(made.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(made.body.path).toBe(`/display#${made.body.token}`);
    token = made.body.token;
    tokenId = made.body.id;
    const list = await app.get(url('/display-tokens'), { token: clerk.token });
    expect(list.body).toEqual([expect.objectContaining({ id: tokenId })]);
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect((await app.post(url('/display-tokens'), { label: '' }, { token: clerk.token })).body.code).toBe(
      'validation_failed',
    );
    const draft = await app.post(
      '/api/council/sessions',
      {
        title: 'Чернова',
        startsAt: new Date(Date.now() + 20 * 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 20 * 86_400_000 + 3_600_000).toISOString(),
        agenda: [{ title: 'Точка' }],
      },
      { token: clerk.token },
    );
    const refused = await app.post(`/api/council/sessions/${draft.body.id}/display-tokens`, {}, { token: clerk.token });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('sitting_draft');
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
      session: { id: sessionId, status: 'open' },
      item: { position: 1, title: itemTitle },
      speaker: null,
      vote: null,
      results: [],
      checkIn: null,
      quorum: { present: 0, total: 51, required: 26, reached: false },
    });
    expect(Math.abs(Date.parse(first.now) - Date.now())).toBeLessThan(5000);

    // The speaker, with the limit the countdown runs from.
    const asked = await app.post(url('/speakers'), { kind: 'speech' }, { token: member.token });
    await stateWhere(states, (s) => s.queue.some((q: any) => q.id === asked.body.id));
    await app.post(`/api/council/speakers/${asked.body.id}/grant`, {}, { token: chair.token });
    const speaking = await stateWhere(states, (s) => s.speaker?.id === asked.body.id);
    expect(speaking.speaker).toMatchObject({ member: { id: member.user.id }, kind: 'speech', limitSeconds: 300 });
    expect(speaking.queue).toEqual([]);
    await app.post(`/api/council/speakers/${asked.body.id}/finish`, {}, { token: chair.token });

    // Quorum: 26 members registered by the clerk.
    const council = ((await app.get('/api/council/bodies', { token: clerk.token })).body as any[]).find(
      (b) => b.kind === 'council',
    );
    const ids = council.members.map((m: any) => m.id).slice(0, 26);
    if (!ids.includes(member.user.id)) ids[25] = member.user.id;
    expect(
      (await app.post(url('/attendance/bulk'), { userIds: ids, present: true }, { token: clerk.token })).status,
    ).toBe(200);
    await stateWhere(states, (s) => s.quorum.present === 26 && s.quorum.reached);

    // A secret vote: only how many have voted while it is open.
    // The sitting’s first vote adopts its agenda (issue 15).
    await adoptAgenda(app, sessionId, { clerk, chair }, ids);
    const vote = await app.post(url('/votes'), { itemId: first.item.id }, { token: chair.token });
    expect(vote.status).toBe(201);
    expect(
      (await app.post(`/api/council/votes/${vote.body.id}/ballots`, { choice: 'for' }, { token: member.token })).status,
    ).toBe(201);
    const counting = await stateWhere(states, (s) => s.vote?.id === vote.body.id && s.vote.ballotsCast === 1);
    expect(counting.vote).toMatchObject({ mode: 'secret', status: 'open', counts: null, result: null });
    expect(JSON.stringify(counting)).not.toContain('"for":1');
    // Closed: the totals and the result.
    expect((await app.post(`/api/council/votes/${vote.body.id}/close`, {}, { token: chair.token })).status).toBe(200);
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
    const election = await app.post(
      url('/elections'),
      { itemId: first.item.id, office: 'председател на комисия', candidateIds: [member.user.id] },
      { token: chair.token },
    );
    expect(election.status).toBe(201);
    expect(
      (
        await app.post(
          `/api/council/elections/${election.body.id}/ballots`,
          { candidateId: member.user.id },
          { token: member.token },
        )
      ).status,
    ).toBe(201);
    const electing = await stateWhere(states, (s) => s.election?.status === 'open' && s.election.ballotsCast === 1);
    expect(electing.election).toMatchObject({ id: election.body.id, round: 1, result: null });
    expect(
      (await app.post(`/api/council/elections/${election.body.id}/close`, {}, { token: chair.token })).status,
    ).toBe(200);
    const counted = await stateWhere(states, (s) => s.election?.status === 'closed');
    expect(counted.election.result).toMatchObject({
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
      ['council.watch', { sessionId }],
      ['presence.set', { status: 'away' }],
      ['display.state', {}],
    ] as const)
      expect(await socket.timeout(5000).emitWithAck(event, payload)).toMatchObject({ ok: false, code: 'forbidden' });
    socket.close();
  });

  it('revoking the token ends its screens and it opens nothing again; only a clerk revokes', async () => {
    const { socket } = await screen({ token });
    const ended = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    expect((await app.post(`/api/council/display-tokens/${tokenId}/revoke`, {}, { token: member.token })).status).toBe(
      403,
    );
    const revoked = await app.post(`/api/council/display-tokens/${tokenId}/revoke`, {}, { token: clerk.token });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect(await ended).toBe('io server disconnect');
    await expect(screen({ token })).rejects.toMatchObject({ message: 'unauthenticated' });
    // The token was never written to the server's log (handshakes, requests, revocation).
    expect(app.output.join('\n')).not.toContain(token);
    expect(
      (
        await app.post(
          '/api/council/display-tokens/00000000-0000-4000-8000-000000000000/revoke',
          {},
          { token: clerk.token },
        )
      ).status,
    ).toBe(404);
  });
});
