import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, EventBus, RedisService, type DisconnectEvent } from '@egov-box/platform';
import { LiveSessionCache } from './live-session-cache.js';

/** How long `announce` waits for every process to confirm that it forgot the sessions. */
export const ANNOUNCE_CONFIRM_MS = 2_000;

type Message =
  | { t: 'ended'; id: string; users?: string[]; sessions?: string[] }
  | { t: 'ack'; id: string }
  | { t: 'ping'; id: string };

/**
 * The one way a session ends (logout, a reused refresh token, an idle session refused,
 * credentials or roles changed, sessions ended by an administrator, an account disabled or
 * erased, a directory account gone): `announce` after the commit. It makes every process
 * forget the sessions it believed alive (`LiveSessionCache`) and only then drops their sockets.
 *
 * Across processes (PostgreSQL + Redis) the news goes on a Redis channel, and `announce`
 * waits until every subscribed process has confirmed it — PUBLISH says how many received it —
 * so the request that ended a session answers only once no process will accept that session
 * any more. A process keeps its cache on only while its subscription is live and has carried a
 * message of its own (a ping, each second while off); on any disconnect it turns the cache
 * off and asks the database on every request, as without a cache.
 */
@Injectable()
export class SessionsEnded implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Sessions');
  /** Embedded database: this is the only process. PostgreSQL: on once Redis proves live. */
  readonly cache: LiveSessionCache;
  private readonly channel: string;
  private main: Awaited<ReturnType<RedisService['client']>> = null;
  private pendingPing?: string;
  private pinger?: NodeJS.Timeout;
  private readonly waiting = new Map<string, { acks: number; expected: number; done: () => void }>();

  constructor(
    private readonly bus: EventBus,
    private readonly redis: RedisService,
    config: AppConfig,
  ) {
    this.cache = new LiveSessionCache(!config.databaseUrl);
    this.channel = `${redis.prefix}sessions-ended`;
  }

  onApplicationBootstrap(): void {
    if (!this.redis.enabled) return;
    this.listen().catch((err: unknown) =>
      this.logger.warn(`session cache stays off: no Redis subscription (${String(err)})`),
    );
  }

  onApplicationShutdown(): void {
    clearInterval(this.pinger);
    this.cache.setUsable(false);
  }

  /**
   * These sessions, and all sessions of these users, have ended: forget them here and in every
   * other process, then drop their sockets. Call after the commit that ended them.
   */
  async announce(ended: Omit<DisconnectEvent, 'kind'>): Promise<void> {
    this.cache.forget(ended);
    if (this.redis.enabled) await this.share(ended);
    this.bus.disconnect(ended);
  }

  private async share(ended: Omit<DisconnectEvent, 'kind'>): Promise<void> {
    const id = randomUUID();
    let timer: NodeJS.Timeout | undefined;
    const confirmed = new Promise<boolean>((resolve) => {
      this.waiting.set(id, { acks: 0, expected: Infinity, done: () => resolve(true) });
      timer = setTimeout(() => resolve(false), ANNOUNCE_CONFIRM_MS);
      timer.unref();
    });
    try {
      const message: Message = { t: 'ended', id, users: ended.users, sessions: ended.sessions };
      const main = this.main ?? (await this.redis.client());
      const received = await main!.publish(this.channel, JSON.stringify(message));
      const w = this.waiting.get(id)!;
      w.expected = received;
      if (w.acks >= received) w.done();
      if (!(await confirmed)) {
        const missing = received - w.acks;
        this.logger.warn(
          { event: 'session_end_unconfirmed', missing },
          `${missing} process(es) did not confirm the end of a session in ${ANNOUNCE_CONFIRM_MS} ms`,
        );
      }
    } catch (err) {
      // Redis is unreachable: every other process has lost its subscription too and asks the
      // database on each request, unless only this process lost Redis (then theirs forget it
      // within LIVE_SESSION_TTL_MS).
      this.logger.warn({ event: 'session_end_not_shared' }, `the end of a session was not shared: ${String(err)}`);
    } finally {
      clearTimeout(timer);
      this.waiting.delete(id);
    }
  }

  private async listen(): Promise<void> {
    this.main = await this.redis.client();
    const sub = await this.redis.connect('sessions-ended');
    const lost = () => {
      if (!this.cache.usable) return;
      this.cache.setUsable(false);
      this.logger.warn({ event: 'session_cache_off' }, 'session cache off: the Redis subscription was lost');
    };
    sub.on('error', lost);
    sub.on('end', lost);
    sub.on('reconnecting', lost);
    await sub.subscribe(this.channel, (raw) => this.received(raw));
    const ping = () => {
      if (this.cache.usable || !sub.isReady || !this.main) return;
      this.pendingPing = randomUUID();
      const message: Message = { t: 'ping', id: this.pendingPing };
      this.main.publish(this.channel, JSON.stringify(message)).catch(() => undefined);
    };
    this.pinger = setInterval(ping, 1000);
    this.pinger.unref();
    ping();
  }

  private received(raw: string): void {
    let m: Message;
    try {
      m = JSON.parse(raw) as Message;
    } catch {
      return;
    }
    if (m.t === 'ended') {
      this.cache.forget(m);
      const ack: Message = { t: 'ack', id: m.id };
      this.main?.publish(this.channel, JSON.stringify(ack)).catch(() => undefined);
    } else if (m.t === 'ack') {
      const w = this.waiting.get(m.id);
      if (w && ++w.acks >= w.expected) w.done();
    } else if (m.t === 'ping' && m.id === this.pendingPing) {
      this.pendingPing = undefined;
      this.cache.setUsable(true);
      this.logger.log({ event: 'session_cache_on' }, 'session cache on: revocations are heard from every process');
    }
  }
}
