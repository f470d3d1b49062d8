import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, EventBus, RedisService, type DisconnectEvent } from '@egov-box/platform';
import { LiveSignInSessionCache } from './live-sign-in-session-cache.js';

/** How often each process sends itself a ping through its subscription (ms). */
export const HEARTBEAT_MS = 500;
/**
 * A process that has not heard its own ping back for this long stops trusting its cache: it
 * may be missing other processes' news (a Redis that hangs, a connection half dead).
 */
export const HEARTBEAT_SILENCE_MS = 2_000;
/**
 * How long `announce` waits for every process to confirm. Past it, any process that has not
 * confirmed has stopped trusting its cache (its heartbeat went silent at least
 * HEARTBEAT_SILENCE_MS + one beat before), so the end of the session holds everywhere anyway.
 */
export const ANNOUNCE_CONFIRM_MS = HEARTBEAT_SILENCE_MS + 2 * HEARTBEAT_MS;

type Message =
  | { t: 'ended'; id: string; users?: string[]; sessions?: string[] }
  | { t: 'ack'; id: string }
  | { t: 'ping'; id: string };

/**
 * The one way a session ends (logout, a reused refresh token, an idle session refused,
 * credentials or roles changed, sessions ended by an administrator, an account disabled or
 * erased, a directory account gone): `announce` after the commit. It makes every process
 * forget the sessions it believed alive (`LiveSignInSessionCache`) and only then drops their sockets.
 *
 * Across processes (PostgreSQL + Redis) the news goes on a Redis channel, and `announce`
 * waits until every subscribed process has confirmed it — PUBLISH says how many received it —
 * so the request that ended a session answers only once no process will accept that session
 * any more. A process trusts its cache only while its subscription carries its own heartbeat
 * (a ping every HEARTBEAT_MS, heard back within HEARTBEAT_SILENCE_MS); on a disconnect, or
 * silence, it asks the database on every request, as without a cache. When the news cannot be
 * confirmed, `announce` waits ANNOUNCE_CONFIRM_MS in all: by then every process that did not
 * hear it has gone silent and stopped trusting its cache. (Not covered: this process's own
 * connection to Redis stalling past that deadline while the others' work — then they may accept
 * the session until their belief in it runs out, LIVE_SESSION_TTL_MS.)
 */
@Injectable()
export class SignInSessionsEnded implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Sessions');
  /** Embedded database: this is the only process. PostgreSQL: on while Redis proves live. */
  readonly cache: LiveSignInSessionCache;
  private readonly channel: string;
  private main: Awaited<ReturnType<RedisService['client']>> = null;
  /** The pings this process sent and has not heard back yet, with when each was sent. */
  private readonly pings = new Map<string, number>();
  private heartbeat?: NodeJS.Timeout;
  private readonly waiting = new Map<string, { acks: number; expected: number; done: () => void }>();

  constructor(
    private readonly bus: EventBus,
    private readonly redis: RedisService,
    config: AppConfig,
  ) {
    this.cache = new LiveSignInSessionCache(!config.databaseUrl);
    this.channel = `${redis.prefix}sessions-ended`;
  }

  onApplicationBootstrap(): void {
    if (!this.redis.enabled) return;
    this.listen().catch((err: unknown) =>
      this.logger.warn(`session cache stays off: no Redis subscription (${String(err)})`),
    );
  }

  onApplicationShutdown(): void {
    clearInterval(this.heartbeat);
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
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ANNOUNCE_CONFIRM_MS);
      timer.unref();
    });
    const confirmed = new Promise<void>((resolve) => {
      this.waiting.set(id, { acks: 0, expected: Infinity, done: resolve });
    });
    let problem: string | undefined;
    try {
      const message: Message = { t: 'ended', id, users: ended.users, sessions: ended.sessions };
      const main = this.main ?? (await this.redis.client());
      // A Redis that hangs (not gone) must not hold the request longer than the deadline.
      const received = await Promise.race([
        main!.publish(this.channel, JSON.stringify(message)),
        deadline.then(() => null),
      ]);
      if (received === null) problem = `Redis did not take the message in ${ANNOUNCE_CONFIRM_MS} ms`;
      else {
        const w = this.waiting.get(id)!;
        w.expected = received;
        if (w.acks >= received) w.done();
        const ok = await Promise.race([confirmed.then(() => true), deadline.then(() => false)]);
        if (!ok) problem = `${received - w.acks} process(es) did not confirm in ${ANNOUNCE_CONFIRM_MS} ms`;
      }
    } catch (err) {
      problem = `Redis refused it: ${String(err)}`;
    }
    if (problem) {
      // Whoever did not hear it stops trusting its cache by the deadline (its heartbeat is
      // silent too): wait for it, so that the answer still means "refused everywhere".
      await deadline;
      this.logger.warn({ event: 'session_end_unconfirmed' }, `the end of a session was not confirmed: ${problem}`);
    }
    clearTimeout(timer);
    this.waiting.delete(id);
  }

  private async listen(): Promise<void> {
    this.main = await this.redis.client();
    const sub = await this.redis.connect('sessions-ended');
    const off = (why: string) => {
      if (!this.cache.usable) return;
      this.cache.setUsable(false);
      this.logger.warn({ event: 'session_cache_off' }, `session cache off: ${why}`);
    };
    sub.on('error', () => off('the Redis subscription failed'));
    sub.on('end', () => off('the Redis subscription ended'));
    sub.on('reconnecting', () => off('the Redis subscription is reconnecting'));
    await sub.subscribe(this.channel, (raw) => this.received(raw));
    const beat = () => {
      if (this.cache.usable && this.cache.silentFor() > HEARTBEAT_SILENCE_MS) off('its heartbeat went silent');
      if (!sub.isReady || !this.main) return;
      const id = randomUUID();
      // Only the last few matter: a ping not heard back soon is as good as lost.
      if (this.pings.size > 16) this.pings.clear();
      this.pings.set(id, Date.now());
      const message: Message = { t: 'ping', id };
      this.main.publish(this.channel, JSON.stringify(message)).catch(() => undefined);
    };
    this.heartbeat = setInterval(beat, HEARTBEAT_MS);
    this.heartbeat.unref();
    beat();
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
    } else if (m.t === 'ping' && this.pings.has(m.id)) {
      // Everything published before this ping was sent has reached this process by now (Redis
      // keeps the order of one channel): the cache may be trusted — counted from the sending,
      // so that a ping held up in a hanging Redis does not vouch for the time it was held.
      const sentAt = this.pings.get(m.id)!;
      this.pings.delete(m.id);
      this.cache.heard(HEARTBEAT_SILENCE_MS, sentAt);
      if (!this.cache.usable && this.cache.silentFor() <= HEARTBEAT_SILENCE_MS) {
        this.cache.setUsable(true);
        this.logger.log({ event: 'session_cache_on' }, 'session cache on: revocations are heard from every process');
      }
    }
  }
}
