import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EventBus, type BusEvent } from '../events/event-bus.js';
import { RealtimeGateway } from './realtime.gateway.js';
import { EVERYONE_ROOM, councilRoom, signInSessionRoom, spaceRoom, userRoom } from './rooms.js';

/**
 * The one place where domain events become socket messages. Rooms span every process
 * through the Socket.IO adapter, so a message published here reaches users wherever
 * their sockets are.
 */
@Injectable()
export class RealtimeRelay implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly gateway: RealtimeGateway,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe((e) => this.deliver(e));
  }

  deliver(e: BusEvent): void {
    const ns = this.gateway.namespace;
    if (!ns) return;
    if (e.kind === 'disconnect') {
      const rooms = [...(e.users ?? []).map(userRoom), ...(e.sessions ?? []).map(signInSessionRoom)];
      if (!rooms.length) return;
      ns.to(rooms).emit('session.ended', { reason: e.reason });
      // Not closing the transport lets the session.ended message arrive before the disconnect.
      ns.in(rooms).disconnectSockets(false);
      return;
    }
    const rooms = e.to.everyone
      ? [EVERYONE_ROOM]
      : [
          ...(e.to.users ?? []).map(userRoom),
          ...(e.to.councilSessions ?? []).map(councilRoom),
          ...(e.to.spaces ?? []).map(spaceRoom),
        ];
    if (rooms.length) ns.to(rooms).emit(e.event, e.payload as never);
  }
}
