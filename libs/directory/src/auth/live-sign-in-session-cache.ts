/** How long a session found alive is believed without asking the database again (at most). */
export const LIVE_SESSION_TTL_MS = 10_000;
/** Sessions remembered at most; the oldest is dropped first. */
export const LIVE_SESSION_MAX = 100_000;

interface Entry {
  userId: string;
  /** The session's own hard limit (`refresh_session.expires_at`). */
  expiresAt: number;
  /** When this belief runs out (LIVE_SESSION_TTL_MS after it was read). */
  until: number;
}

/**
 * The sessions this process found alive in the database, so that an authenticated request
 * need not ask again (issue 20: the session check was one round trip on every request).
 * Only "alive" is remembered; anything else is asked anew.
 *
 * Correctness rests on three things, kept by `SignInSessionsEnded`:
 * - every code path that ends a session or disables a user calls `forget` (through
 *   `SignInSessionsEnded.announce`) after its commit — in this process and, through Redis, in every
 *   other before the path answers;
 * - a read that began before a `forget` is not remembered (`generation`): it may have seen the
 *   row before the commit that ended it;
 * - the cache is `usable` only while this process is sure to hear about the others'
 *   revocations (embedded database: one process; PostgreSQL: the Redis subscription is live and
 *   carries this process's own heartbeat, heard back within the allowed silence — checked on
 *   every lookup). Otherwise every check goes to the database, as before.
 * A belief lasts LIVE_SESSION_TTL_MS at most: a change made outside the portal (SQL by hand) is
 * seen within that time.
 */
export class LiveSignInSessionCache {
  private readonly entries = new Map<string, Entry>();
  private gen = 0;
  private on: boolean;
  /** With other processes: when this one last heard its own heartbeat, and how much silence it allows. */
  private heardAt = -Infinity;
  private maxSilenceMs?: number;

  constructor(usable: boolean) {
    this.on = usable;
  }

  get usable(): boolean {
    return this.on;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Counts every `forget` and every change of `usable`: a read started before one is not kept. */
  get generation(): number {
    return this.gen;
  }

  /** True only for a session believed alive now; undefined means "ask the database". */
  alive(signInSessionId: string, userId: string, now = Date.now()): true | undefined {
    if (!this.on) return undefined;
    // Silence from the other processes (a heartbeat not heard back): their news may be missing.
    if (this.maxSilenceMs !== undefined && now - this.heardAt > this.maxSilenceMs) return undefined;
    const e = this.entries.get(signInSessionId);
    if (!e) return undefined;
    if (e.userId !== userId || e.until <= now || e.expiresAt <= now) {
      this.entries.delete(signInSessionId);
      return undefined;
    }
    return true;
  }

  /** The database said alive, for a read begun at `generation`. */
  remember(signInSessionId: string, userId: string, expiresAt: Date, generation: number, now = Date.now()): void {
    if (!this.on || generation !== this.gen) return;
    this.entries.delete(signInSessionId);
    if (this.entries.size >= LIVE_SESSION_MAX) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(signInSessionId, { userId, expiresAt: expiresAt.getTime(), until: now + LIVE_SESSION_TTL_MS });
  }

  /** These sessions, and every session of these users, have ended (or may have). */
  forget(ended: { users?: readonly string[]; sessions?: readonly string[] }): void {
    this.gen += 1;
    for (const id of ended.sessions ?? []) this.entries.delete(id);
    const users = new Set(ended.users ?? []);
    if (users.size) for (const [id, e] of this.entries) if (users.has(e.userId)) this.entries.delete(id);
  }

  /**
   * This process heard back its own heartbeat sent `at`: everything the other processes
   * published before then has been heard. From the first call on, the cache answers only while
   * the latest such moment is at most `maxSilenceMs` ago.
   */
  heard(maxSilenceMs: number, at = Date.now()): void {
    this.heardAt = Math.max(this.heardAt, at);
    this.maxSilenceMs = maxSilenceMs;
  }

  /** How long since the heartbeat was last heard (Infinity: never). */
  silentFor(now = Date.now()): number {
    return now - this.heardAt;
  }

  /** Turns the cache on or off; either way it starts empty. */
  setUsable(usable: boolean): void {
    this.gen += 1;
    this.entries.clear();
    this.on = usable;
  }
}
