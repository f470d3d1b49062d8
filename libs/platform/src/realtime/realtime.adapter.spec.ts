import { describe, expect, it, jest } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { INestApplicationContext } from '@nestjs/common';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { of } from 'rxjs';
import type { Socket } from 'socket.io';
import type { AppConfig } from '../config/app-config.js';
import { RealtimeAdapter } from './realtime.adapter.js';

/** A socket as far as the adapter's message binding touches it; what it is sent is recorded. */
class FakeSocket extends EventEmitter {
  connected = true;
  sent: unknown[][] = [];
}

/** Nest's contextCreator may hand back any value; its type says Promise | Observable. */
interface Handler {
  message: string;
  callback: (...args: never[]) => unknown;
  isAckHandledManually?: boolean;
}

function setup(handlers: Handler[]) {
  const adapter = new RealtimeAdapter({} as INestApplicationContext, {} as AppConfig);
  const socket = new FakeSocket();
  // Incoming events reach the listeners; the adapter's socket.emit(event, data) is recorded.
  const incoming = (event: string, ...args: unknown[]) => EventEmitter.prototype.emit.call(socket, event, ...args);
  socket.emit = ((event: string, ...args: unknown[]) => (socket.sent.push([event, ...args]), true)) as never;
  adapter.bindMessageHandlers(
    socket as unknown as Socket,
    handlers.map((h) => ({ isAckHandledManually: false, ...h }) as unknown as MessageMappingProperties),
    () => of(undefined),
  );
  return { adapter, socket, incoming };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('RealtimeAdapter message binding (Nest semantics without a pipeline per socket)', () => {
  it('passes the payload and acknowledges with the result, sync or async', async () => {
    const seen: unknown[] = [];
    const { incoming } = setup([
      { message: 'a', callback: (data: unknown) => (seen.push(data), { ok: true, data }) },
      { message: 'b', callback: async (data: unknown) => ({ ok: true, data }) },
    ]);
    const ackA = jest.fn();
    const ackB = jest.fn();
    incoming('a', { x: 1 }, ackA);
    incoming('b', 'y', ackB);
    await tick();
    expect(seen).toEqual([{ x: 1 }]);
    expect(ackA).toHaveBeenCalledWith({ ok: true, data: { x: 1 } });
    expect(ackB).toHaveBeenCalledWith({ ok: true, data: 'y' });
  });

  it('maps payloads as Nest does: none, ack only, several arguments', async () => {
    const seen: unknown[] = [];
    const { incoming } = setup([{ message: 'm', callback: (data: unknown) => void seen.push(data) }]);
    incoming('m');
    incoming('m', () => undefined);
    incoming('m', 1, 2, () => undefined);
    incoming('m', 1, 2);
    await tick();
    expect(seen).toEqual([undefined, undefined, [1, 2], [1, 2]]);
  });

  it('emits {event, data} results; no answer for nil results or a handler that acknowledges itself', async () => {
    const { socket, incoming } = setup([
      { message: 'e', callback: () => ({ event: 'reply', data: 42 }) },
      { message: 'n', callback: () => null },
      { message: 'self', callback: () => ({ ok: true }), isAckHandledManually: true },
    ]);
    const ack = jest.fn();
    incoming('e', {}, ack);
    incoming('n', {}, ack);
    incoming('self', {}, ack);
    await tick();
    expect(socket.sent).toEqual([['reply', 42]]);
    expect(ack).not.toHaveBeenCalled();
  });

  it('follows an observable result', async () => {
    const { incoming } = setup([{ message: 'o', callback: () => of({ ok: true }) }]);
    const ack = jest.fn();
    incoming('o', {}, ack);
    await tick();
    expect(ack).toHaveBeenCalledWith({ ok: true });
  });

  it('logs a throwing or rejecting handler and keeps listening', async () => {
    const { adapter, incoming } = setup([
      {
        message: 't',
        callback: () => {
          throw new Error('sync');
        },
      },
      { message: 'r', callback: () => Promise.reject(new Error('async')) },
      { message: 'ok', callback: () => ({ ok: true }) },
    ]);
    const logged = jest
      .spyOn((adapter as unknown as { log: { error: (e: unknown) => void } }).log, 'error')
      .mockImplementation(() => undefined);
    const ack = jest.fn();
    incoming('t', {}, ack);
    incoming('r', {}, ack);
    incoming('t', {}, ack);
    incoming('ok', {}, ack);
    await tick();
    expect(logged).toHaveBeenCalledTimes(3);
    expect(ack).toHaveBeenCalledTimes(1);
    expect(ack).toHaveBeenCalledWith({ ok: true });
  });

  it('sends nothing once the socket has disconnected', async () => {
    let release!: () => void;
    const { socket, incoming } = setup([
      { message: 'slow', callback: () => new Promise((r) => (release = () => r({ ok: true }))) },
    ]);
    const ack = jest.fn();
    incoming('slow', {}, ack);
    socket.connected = false;
    release();
    await tick();
    expect(ack).not.toHaveBeenCalled();
  });

  it('runs every handleDisconnect hook once, from one listener', () => {
    const adapter = new RealtimeAdapter({} as INestApplicationContext, {} as AppConfig);
    const socket = new EventEmitter();
    const a = jest.fn();
    const b = jest.fn();
    adapter.bindClientDisconnect(socket as unknown as Socket, a);
    adapter.bindClientDisconnect(socket as unknown as Socket, b);
    expect(socket.listenerCount('disconnect')).toBe(1);
    socket.emit('disconnect', 'transport close');
    socket.emit('disconnect', 'again');
    expect(a).toHaveBeenCalledTimes(1);
    expect(a).toHaveBeenCalledWith('transport close');
    expect(b).toHaveBeenCalledWith('transport close');
  });
});
