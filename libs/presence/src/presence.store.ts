import type { PresenceStatus } from '@egov-box/contracts';

/** A status a person chose (offline is never chosen: it is derived from sockets). */
export type ChosenStatus = Exclude<PresenceStatus, 'offline'>;

/**
 * Where presence lives: sockets per user (across processes with Redis), chosen status
 * and last seen. Implementations: in this process, or in Redis.
 */
export interface PresenceStore {
  start(): Promise<void>;
  /** Stops heartbeats; the process's entries are left to expire (so a restart does not flap). */
  stop(): Promise<void>;
  /** Adds a socket; true when it is the user's first socket anywhere. */
  add(userId: string, socketId: string): Promise<boolean>;
  /** Removes a socket; true when it was the user's last socket anywhere. */
  remove(userId: string, socketId: string): Promise<boolean>;
  online(userIds: string[]): Promise<Set<string>>;
  setStatus(userId: string, status: ChosenStatus | null): Promise<void>;
  /**
   * Forgets the chosen status only if the user has no socket on any process at this moment
   * (checked and cleared in one step). A last socket closing on one process can be noticed
   * after the user has opened a tab on another and chosen a status there: that choice stays.
   */
  forgetStatusIfOffline(userId: string): Promise<void>;
  statuses(userIds: string[]): Promise<Map<string, ChosenStatus>>;
  touch(userId: string, at: Date): Promise<void>;
  lastSeen(userIds: string[]): Promise<Map<string, string>>;
  /** Users whose last socket was on a process that is gone (claimed once across processes). */
  sweep(): Promise<string[]>;
}

/** One process, no Redis: plain maps. */
export class MemoryPresenceStore implements PresenceStore {
  private readonly sockets = new Map<string, Set<string>>();
  private readonly chosen = new Map<string, ChosenStatus>();
  private readonly seen = new Map<string, string>();

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async add(userId: string, socketId: string): Promise<boolean> {
    let set = this.sockets.get(userId);
    if (!set) this.sockets.set(userId, (set = new Set()));
    set.add(socketId);
    return set.size === 1;
  }

  async remove(userId: string, socketId: string): Promise<boolean> {
    const set = this.sockets.get(userId);
    if (!set?.delete(socketId)) return false;
    if (set.size) return false;
    this.sockets.delete(userId);
    return true;
  }

  async online(userIds: string[]): Promise<Set<string>> {
    return new Set(userIds.filter((id) => this.sockets.has(id)));
  }

  async setStatus(userId: string, status: ChosenStatus | null): Promise<void> {
    if (status) this.chosen.set(userId, status);
    else this.chosen.delete(userId);
  }

  async forgetStatusIfOffline(userId: string): Promise<void> {
    if (!this.sockets.has(userId)) this.chosen.delete(userId);
  }

  async statuses(userIds: string[]): Promise<Map<string, ChosenStatus>> {
    const out = new Map<string, ChosenStatus>();
    for (const id of userIds) {
      const s = this.chosen.get(id);
      if (s) out.set(id, s);
    }
    return out;
  }

  async touch(userId: string, at: Date): Promise<void> {
    this.seen.set(userId, at.toISOString());
  }

  async lastSeen(userIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of userIds) {
      const s = this.seen.get(id);
      if (s) out.set(id, s);
    }
    return out;
  }

  async sweep(): Promise<string[]> {
    return [];
  }
}
