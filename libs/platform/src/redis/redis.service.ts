import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { RedisClientType } from 'redis';
import { AppConfig } from '../config/app-config.js';

/**
 * Redis connections of the process, when REDIS_URL is set. Each caller that blocks
 * (stream readers) asks for a connection of its own.
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly clients: RedisClientType[] = [];
  private main?: Promise<RedisClientType>;

  /**
   * Prefix of every key and stream of this deployment: several deployments (or test
   * servers) may share one Redis, and must never see each other's messages or counters.
   * Derived from the database the deployment uses.
   */
  readonly prefix: string;

  constructor(private readonly config: AppConfig) {
    const db = config.databaseUrl ?? `embedded:${config.dataDir}`;
    this.prefix = `egov:${createHash('sha256').update(db).digest('hex').slice(0, 12)}:`;
  }

  get enabled(): boolean {
    return Boolean(this.config.redisUrl);
  }

  /**
   * The shared command connection (null without REDIS_URL). While Redis is unreachable its
   * commands fail at once (no offline queue) instead of waiting for Redis to return: callers
   * fall back or answer 503, so a request never hangs on Redis.
   */
  async client(): Promise<RedisClientType | null> {
    if (!this.enabled) return null;
    this.main ??= this.connect('main', { failFast: true });
    return this.main;
  }

  /**
   * A connection of its own, closed at shutdown. `failFast`: commands sent while
   * disconnected fail at once; otherwise they wait for the reconnect (what a blocking stream
   * reader wants: retrying at once would spin).
   */
  async connect(name: string, options: { failFast?: boolean } = {}): Promise<RedisClientType> {
    // Loaded on first use: the embedded default never pays for the Redis client at start.
    const { createClient } = await import('redis');
    const client: RedisClientType = createClient({
      url: this.config.redisUrl,
      disableOfflineQueue: options.failFast ?? false,
      socket: { reconnectStrategy: (retries) => Math.min(200 * 2 ** retries, 5000) },
    });
    client.on('error', (err: Error) => this.logger.warn(`${name}: ${err.message}`));
    this.clients.push(client);
    await client.connect();
    return client;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.clients.map((c) => (c.isOpen ? c.quit() : Promise.resolve())));
  }
}

/** An error of the Redis client meaning "Redis is not reachable now" (not a bad command). */
export function isRedisUnavailable(err: unknown): boolean {
  const name = (err as { name?: string; constructor?: { name?: string } } | undefined)?.constructor?.name ?? '';
  return [
    'ClientOfflineError',
    'ClientClosedError',
    'SocketClosedUnexpectedlyError',
    'ConnectionTimeoutError',
    'SocketTimeoutError',
    'DisconnectsClientError',
  ].includes(name);
}
