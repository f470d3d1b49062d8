import { Injectable } from '@nestjs/common';
import { RedisService } from '../redis/redis.service.js';

export interface RateState {
  count: number;
  /** Seconds until the window ends. */
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters: in Redis when configured (shared by every process),
 * otherwise in this process.
 */
@Injectable()
export class RateLimiter {
  private readonly local = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly redis: RedisService) {}

  /** Adds one to the counter and returns its state. */
  async hit(key: string, windowSeconds: number): Promise<RateState> {
    const client = await this.redis.client();
    if (client) {
      const k = `${this.redis.prefix}rl:${key}`;
      const results = await client.multi().incr(k).expire(k, windowSeconds, 'NX').ttl(k).exec();
      const count = Number(results[0]);
      const ttl = Number(results[2]);
      return { count, retryAfterSeconds: ttl > 0 ? ttl : windowSeconds };
    }
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
    const client = await this.redis.client();
    if (client) {
      const k = `${this.redis.prefix}rl:${key}`;
      const [count, ttl] = await Promise.all([client.get(k), client.ttl(k)]);
      return { count: Number(count ?? 0), retryAfterSeconds: Math.max(0, Number(ttl)) };
    }
    const entry = this.local.get(key);
    const now = Date.now();
    if (!entry || entry.resetAt <= now) return { count: 0, retryAfterSeconds: 0 };
    return { count: entry.count, retryAfterSeconds: Math.ceil((entry.resetAt - now) / 1000) };
  }

  async reset(key: string): Promise<void> {
    const client = await this.redis.client();
    if (client) await client.del(`${this.redis.prefix}rl:${key}`);
    else this.local.delete(key);
  }

  private sweep(now: number): void {
    if (this.local.size < 10_000) return;
    for (const [k, v] of this.local) if (v.resetAt <= now) this.local.delete(k);
  }
}
