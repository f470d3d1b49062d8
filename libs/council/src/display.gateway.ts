import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import { DISPLAY_NAMESPACE } from '@egov-box/contracts';
import { EventBus, limitEventRate, type BusEvent } from '@egov-box/platform';
import type { Namespace, Socket } from 'socket.io';
import { CouncilDisplayService, type DisplayGrant } from './display.service.js';

const screenRoom = (sittingId: string) => `display:${sittingId}`;
const tokenRoom = (tokenId: string) => `display-token:${tokenId}`;

/** How long changes of one sitting are gathered into one `display.state` (a vote's ballots come in bursts). */
const GATHER_MS = 100;

/**
 * `/display`: the chamber's screen (issue 15, part 7). The handshake carries a display token
 * (`auth: { token }`, never the address): unknown or revoked → refused (`unauthenticated`).
 * The socket joins its sitting's screen room and gets `display.state` at once and after every
 * change of the sitting (from the process where the change happened; the Socket.IO adapter
 * carries it to the others). Read-only, deny by default: the namespace subscribes to no
 * client event, and any event sent with an acknowledgement gets `forbidden`. Revoking the
 * token disconnects its screens.
 */
@Injectable()
@WebSocketGateway({ namespace: DISPLAY_NAMESPACE })
export class CouncilDisplayGateway implements OnGatewayInit, OnGatewayConnection, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('CouncilDisplay');
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private unsubscribe?: () => void;

  @WebSocketServer()
  namespace!: Namespace;

  constructor(
    private readonly display: CouncilDisplayService,
    private readonly bus: EventBus,
  ) {}

  afterInit(namespace: Namespace): void {
    namespace.use((socket, next) => {
      const auth = socket.handshake.auth as { token?: unknown } | undefined;
      this.display
        .resolve(auth?.token)
        .then((grant) => {
          if (!grant) return next(new Error('unauthenticated'));
          (socket.data as { display?: DisplayGrant }).display = grant;
          next();
        })
        .catch((err: unknown) => {
          this.logger.warn(`display handshake failed: ${String(err)}`);
          next(new Error('service_unavailable'));
        });
    });
  }

  async handleConnection(socket: Socket): Promise<void> {
    limitEventRate(socket);
    socket.onAny((...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack === 'function') ack({ ok: false, code: 'forbidden', message: 'The screen only listens' });
    });
    const grant = (socket.data as { display?: DisplayGrant }).display;
    if (!grant) return void socket.disconnect(true);
    socket.once('disconnect', () => clearTimeout((socket.data as { codeTimer?: NodeJS.Timeout }).codeTimer));
    await socket.join([screenRoom(grant.sessionId), tokenRoom(grant.tokenId)]);
    await this.sendTo(socket, grant.sessionId);
  }

  /**
   * The state to one screen; while it shows a check-in code, again when that code expires (the
   * code changes every 30 seconds with no event of the sitting), until the screen disconnects.
   */
  private async sendTo(socket: Socket, sittingId: string): Promise<void> {
    if (socket.disconnected) return;
    try {
      const state = await this.display.state(sittingId);
      socket.emit('display.state', state);
      if (!state.checkIn) return;
      const data = socket.data as { codeTimer?: NodeJS.Timeout };
      clearTimeout(data.codeTimer);
      data.codeTimer = setTimeout(
        () => void this.sendTo(socket, sittingId),
        Math.max(50, Date.parse(state.checkIn.expiresAt) - Date.now() + 50),
      );
      data.codeTimer.unref();
    } catch (err) {
      this.logger.warn(`display state not sent: ${String(err)}`);
    }
  }

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe((e) => this.changed(e));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }

  /** Ends the screens opened with a revoked token (on every process, through the adapter). */
  disconnectToken(tokenId: string): void {
    this.namespace?.in(tokenRoom(tokenId)).disconnectSockets(true);
  }

  /** A change of a sitting (any council event to its watchers): its screens get the new state. */
  private changed(e: BusEvent): void {
    if (e.kind !== 'message' || !e.event.startsWith('council.')) return;
    for (const sittingId of e.to.councilSessions ?? []) {
      if (this.pending.has(sittingId)) continue;
      const timer = setTimeout(() => {
        this.pending.delete(sittingId);
        void this.push(sittingId);
      }, GATHER_MS);
      timer.unref();
      this.pending.set(sittingId, timer);
    }
  }

  private async push(sittingId: string): Promise<void> {
    try {
      if (!this.namespace || !(await this.display.hasScreens(sittingId))) return;
      this.namespace.to(screenRoom(sittingId)).emit('display.state', await this.display.state(sittingId));
    } catch (err) {
      this.logger.warn(`display state not sent: ${String(err)}`);
    }
  }
}
