import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { REALTIME_NAMESPACE, type Ack } from '@egov-box/contracts';
import { AppError, type SocketData } from '@egov-box/platform';
import type { Socket } from 'socket.io';
import { PresenceService } from './presence.service.js';

/**
 * Client→server presence events on `/realtime` (the platform gateway authenticates the
 * handshake; this one only handles messages). The return value is the acknowledgement.
 */
@WebSocketGateway({ namespace: REALTIME_NAMESPACE })
export class PresenceGateway {
  constructor(private readonly presence: PresenceService) {}

  @SubscribeMessage('presence.set')
  async set(@ConnectedSocket() socket: Socket, @MessageBody() payload: unknown): Promise<Ack> {
    const user = (socket.data as SocketData).user;
    try {
      return await this.presence.set(user, payload);
    } catch (err) {
      // A refusal says its own code; anything else is the store being away.
      if (err instanceof AppError) return { ok: false, code: err.code, message: err.message };
      return { ok: false, code: 'service_unavailable', message: 'Try again shortly' };
    }
  }
}
