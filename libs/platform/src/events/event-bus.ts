import { Injectable, Logger } from '@nestjs/common';
import type { ServerEventName, ServerToClientEvents } from '@egov-box/contracts';

/** Who a domain event is for. The relay turns each into Socket.IO rooms. */
export interface Audience {
  users?: string[];
  /** Anyone watching a council session on `/public` or `/realtime`. */
  councilSessions?: string[];
  /** Anyone on `/realtime` watching these spaces (`room.watch`). */
  spaces?: string[];
  /** Everyone signed in. */
  everyone?: boolean;
}

export interface DomainEvent<E extends ServerEventName = ServerEventName> {
  kind: 'message';
  event: E;
  payload: Parameters<ServerToClientEvents[E]>[0];
  to: Audience;
  /** Also send on the public namespace (payload must then hold nothing private). */
  public?: boolean;
  /** What the public namespace gets instead of `payload` (e.g. without a closed-door item's debate). */
  publicPayload?: Parameters<ServerToClientEvents[E]>[0];
}

/** Ends sockets: on logout (a session) or when a user is disabled (all their sessions). */
export interface DisconnectEvent {
  kind: 'disconnect';
  users?: string[];
  sessions?: string[];
  reason: 'logout' | 'disabled' | 'revoked' | 'expired';
}

export type BusEvent = DomainEvent | DisconnectEvent;
type Listener = (e: BusEvent) => void | Promise<void>;

/**
 * Services publish what happened; they never touch sockets. The realtime relay (and
 * anything else interested) subscribes. In-process: delivery to other processes is the
 * Socket.IO adapter's job.
 */
@Injectable()
export class EventBus {
  private readonly logger = new Logger('EventBus');
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish<E extends ServerEventName>(
    event: E,
    payload: DomainEvent<E>['payload'],
    to: Audience,
    options: { public?: boolean; publicPayload?: DomainEvent<E>['payload'] } = {},
  ): void {
    this.emit({
      kind: 'message',
      event,
      payload,
      to,
      public: options.public,
      ...(options.publicPayload ? { publicPayload: options.publicPayload } : {}),
    } as DomainEvent);
  }

  disconnect(e: Omit<DisconnectEvent, 'kind'>): void {
    this.emit({ kind: 'disconnect', ...e });
  }

  private emit(e: BusEvent): void {
    for (const l of this.listeners) {
      try {
        const r = l(e);
        if (r instanceof Promise) r.catch((err: unknown) => this.logger.error({ err }, 'listener failed'));
      } catch (err) {
        this.logger.error({ err }, 'listener failed');
      }
    }
  }
}
