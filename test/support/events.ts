import type { Socket } from 'socket.io-client';
import type { ServerEventName, ServerToClientEvents } from '../../libs/contracts/src/index.js';

export type { ServerEventName };

/** The payload the server sends with `event` (libs/contracts/src/events.ts). */
export type EventPayload<E extends ServerEventName> = Parameters<ServerToClientEvents[E]>[0];

/** One event heard on a socket, its payload typed by its name (narrow on `event`). */
export type HeardEvent = { [E in ServerEventName]: { event: E; payload: EventPayload<E> } }[ServerEventName];

/**
 * Records every event `socket` hears into `into`. The name is the contract's: a socket of these
 * tests hears only the server's events, each with the payload its name declares.
 */
export function recordEvents(socket: Socket, into: HeardEvent[]): void {
  socket.onAny((event: string, payload: unknown) => into.push({ event, payload } as HeardEvent));
}

/** A payload's field by name, for checks that look at every kind of event at once. */
export function fieldOf(payload: unknown, key: string): unknown {
  return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[key] : undefined;
}

/** Resolves with the next `event` on the socket, its payload typed by the contract; rejects after `ms`. */
export function nextTyped<E extends ServerEventName>(socket: Socket, event: E, ms = 5000): Promise<EventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    socket.once(event as string, (payload: EventPayload<E>) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}
