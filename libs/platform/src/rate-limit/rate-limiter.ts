import { Injectable, Logger } from '@nestjs/common';
import type { RedisClientType } from 'redis';
import { RedisService, isRedisUnavailable } from '../redis/redis.service.js';

export interface RateState {
  count: number;
  /** Seconds until the window ends. */
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters: in Redis when configured (shared by every process),
 * otherwise in this process. While Redis is unreachable the counters of this process
 * stand in (limits still hold, per process), so nothing waits for Redis to return.
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger('RateLimiter');
  private readonly local = new Map<string, { count: number; resetAt: number }>();
  private degraded = false;

  constructor(private readonly redis: RedisService) {}

  /** Runs `shared` against Redis; when Redis is unreachable, `local` instead. */
  private async shared<T>(shared: (client: RedisClientType) => Promise<T>, local: () => T): Promise<T> {
    const client = await this.redis.client();
    if (!client) return local();
    try {
      const result = await shared(client);
      this.degraded = false;
      return result;
    } catch (err) {
      // Any failure while the connection is down (refused, reset, offline) means "unreachable".
      if (client.isReady && !isRedisUnavailable(err)) throw err;
      if (!this.degraded) this.logger.warn(`Redis unreachable; counting in this process: ${String(err)}`);
      this.degraded = true;
      return local();
    }
  }

  /** Adds one to the counter and returns its state. */
  async hit(key: string, windowSeconds: number): Promise<RateState> {
    return this.shared(
      async (client) => {
        const k = `${this.redis.prefix}rl:${key}`;
        const results = await client.multi().incr(k).expire(k, windowSeconds, 'NX').ttl(k).exec();
        const count = Number(results[0]);
        const ttl = Number(results[2]);
        return { count, retryAfterSeconds: ttl > 0 ? ttl : windowSeconds };
      },
      () => this.localHit(key, windowSeconds),
    );
  }

  private localHit(key: string, windowSeconds: number): RateState {
    const now = Date.now();
    let entry = this.local.get(key);
    if (!entry || entry.resetAt <= now) {
      entry = { count: 0, resetAt: now + windowSeconds * 1000 };
      this.local.set(key, entry);
      this.sweep(now);
    }
    entry.count += 1;
    return { count: entry.count, retryAfterSeconds: Math.ceil((entry.resetAt - now) / 1000) };
  }

  /** The counter without changing it. */
  async peek(key: string): Promise<RateState> {
    return this.shared(
      async (client) => {
        const k = `${this.redis.prefix}rl:${key}`;
        const [count, ttl] = await Promise.all([client.get(k), client.ttl(k)]);
        return { count: Number(count ?? 0), retryAfterSeconds: Math.max(0, Number(ttl)) };
      },
      () => this.localPeek(key),
    );
  }

  private localPeek(key: string): RateState {
    const entry = this.local.get(key);
    const now = Date.now();
    if (!entry || entry.resetAt <= now) return { count: 0, retryAfterSeconds: 0 };
    return { count: entry.count, retryAfterSeconds: Math.ceil((entry.resetAt - now) / 1000) };
  }

  async reset(key: string): Promise<void> {
    this.local.delete(key);
    await this.shared(
      async (client) => {
        await client.del(`${this.redis.prefix}rl:${key}`);
      },
      () => undefined,
    );
  }

  private sweep(now: number): void {
    if (this.local.size < 10_000) return;
    for (const [k, v] of this.local) if (v.resetAt <= now) this.local.delete(k);
  }
}
