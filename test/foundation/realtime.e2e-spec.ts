import jwt from 'jsonwebtoken';
import { io } from 'socket.io-client';
import { TestApp, nextEvent } from '../support/app.js';

describe('realtime base (/realtime)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  it('refuses a handshake without a token', async () => {
    await expect(app.socket(undefined)).rejects.toMatchObject({ message: 'unauthenticated' });
  });

  it('refuses a forged or garbage token', async () => {
    const s = await app.login('servant01');
    const forged = jwt.sign(jwt.decode(s.token) as object, 'some-other-secret-that-is-long-enough');
    await expect(app.socket(forged)).rejects.toMatchObject({ message: 'unauthenticated' });
    await expect(app.socket('garbage')).rejects.toMatchObject({ message: 'unauthenticated' });
  });

  it('accepts a valid token, and logout drops that session’s sockets only', async () => {
    const a = await app.login('servant02');
    const b = await app.login('servant02');
    const sa = await app.socket(a.token);
    const sb = await app.socket(b.token);
    expect(sa.connected && sb.connected).toBe(true);
    const ended = nextEvent(sa, 'session.ended');
    const dropped = nextEvent<string>(sa, 'disconnect');
    const out = await app.post('/api/auth/logout', undefined, { token: a.token, cookie: a.cookie });
    expect(out.status).toBe(204);
    expect(await ended).toEqual({ reason: 'logout' });
    expect(await dropped).toBe('io server disconnect');
    expect(sa.connected).toBe(false);
    // A round trip on the other session's socket, asked after the server dropped the first:
    // had the logout dropped it too, this would go unanswered (the server drops both at once).
    expect(await sb.timeout(5000).emitWithAck('presence.set', { status: 'online' })).toMatchObject({ ok: true });
    expect(sb.connected).toBe(true);
    sb.close();
    await expect(app.socket(a.token)).rejects.toThrow();
  });

  it('checks the Origin of browser handshakes', async () => {
    const s = await app.login('servant03');
    const foreign = io(app.url + '/realtime', {
      path: '/socket.io',
      transports: ['polling'],
      auth: { token: s.token },
      reconnection: false,
      forceNew: true,
      extraHeaders: { origin: 'https://evil.example' },
    });
    await expect(
      new Promise((resolve, reject) => {
        foreign.once('connect', () => resolve('connected'));
        foreign.once('connect_error', reject);
      }),
    ).rejects.toThrow();
    foreign.close();
    const same = await app.socket(s.token, '/realtime', {
      transports: ['polling'],
      extraHeaders: { origin: app.url },
    });
    expect(same.connected).toBe(true);
    same.close();
  });
});
