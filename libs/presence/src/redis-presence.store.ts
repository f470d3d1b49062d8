import { randomUUID } from 'node:crypto';
import type { RedisClientType } from 'redis';
import type { ChosenStatus, PresenceStore } from './presence.store.js';

/** Redis keys of one deployment (`prefix`: `RedisService.prefix`, several deployments may share a Redis). */
function keys(prefix: string) {
  const P = `${prefix}presence`;
  return {
    /** Live processes: member = instance id, score = heartbeat expiry (ms). */
    INSTANCES: `${P}:instances`,
    instanceUsers: (instance: string) => `${P}:instance:${instance}:users`,
    /** A user's sockets on every process: member = `<instance>/<socket>`, score = expiry (ms). */
    userSockets: (userId: string) => `${P}:user:${userId}:sockets`,
    CHOSEN: `${P}:chosen`,
    SEEN: `${P}:seen`,
  };
}

/** KEYS: a user's sockets, the chosen statuses; ARGV: now (ms), user id. */
const FORGET_IF_OFFLINE = `
if redis.call('ZCOUNT', KEYS[1], ARGV[1], '+inf') == 0 then
  return redis.call('HDEL', KEYS[2], ARGV[2])
end
return 0`;

/**
 * Presence shared by every process through Redis. Each socket is a sorted-set member
 * whose score is its expiry, renewed by its process's heartbeat; each process is in an
 * instance registry with its own expiry. When a process dies (SIGKILL, crash), its
 * heartbeat stops: the first survivor to see its registry entry expired claims it
 * (ZREM succeeds once) and removes its sockets, so no ghost stays online. A process that
 * starts sweeps at once (cleanup of crashes before it).
 */
export class RedisPresenceStore implements PresenceStore {
  readonly instance = randomUUID();
  private readonly local = new Map<string, Set<string>>();
  private timer?: NodeJS.Timeout;
  private readonly k: ReturnType<typeof keys>;

  constructor(
    private readonly redis: RedisClientType,
    private readonly ttlMs: number,
    prefix: string,
    private readonly onSwept: (userIds: string[]) => void,
  ) {
    this.k = keys(prefix);
  }

  async start(): Promise<void> {
    await this.heartbeat();
    this.onSwept(await this.sweep());
    this.timer = setInterval(
      () => {
        this.heartbeat()
          .then(() => this.sweep())
          .then((gone) => this.onSwept(gone))
          .catch(() => undefined);
      },
      Math.max(500, Math.floor(this.ttlMs / 3)),
    );
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
  }

  private member(socketId: string): string {
    return `${this.instance}/${socketId}`;
  }

  private async heartbeat(): Promise<void> {
    const expiry = Date.now() + this.ttlMs;
    const multi = this.redis.multi().zAdd(this.k.INSTANCES, { score: expiry, value: this.instance });
    for (const [userId, sockets] of this.local) {
      for (const s of sockets) multi.zAdd(this.k.userSockets(userId), { score: expiry, value: this.member(s) });
      multi.pExpire(this.k.userSockets(userId), this.ttlMs * 2);
    }
    await multi.exec();
  }

  async add(userId: string, socketId: string): Promise<boolean> {
    let set = this.local.get(userId);
    if (!set) this.local.set(userId, (set = new Set()));
    set.add(socketId);
    const now = Date.now();
    const key = this.k.userSockets(userId);
    const res = await this.redis
      .multi()
      .zRemRangeByScore(key, '-inf', now)
      .zAdd(key, { score: now + this.ttlMs, value: this.member(socketId) })
      .pExpire(key, this.ttlMs * 2)
      .sAdd(this.k.instanceUsers(this.instance), userId)
      .zCard(key)
      .exec();
    return Number(res[4]) === 1;
  }

  async remove(userId: string, socketId: string): Promise<boolean> {
    const set = this.local.get(userId);
    set?.delete(socketId);
    const multi = this.redis.multi();
    if (set && !set.size) {
      this.local.delete(userId);
      multi.sRem(this.k.instanceUsers(this.instance), userId);
    }
    const key = this.k.userSockets(userId);
    const res = await multi
      .zRem(key, this.member(socketId))
      .zRemRangeByScore(key, '-inf', Date.now())
      .zCard(key)
      .exec();
    const removed = Number(res[res.length - 3]);
    return removed === 1 && Number(res[res.length - 1]) === 0;
  }

  async online(userIds: string[]): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const now = Date.now();
    const multi = this.redis.multi();
    for (const id of userIds) multi.zCount(this.k.userSockets(id), now, '+inf');
    const res = await multi.exec();
    return new Set(userIds.filter((_, i) => Number(res[i]) > 0));
  }

  async setStatus(userId: string, status: ChosenStatus | null): Promise<void> {
    if (status) await this.redis.hSet(this.k.CHOSEN, userId, status);
    else await this.redis.hDel(this.k.CHOSEN, userId);
  }

  async forgetStatusIfOffline(userId: string): Promise<void> {
    // One script, so no socket can be added between the count and the delete.
    await this.redis.eval(FORGET_IF_OFFLINE, {
      keys: [this.k.userSockets(userId), this.k.CHOSEN],
      arguments: [String(Date.now()), userId],
    });
  }

  async statuses(userIds: string[]): Promise<Map<string, ChosenStatus>> {
    const out = new Map<string, ChosenStatus>();
    if (!userIds.length) return out;
    const values = await this.redis.hmGet(this.k.CHOSEN, userIds);
    userIds.forEach((id, i) => {
      if (values[i]) out.set(id, values[i] as ChosenStatus);
    });
    return out;
  }

  async touch(userId: string, at: Date): Promise<void> {
    await this.redis.hSet(this.k.SEEN, userId, at.toISOString());
  }

  async lastSeen(userIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!userIds.length) return out;
    const values = await this.redis.hmGet(this.k.SEEN, userIds);
    userIds.forEach((id, i) => {
      if (values[i]) out.set(id, values[i]);
    });
    return out;
  }

  async sweep(): Promise<string[]> {
    const now = Date.now();
    const dead = await this.redis.zRangeByScore(this.k.INSTANCES, '-inf', now);
    const offline: string[] = [];
    for (const instance of dead) {
      if (instance === this.instance) continue;
      // Only one process wins this ZREM: it alone cleans up and announces.
      if (Number(await this.redis.zRem(this.k.INSTANCES, instance)) !== 1) continue;
      const users = await this.redis.sMembers(this.k.instanceUsers(instance));
      for (const userId of users) {
        const key = this.k.userSockets(userId);
        const members = await this.redis.zRange(key, 0, -1);
        const theirs = members.filter((m) => m.startsWith(`${instance}/`));
        const multi = this.redis.multi();
        if (theirs.length) multi.zRem(key, theirs);
        const res = await multi.zRemRangeByScore(key, '-inf', now).zCard(key).exec();
        if (Number(res[res.length - 1]) === 0) offline.push(userId);
      }
      await this.redis.del(this.k.instanceUsers(instance));
    }
    return offline;
  }
}
