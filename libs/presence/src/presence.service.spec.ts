import { describe, expect, it } from '@jest/globals';
import { MemoryPresenceStore } from './presence.store.js';
import { PresenceService } from './presence.service.js';

/** A store whose `remove` reports the last socket gone, then waits until released. */
class GatedStore extends MemoryPresenceStore {
  release!: () => void;
  removed!: Promise<void>;
  private gate = new Promise<void>((r) => (this.release = r));

  constructor() {
    super();
    let signal!: () => void;
    this.removed = new Promise<void>((r) => (signal = r));
    const remove = this.remove.bind(this);
    this.remove = async (userId, socketId) => {
      const last = await remove(userId, socketId);
      signal();
      await this.gate;
      return last;
    };
  }
}

function service(store: MemoryPresenceStore): PresenceService {
  const published: unknown[] = [];
  const svc = new PresenceService(
    { presenceTtlSeconds: 3 } as never,
    { client: async () => null } as never,
    { publish: (_: string, view: unknown) => published.push(view) } as never,
    { register: () => undefined } as never,
    { departmentColleagues: async () => [] } as never,
    { requireAccess: async () => undefined } as never,
  );
  (svc as unknown as { store: MemoryPresenceStore }).store = store;
  return svc;
}

const socket = (id: string, userId: string) => ({ id, data: { user: { id: userId } } }) as never;

describe('PresenceService', () => {
  it('a last tab closing is noticed late: a status chosen meanwhile in a new tab stays', async () => {
    // Seen in CI across two processes: B noticed its tab had closed (the user's last socket
    // there) after the user had opened a tab on A and chosen "busy"; B then cleared the choice.
    const store = new GatedStore();
    const svc = service(store);
    await svc.connected(socket('old', 'u1'));
    const closing = svc.disconnected(socket('old', 'u1'));
    await store.removed; // the old tab is gone; its process has not yet acted on it
    await svc.connected(socket('new', 'u1'));
    expect(await svc.set({ id: 'u1' } as never, { status: 'busy' })).toMatchObject({
      ok: true,
      data: { status: 'busy' },
    });
    store.release();
    await closing;
    expect(await svc.snapshot(['u1'])).toEqual([expect.objectContaining({ status: 'busy' })]);
  });

  it('a user who really goes offline loses the chosen status', async () => {
    const svc = service(new MemoryPresenceStore());
    await svc.connected(socket('s1', 'u1'));
    await svc.set({ id: 'u1' } as never, { status: 'dnd' });
    await svc.disconnected(socket('s1', 'u1'));
    expect(await svc.snapshot(['u1'])).toEqual([expect.objectContaining({ status: 'offline' })]);
    await svc.connected(socket('s2', 'u1'));
    expect(await svc.snapshot(['u1'])).toEqual([expect.objectContaining({ status: 'online' })]);
  });
});
