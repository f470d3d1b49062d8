import type { Socket } from 'socket.io-client';
import { expectError, expectOk } from '../support/api.js';
import { TestApp, nextEvent, refreshCookie } from '../support/app.js';
import { eventually } from '../support/eventually.js';

/**
 * These tests wait for no set time: the server runs with short limits, and the test waits for
 * what the server says (a socket told its session ended, an answer that turns to 401). Only
 * the session that must stay alive is refreshed on a beat, as the browser does; the beat
 * (a quarter second) is far shorter than the idle limit (six seconds), and no assertion
 * depends on how long anything took.
 */
const IDLE = { SESSION_IDLE_MINUTES: '0.1', SESSION_SWEEP_SECONDS: '1' };

/** Refreshes `cookie`'s session every quarter second until `stop` is called; each must pass. */
function keepRefreshing(app: TestApp, cookie: string) {
  let stopped = false;
  let current = cookie;
  let failure: Error | undefined;
  const loop = (async () => {
    while (!stopped) {
      const res = await app.post('/api/auth/refresh', undefined, { cookie: current });
      if (res.status !== 200) {
        failure = new Error(`the refreshed session's refresh answered ${res.status} ${JSON.stringify(res.body)}`);
        return;
      }
      current = refreshCookie(res.headers);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  return {
    /** Stops the beat; throws if a refresh failed. Returns the session's current cookie. */
    async stop(): Promise<string> {
      stopped = true;
      await loop;
      if (failure) throw failure;
      return current;
    },
  };
}

/** The server's word that the session behind `socket` ended by itself (the sweep found it). */
function endedByItself(socket: Socket): Promise<unknown> {
  return nextEvent(socket, 'session.ended', 60_000);
}

describe('session timeouts', () => {
  it('a session not refreshed for longer than the idle timeout ends', async () => {
    const app = await TestApp.start({ env: IDLE });
    try {
      const active = await app.login('servant01');
      const idle = await app.login('servant02');
      // A socket does not use its session (it neither refreshes nor touches it): the sweep
      // tells it when the server counts the idle session as ended.
      const watcher = await app.socket(idle.token);
      const beat = keepRefreshing(app, active.cookie);
      expect(await endedByItself(watcher)).toEqual({ reason: 'expired' });
      const cookie = await beat.stop();
      const res = await app.api.post('/api/auth/refresh', { cookie: idle.cookie });
      expectError(res, 401, 'session_ended');
      // The one refreshed all along lives on.
      expect((await app.post('/api/auth/refresh', undefined, { cookie })).status).toBe(200);
    } finally {
      await app.close();
    }
  }, 120_000); // each test starts its own server: a busy machine takes a while

  it('a session ends at its absolute limit, refreshed or not, and its access token with it', async () => {
    const app = await TestApp.start({ env: { SESSION_MAX_HOURS: '0.001' } }); // 3.6 seconds
    try {
      const s = await app.login('servant03');
      const refreshed = await app.api.post('/api/auth/refresh', { cookie: s.cookie });
      expectOk(refreshed, 200);
      // The page-readable session hint ends with the session, not an hour (the idle limit) later.
      const hint = refreshed.headers.getSetCookie().find((h) => h.startsWith('egov_session=1;'));
      expect(Number(/Max-Age=(\d+)/.exec(hint ?? '')?.[1])).toBeLessThanOrEqual(4);
      // Asking who I am does not touch the session: asked until the limit has passed.
      await eventually(async () =>
        expect((await app.get('/api/me', { token: refreshed.body.accessToken })).status).toBe(401),
      );
      const late = await app.api.post('/api/auth/refresh', { cookie: refreshCookie(refreshed.headers) });
      expectError(late, 401, 'session_ended');
      await expect(app.socket(refreshed.body.accessToken)).rejects.toThrow();
    } finally {
      await app.close();
    }
  }, 120_000);

  it('an open socket whose session ended by itself is told and dropped; a live session keeps its socket', async () => {
    // Idle after 6 s; the open sockets are checked every second.
    const app = await TestApp.start({ env: IDLE });
    try {
      const kept = await app.login('servant01');
      const lapsed = await app.login('servant02');
      const keptSocket = await app.socket(kept.token);
      const lapsedSocket = await app.socket(lapsed.token);
      let keptDropped = false;
      keptSocket.on('disconnect', () => (keptDropped = true));
      const gone = new Promise<string>((resolve) => lapsedSocket.on('disconnect', (reason) => resolve(reason)));
      // One keeps refreshing (the browser does, every few minutes); the other does not.
      const beat = keepRefreshing(app, kept.cookie);
      expect(await endedByItself(lapsedSocket)).toEqual({ reason: 'expired' });
      expect(await gone).toBe('io server disconnect');
      // More sweeps, a whole idle limit of them: a third session, signed in now and never
      // refreshed, is dropped by a sweep that judged the kept socket too. A sweep tells and
      // drops every socket it finds ended in one synchronous pass, so had it dropped the kept
      // socket, that happened before the probe's message went out; a message the kept socket
      // sends after the probe heard it reaches the server after that, and is answered only if
      // the kept socket is still there.
      const probe = await app.socket((await app.login('servant03')).token);
      expect(await endedByItself(probe)).toEqual({ reason: 'expired' });
      const ack = (await keptSocket.timeout(5000).emitWithAck('presence.set', { status: 'online' })) as { ok: boolean };
      expect(ack.ok).toBe(true);
      await beat.stop();
      expect(keptDropped).toBe(false);
      expect(keptSocket.connected).toBe(true);
      keptSocket.close();
    } finally {
      await app.close();
    }
  }, 90_000);
});
