import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
} from '@nestjs/websockets';
import { CouncilWatchSchema, PUBLIC_NAMESPACE, REALTIME_NAMESPACE, type Ack } from '@egov-box/contracts';
import {
  EventBus,
  councilRoom,
  limitEventRate,
  type AuthUser,
  type BusEvent,
  type SocketData,
} from '@egov-box/platform';
import type { Namespace, Socket } from 'socket.io';
import { CouncilService } from './council.service.js';

/** Changes of a sitting that `council.sittings.updated` announces to every `/public` socket. */
const SITTINGS_CHANGES = new Set(['publish', 'open', 'pause', 'resume', 'close', 'edited']);

/** How many sessions one socket may watch at once. */
const MAX_WATCHED = 20;

/** `council.watch {sessionId}` / `council.unwatch {sessionId}` for either namespace. */
@Injectable()
export class CouncilWatch {
  private readonly logger = new Logger('CouncilWatch');

  constructor(private readonly council: CouncilService) {}

  async watch(socket: Socket, actor: AuthUser | null, payload: unknown): Promise<Ack> {
    const parsed = CouncilWatchSchema.safeParse(payload);
    if (!parsed.success) return { ok: false, code: 'validation_failed', message: 'sessionId must be a uuid' };
    try {
      if (!(await this.council.mayWatch(actor, parsed.data.sessionId)))
        return { ok: false, code: 'not_found', message: 'No such council session' };
      const watched = [...socket.rooms].filter((r) => r.startsWith('council:')).length;
      if (watched >= MAX_WATCHED) return { ok: false, code: 'too_many', message: 'Watching too many sessions' };
      await socket.join(councilRoom(parsed.data.sessionId));
      // The version now, read after joining (and only once allowed in): every later change
      // reaches this socket as an event, so a client whose copy is older (a page rendered a
      // moment ago, a reconnect) knows to fetch the snapshot even if no further event comes.
      return { ok: true, data: { version: await this.council.versionOf(parsed.data.sessionId) } };
    } catch (err) {
      this.logger.warn(`council.watch failed: ${String(err)}`);
      return { ok: false, code: 'service_unavailable', message: 'Try again shortly' };
    }
  }

  async unwatch(socket: Socket, payload: unknown): Promise<Ack> {
    const parsed = CouncilWatchSchema.safeParse(payload);
    if (!parsed.success) return { ok: false, code: 'validation_failed', message: 'sessionId must be a uuid' };
    await socket.leave(councilRoom(parsed.data.sessionId));
    return { ok: true };
  }
}

/** Members on `/realtime` (the platform gateway authenticates; its relay delivers). */
@WebSocketGateway({ namespace: REALTIME_NAMESPACE })
export class CouncilRealtimeGateway {
  constructor(private readonly watcher: CouncilWatch) {}

  @SubscribeMessage('council.watch')
  watch(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.watcher.watch(socket, (socket.data as SocketData).user, payload);
  }

  @SubscribeMessage('council.unwatch')
  unwatch(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.watcher.unwatch(socket, payload);
  }
}

/**
 * `/public`: anyone, no login, council sessions only. Delivers the events published with
 * `{ public: true }` to the sessions' rooms on this namespace (the platform relay only
 * serves `/realtime`); the Socket.IO adapter carries them to the other processes.
 */
@WebSocketGateway({ namespace: PUBLIC_NAMESPACE })
export class CouncilPublicGateway implements OnModuleInit, OnModuleDestroy, OnGatewayConnection {
  @WebSocketServer()
  namespace!: Namespace;

  /** Anonymous sockets get the same per-socket event rate limit as signed-in ones. */
  handleConnection(socket: Socket): void {
    limitEventRate(socket);
  }

  private unsubscribe?: () => void;

  constructor(
    private readonly watcher: CouncilWatch,
    private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe((e) => this.deliver(e));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  deliver(e: BusEvent): void {
    if (!this.namespace || e.kind !== 'message' || !e.public) return;
    // A closed-door sitting (ЗМСМА чл. 28, closed-door.ts): none of its changes reach `/public`.
    if (e.event === 'council.session.updated' && (e.payload as { closedDoor?: unknown }).closedDoor) return;
    const payload = e.publicPayload ?? e.payload;
    const rooms = (e.to.councilSessions ?? []).map(councilRoom);
    if (rooms.length) this.namespace.to(rooms).emit(e.event, payload as never);
    // A published sitting that starts, pauses, resumes, closes or moves: every public socket
    // hears it (the embeddable view follows whichever sitting is live without polling).
    if (e.event === 'council.session.updated' && SITTINGS_CHANGES.has((e.payload as { change?: string }).change ?? ''))
      this.namespace.emit('council.sittings.updated', payload as never);
  }

  @SubscribeMessage('council.watch')
  watch(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.watcher.watch(socket, null, payload);
  }

  @SubscribeMessage('council.unwatch')
  unwatch(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<Ack> {
    return this.watcher.unwatch(socket, payload);
  }
}
