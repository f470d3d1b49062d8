import { LIVE_SESSION_TTL_MS, LiveSignInSessionCache } from './live-sign-in-session-cache.js';

const far = new Date(Date.now() + 86_400_000);

describe('LiveSignInSessionCache', () => {
  it('believes a session alive only for its user, within its own limit and the cache TTL', () => {
    const c = new LiveSignInSessionCache(true);
    const now = Date.now();
    c.remember('s1', 'u1', far, c.generation, now);
    expect(c.alive('s1', 'u1', now)).toBe(true);
    expect(c.alive('s1', 'u2', now)).toBeUndefined();
    c.remember('s1', 'u1', far, c.generation, now);
    expect(c.alive('s1', 'u1', now + LIVE_SESSION_TTL_MS)).toBeUndefined();
    c.remember('s2', 'u1', new Date(now + 1000), c.generation, now);
    expect(c.alive('s2', 'u1', now + 999)).toBe(true);
    expect(c.alive('s2', 'u1', now + 1000)).toBeUndefined();
  });

  it('forgets a session, and every session of a user', () => {
    const c = new LiveSignInSessionCache(true);
    for (const [s, u] of [
      ['a', 'u1'],
      ['b', 'u1'],
      ['c', 'u2'],
    ] as const)
      c.remember(s, u, far, c.generation);
    c.forget({ sessions: ['c'] });
    expect(c.alive('c', 'u2')).toBeUndefined();
    expect(c.alive('a', 'u1')).toBe(true);
    c.forget({ users: ['u1'] });
    expect(c.alive('a', 'u1')).toBeUndefined();
    expect(c.alive('b', 'u1')).toBeUndefined();
  });

  it('does not keep what a read begun before a forget saw (it may predate the commit that ended it)', () => {
    const c = new LiveSignInSessionCache(true);
    const began = c.generation;
    c.forget({ sessions: ['s1'] }); // the revocation lands while the read is in flight
    c.remember('s1', 'u1', far, began);
    expect(c.alive('s1', 'u1')).toBeUndefined();
    c.remember('s1', 'u1', far, c.generation);
    expect(c.alive('s1', 'u1')).toBe(true);
  });

  it('off, it answers nothing and keeps nothing; turned on or off it starts empty', () => {
    const c = new LiveSignInSessionCache(false);
    c.remember('s1', 'u1', far, c.generation);
    expect(c.alive('s1', 'u1')).toBeUndefined();
    c.setUsable(true);
    c.remember('s1', 'u1', far, c.generation);
    expect(c.alive('s1', 'u1')).toBe(true);
    const began = c.generation;
    c.setUsable(false);
    c.setUsable(true);
    expect(c.alive('s1', 'u1')).toBeUndefined();
    c.remember('s1', 'u1', far, began);
    expect(c.alive('s1', 'u1')).toBeUndefined();
  });
});

describe('LiveSignInSessionCache with other processes (a heartbeat)', () => {
  it('answers only while its heartbeat was heard within the allowed silence', () => {
    const c = new LiveSignInSessionCache(true);
    const t0 = 1_000_000;
    c.heard(2000, t0);
    c.remember('s1', 'u1', new Date(t0 + 86_400_000), c.generation, t0);
    expect(c.alive('s1', 'u1', t0 + 2000)).toBe(true);
    // Silent: the others' news may be missing, so the database is asked (the entry is kept).
    expect(c.alive('s1', 'u1', t0 + 2001)).toBeUndefined();
    expect(c.silentFor(t0 + 2001)).toBe(2001);
    c.heard(2000, t0 + 2500);
    expect(c.alive('s1', 'u1', t0 + 2600)).toBe(true);
  });
});
