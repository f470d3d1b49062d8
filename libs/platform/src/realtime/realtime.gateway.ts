import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { REALTIME_NAMESPACE } from '@egov-box/contracts';
import { SignInSessionCheck } from '../auth/auth-user.js';
import { AppConfig } from '../config/app-config.js';
import { EVERYONE_ROOM, signInSessionRoom, userRoom } from './rooms.js';
import { SocketAuth, type SocketData } from './socket-auth.js';

/** Client→server events a socket may send per second (a burst of twice that is allowed). */
export const SOCKET_EVENTS_PER_SECOND = 10;

/**
 * A token bucket per socket: past the limit an event is dropped and acknowledged with
 * `{ ok: false, code: 'too_many_requests' }` — the code an HTTP route's rate limit answers with
 * (one word for one thing); a socket that keeps flooding is disconnected.
 */
export function limitEventRate(socket: Socket, perSecond = SOCKET_EVENTS_PER_SECOND): void {
  const capacity = perSecond * 2;
  let tokens = capacity;
  let last = Date.now();
  let refused = 0;
  socket.use((packet, next) => {
    const now = Date.now();
    tokens = Math.min(capacity, tokens + ((now - last) / 1000) * perSecond);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      refused = 0;
      return next();
    }
    refused += 1;
    if (refused > capacity * 5) socket.disconnect(true);
    const ack = packet[packet.length - 1];
    if (typeof ack === 'function') ack({ ok: false, code: 'too_many_requests', message: 'Too many events; slow down' });
  });
}

/** Hooks other modules register to learn about signed-in sockets (presence). */
export interface SocketLifecycle {
  connected(socket: Socket): void | Promise<void>;
  disconnected(socket: Socket): void | Promise<void>;
}

/**
 * `/realtime`: signed-in users only. The handshake is checked by middleware, so an
 * unauthenticated socket never connects; each socket joins its user's and its session's room.
 */
@WebSocketGateway({ namespace: REALTIME_NAMESPACE })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger('Realtime');
  private readonly lifecycles: SocketLifecycle[] = [];
  private sweeper?: NodeJS.Timeout;
  private sweeping = false;

  @WebSocketServer()
  namespace!: Namespace;

  constructor(
    private readonly auth: SocketAuth,
    private readonly signInSessions: SignInSessionCheck,
    private readonly config: AppConfig,
  ) {}

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  /**
   * Drops this process's sockets whose session has ended without an event saying so: it
   * timed out (idle, or at its hard limit), or a logout/disable on another process was not
   * heard while Redis was away. The handshake alone would let such a socket listen forever.
   * One query per sweep; when the database does not answer, nobody is dropped.
   */
  async sweep(): Promise<number> {
    if (this.sweeping || !this.namespace) return 0;
    this.sweeping = true;
    try {
      const sockets = [...this.namespace.sockets.values()];
      const ids = [...new Set(sockets.map((x) => (x.data as SocketData).user?.signInSessionId).filter(Boolean))];
      if (!ids.length) return 0;
      const alive = await this.signInSessions.activeSignInSessions(ids);
      let dropped = 0;
      for (const socket of sockets) {
        const signInSessionId = (socket.data as SocketData).user?.signInSessionId;
        if (!signInSessionId || alive.has(signInSessionId) || !socket.connected) continue;
        socket.emit('session.ended', { reason: 'expired' });
        socket.disconnect(false);
        dropped++;
      }
      return dropped;
    } catch (err) {
      this.logger.warn(`session sweep failed: ${String(err)}`);
      return 0;
    } finally {
      this.sweeping = false;
    }
  }

  register(lifecycle: SocketLifecycle): void {
    this.lifecycles.push(lifecycle);
  }

  afterInit(namespace: Namespace): void {
    this.sweeper = setInterval(() => void this.sweep(), this.config.signInSessionSweepSeconds * 1000);
    this.sweeper.unref();
    namespace.use((socket, next) => {
      this.auth.authenticate(socket).then(
        (user) => {
          if (!user) {
            const err = new Error('unauthenticated') as Error & { data?: unknown };
            err.data = { code: 'unauthenticated', message: 'A valid access token is required' };
            return next(err);
          }
          (socket.data as SocketData).user = user;
          // The access token is not needed once checked (the session sweep and the bus's
          // session.ended work from the session id): not kept in memory for the socket's life.
          socket.handshake.auth = {};
          next();
        },
        (err: unknown) => {
          this.logger.warn(`handshake check failed: ${String(err)}`);
          const e = new Error('unavailable') as Error & { data?: unknown };
          e.data = { code: 'service_unavailable', message: 'Try again shortly' };
          next(e);
        },
      );
    });
  }

  async handleConnection(socket: Socket): Promise<void> {
    const user = (socket.data as SocketData).user;
    // Keep memory per socket low: the handshake's request object is not needed later (the
    // adapter drops it as soon as the engine connection exists; this is for any left).
    const request = socket.request as unknown as { res?: unknown } | null;
    if (request) request.res = undefined;
    limitEventRate(socket);
    await socket.join([userRoom(user.id), signInSessionRoom(user.signInSessionId), EVERYONE_ROOM]);
    socket.on('disconnect', () => {
      for (const l of this.lifecycles) void Promise.resolve(l.disconnected(socket)).catch(() => undefined);
    });
    for (const l of this.lifecycles) await l.connected(socket);
  }
}
