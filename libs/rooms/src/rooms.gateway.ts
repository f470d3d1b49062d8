import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { MAX_WATCHED_ROOMS, REALTIME_NAMESPACE, RoomWatchSchema, type Ack } from '@egov-box/contracts';
import { spaceRoom, type SocketData } from '@egov-box/platform';
import type { Socket } from 'socket.io';
import { RoomsService } from './rooms.service.js';

/**
 * `room.watch {spaceIds}` / `room.unwatch {spaceIds}` on `/realtime` (signed-in sockets
 * only: the platform gateway checks the handshake). A watching socket gets the room's
 * `room.door.changed` and its owner's `presence.updated`. Personal rooms only, at most
 * MAX_WATCHED_ROOMS per socket; the client watches again after a reconnect.
 */
@WebSocketGateway({ namespace: REALTIME_NAMESPACE })
export class RoomsGateway {
  private readonly logger = new Logger('RoomWatch');

  constructor(private readonly rooms: RoomsService) {}

  @SubscribeMessage('room.watch')
  async watch(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<Ack> {
    const parsed = RoomWatchSchema.safeParse(payload);
    if (!parsed.success)
      return { ok: false, code: 'validation_failed', message: `spaceIds must be 1–${MAX_WATCHED_ROOMS} uuids` };
    const rooms = [...new Set(parsed.data.spaceIds.map(spaceRoom))];
    const watched = new Set([...socket.rooms].filter((r) => r.startsWith('space:')));
    if (new Set([...watched, ...rooms]).size > MAX_WATCHED_ROOMS)
      return { ok: false, code: 'too_many', message: `Watching more than ${MAX_WATCHED_ROOMS} rooms` };
    try {
      const actor = (socket.data as SocketData).user;
      if (!actor || !(await this.rooms.mayWatch(actor, parsed.data.spaceIds)))
        return { ok: false, code: 'not_found', message: 'No such personal room' };
      await socket.join(rooms);
      return { ok: true };
    } catch (err) {
      this.logger.warn(`room.watch failed: ${String(err)}`);
      return { ok: false, code: 'service_unavailable', message: 'Try again shortly' };
    }
  }

  @SubscribeMessage('room.unwatch')
  async unwatch(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<Ack> {
    const parsed = RoomWatchSchema.safeParse(payload);
    if (!parsed.success)
      return { ok: false, code: 'validation_failed', message: `spaceIds must be 1–${MAX_WATCHED_ROOMS} uuids` };
    for (const id of parsed.data.spaceIds) await socket.leave(spaceRoom(id));
    return { ok: true };
  }
}
