import { describe, expect, it } from '@jest/globals';
import { MemoryPresenceStore } from './presence.store.js';

describe('MemoryPresenceStore', () => {
  it('counts several sockets of a user as one: first in, last out', async () => {
    const store = new MemoryPresenceStore();
    expect(await store.add('u1', 's1')).toBe(true);
    expect(await store.add('u1', 's2')).toBe(false);
    expect(await store.online(['u1', 'u2'])).toEqual(new Set(['u1']));
    expect(await store.remove('u1', 's1')).toBe(false);
    expect(await store.remove('u1', 's1')).toBe(false); // twice is harmless
    expect(await store.remove('u1', 's2')).toBe(true);
    expect(await store.online(['u1'])).toEqual(new Set());
    expect(await store.remove('u1', 's3')).toBe(false); // never added
  });

  it('keeps a chosen status until cleared', async () => {
    const store = new MemoryPresenceStore();
    await store.setStatus('u1', 'dnd');
    expect((await store.statuses(['u1', 'u2'])).get('u1')).toBe('dnd');
    await store.setStatus('u1', null);
    expect((await store.statuses(['u1'])).size).toBe(0);
  });
});
