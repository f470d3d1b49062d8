import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Ack, PresenceStatus, PresenceUpdated } from '@egov-box/contracts';
import { PresenceSetSchema } from '@egov-box/contracts';
import {
  AccessService,
  AppConfig,
  EventBus,
  RealtimeGateway,
  RedisService,
  type AuthUser,
  type SocketData,
} from '@egov-box/platform';
import type { Socket } from 'socket.io';
import { MemoryPresenceStore, type ChosenStatus, type PresenceStore } from './presence.store.js';
import { PresenceRepository } from './presence.repository.js';
import { RedisPresenceStore } from './redis-presence.store.js';

/**
 * What presence needs from the modules above it (rooms registers one): where people are
 * and who else should see a person's presence.
 */
export interface PresenceProvider {
  /** The space each user is in (per LiveKit), if any. */
  locate(userIds: string[]): Promise<Map<string, string>>;
  /** Who, besides the department, may see this user's presence (e.g. people inside their room). */
  watchers(userId: string): Promise<string[]>;
  /** Spaces whose watchers (`room.watch`) see this user's presence: their personal room. */
  watchedSpaces?(userId: string): Promise<string[]>;
}

/**
 * Who is online and where, across every process.
 *
 * Status: `offline` when the user has no socket on any process; otherwise the status they
 * chose with `presence.set` (away, busy, dnd), else `busy` while they are in a space
 * (a video room), else `online`. A chosen status is forgotten when the user goes offline.
 *
 * Audience of `presence.updated` (who may see a person): the user themself (other tabs),
 * every enabled colleague of the same department, everyone LiveKit reports inside the
 * user's personal room (those who "have the room open"), and every socket watching that room
 * (`room.watch`: its page or the people directory is open; anyone signed in may ask
 * `GET /api/presence` about anyone, so this shows nothing new, only sooner).
 */
@Injectable()
export class PresenceService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Presence');
  private store: PresenceStore = new MemoryPresenceStore();
  private provider?: PresenceProvider;
  private closing = false;

  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisService,
    private readonly bus: EventBus,
    private readonly gateway: RealtimeGateway,
    private readonly repo: PresenceRepository,
    private readonly access: AccessService,
  ) {}

  async onModuleInit(): Promise<void> {
    const client = await this.redis.client();
    if (client) {
      this.store = new RedisPresenceStore(client, this.config.presenceTtlSeconds * 1000, this.redis.prefix, (gone) => {
        for (const userId of gone) void this.wentOffline(userId);
      });
    }
    await this.store.start();
    this.gateway.register({
      connected: (socket) => this.connected(socket),
      disconnected: (socket) => this.disconnected(socket),
    });
  }

  async onModuleDestroy(): Promise<void> {
    // A deploy or restart must not mark everyone offline: this process's sockets are left to
    // expire, and their users reconnect elsewhere in the meantime.
    this.closing = true;
    await this.store.stop();
  }

  registerProvider(provider: PresenceProvider): void {
    this.provider = provider;
  }

  async connected(socket: Socket): Promise<void> {
    const user = (socket.data as SocketData).user;
    try {
      const first = await this.store.add(user.id, socket.id);
      await this.store.touch(user.id, new Date());
      if (first) await this.publish(user.id);
    } catch (err) {
      // Presence is best effort: a Redis hiccup must not refuse the socket.
      this.logger.warn(`presence of ${user.id} not recorded: ${String(err)}`);
    }
  }

  async disconnected(socket: Socket): Promise<void> {
    if (this.closing) return;
    const user = (socket.data as SocketData | undefined)?.user;
    if (!user) return;
    try {
      const last = await this.store.remove(user.id, socket.id);
      if (last) await this.wentOffline(user.id);
    } catch (err) {
      this.logger.warn(`disconnect of ${user.id} not recorded: ${String(err)}`);
    }
  }

  /** `presence.set {status}` from a socket: the actor's own presence, validated, acknowledged. */
  async set(actor: AuthUser, payload: unknown): Promise<Ack> {
    await this.access.requireAccess(actor, 'presence.setOwn');
    const userId = actor.id;
    const parsed = PresenceSetSchema.safeParse(payload);
    if (!parsed.success) {
      return { ok: false, code: 'validation_failed', message: 'status must be one of online, away, busy, dnd' };
    }
    const status = parsed.data.status as ChosenStatus;
    await this.store.setStatus(userId, status === 'online' ? null : status);
    await this.store.touch(userId, new Date());
    const view = await this.publish(userId);
    return { ok: true, data: view };
  }

  /** Something changed about a user (e.g. they entered or left a room): tell those who see them. */
  async changed(userId: string): Promise<void> {
    await this.publish(userId);
  }

  /** `GET /api/presence`: any signed-in colleague's presence (`people.read`). */
  async read(actor: AuthUser, userIds: string[]): Promise<PresenceUpdated[]> {
    await this.access.requireAccess(actor, 'people.read');
    return this.snapshot(userIds);
  }

  /** The presence of these users, as seen from any process (for other modules). */
  async snapshot(userIds: string[]): Promise<PresenceUpdated[]> {
    const ids = [...new Set(userIds)];
    const [online, chosen, seen, where] = await Promise.all([
      this.store.online(ids),
      this.store.statuses(ids),
      this.store.lastSeen(ids),
      this.provider ? this.provider.locate(ids) : Promise.resolve(new Map<string, string>()),
    ]);
    const now = new Date().toISOString();
    return ids.map((id) => {
      const spaceId = where.get(id) ?? null;
      let status: PresenceStatus;
      if (!online.has(id)) status = 'offline';
      else status = chosen.get(id) ?? (spaceId ? 'busy' : 'online');
      return { userId: id, status, spaceId, lastSeenAt: online.has(id) ? now : (seen.get(id) ?? now) };
    });
  }

  /** Who may see this user's presence (see the class comment). */
  async audience(userId: string): Promise<string[]> {
    const [department, watchers] = await Promise.all([
      this.repo.departmentColleagues(userId),
      this.provider ? this.provider.watchers(userId) : Promise.resolve([]),
    ]);
    return [...new Set([userId, ...department, ...watchers])];
  }

  private async wentOffline(userId: string): Promise<void> {
    try {
      // Not a plain clear: by now the user may be back on another process with a new choice.
      await this.store.forgetStatusIfOffline(userId);
      await this.store.touch(userId, new Date());
      await this.publish(userId);
    } catch (err) {
      this.logger.warn(`offline of ${userId} not published: ${String(err)}`);
    }
  }

  private async publish(userId: string): Promise<PresenceUpdated> {
    const [view] = await this.snapshot([userId]);
    const [users, spaces] = await Promise.all([
      this.audience(userId),
      this.provider?.watchedSpaces ? this.provider.watchedSpaces(userId) : Promise.resolve([]),
    ]);
    this.bus.publish('presence.updated', view!, { users, spaces });
    return view!;
  }
}
