import { Logger } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { REALTIME_NAMESPACE } from '@egov-box/contracts';
import { EVERYONE_ROOM, sessionRoom, userRoom } from './rooms.js';
import { SocketAuth, type SocketData } from './socket-auth.js';

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
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger('Realtime');
  private readonly lifecycles: SocketLifecycle[] = [];

  @WebSocketServer()
  namespace!: Namespace;

  constructor(private readonly auth: SocketAuth) {}

  register(lifecycle: SocketLifecycle): void {
    this.lifecycles.push(lifecycle);
  }

  afterInit(namespace: Namespace): void {
    namespace.use((socket, next) => {
      this.auth.authenticate(socket).then(
        (user) => {
          if (!user) {
            const err = new Error('unauthenticated') as Error & { data?: unknown };
            err.data = { code: 'unauthenticated', message: 'A valid access token is required' };
            return next(err);
          }
          (socket.data as SocketData).user = user;
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
    // Keep memory per socket low: the handshake's request object is not needed later.
    (socket.request as unknown as { res?: unknown }).res = undefined;
    await socket.join([userRoom(user.id), sessionRoom(user.sessionId), EVERYONE_ROOM]);
    socket.on('disconnect', () => {
      for (const l of this.lifecycles) void Promise.resolve(l.disconnected(socket)).catch(() => undefined);
    });
    for (const l of this.lifecycles) await l.connected(socket);
  }
}
