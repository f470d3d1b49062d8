import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { createAdapter } from '@socket.io/redis-streams-adapter';
import type { IncomingMessage } from 'node:http';
import { isObservable, type Observable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';
import { SOCKET_PATH } from '@egov-box/contracts';
import { AppConfig } from '../config/app-config.js';
import { RedisService } from '../redis/redis.service.js';

/** `MessageType.BROADCAST` of socket.io-adapter's cluster adapter (not exported). */
const CLUSTER_BROADCAST = 3;

interface BroadcastOptions {
  rooms: Set<string>;
  except: Set<string>;
  flags?: { local?: boolean } & Record<string, unknown>;
}

/** The parts of socket.io-adapter's ClusterAdapter that the wrapper below touches. */
interface ClusterAdapterInternals {
  doPublish(...a: unknown[]): Promise<unknown>;
  doPublishResponse(...a: unknown[]): Promise<unknown>;
  broadcast(packet: unknown, opts: BroadcastOptions): unknown;
  publish(message: unknown): void;
}

const DISCONNECT_HOOKS = Symbol('disconnectHooks');

/** Shared by every socket (EventEmitter calls a listener with the socket as `this`). */
function runDisconnectHooks(this: Socket & { [DISCONNECT_HOOKS]?: ((reason: unknown) => void)[] }, reason: unknown) {
  for (const hook of this[DISCONNECT_HOOKS] ?? []) hook(reason);
}

/** Largest client→server message; larger ones close the socket. */
export const MAX_SOCKET_PAYLOAD_BYTES = 16 * 1024;

/**
 * Socket.IO for the whole process: the contract's path, tuned options, the Origin check,
 * and the Redis Streams adapter when REDIS_URL is set (in-memory otherwise).
 */
export class RealtimeAdapter extends IoAdapter {
  private readonly log = new Logger('Realtime');
  private adapterFactory?: ReturnType<typeof createAdapter>;

  constructor(
    private readonly appContext: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(appContext);
  }

  /** Connects the Redis adapter before the gateways are created. */
  async connectRedis(): Promise<void> {
    const redis = this.appContext.get(RedisService);
    if (!redis.enabled) return;
    const [client, { createAdapter }] = await Promise.all([
      redis.connect('socket.io-adapter'),
      import('@socket.io/redis-streams-adapter'),
    ]);
    const factory = createAdapter(client as never, { streamName: `${redis.prefix}socket.io` });
    // While Redis is unreachable, publishing to the stream fails at once instead of waiting
    // for the reconnect: the adapter then still delivers to this process's own sockets at
    // once (it publishes first, then emits locally). The stream readers keep waiting.
    // (A plain function: Socket.IO calls the adapter factory with `new`.)
    this.adapterFactory = function failFastAdapter(nsp: Parameters<typeof factory>[0]) {
      const adapter = factory(nsp) as unknown as ClusterAdapterInternals;
      for (const method of ['doPublish', 'doPublishResponse'] as const) {
        const original = adapter[method].bind(adapter);
        adapter[method] = (...args: unknown[]) =>
          client.isReady ? original(...args) : Promise.reject(new Error('Redis is unreachable'));
      }
      // The cluster adapter awaits the XADD of a broadcast before it delivers to this
      // process's own sockets, so every local delivery waited on a Redis round trip (longer
      // when Redis is busy). Without connection state recovery no stream offset rides on the
      // packet: deliver here at once, then publish for the other processes.
      const broadcast = adapter.broadcast.bind(adapter);
      adapter.broadcast = (packet, opts) => {
        if (opts.flags?.local) return broadcast(packet, opts);
        const message = {
          type: CLUSTER_BROADCAST,
          data: { packet, opts: { rooms: [...opts.rooms], except: [...opts.except], flags: opts.flags } },
        };
        const local = broadcast(packet, { ...opts, flags: { ...opts.flags, local: true } });
        adapter.publish(message);
        return local;
      };
      return adapter;
    } as unknown as ReturnType<typeof createAdapter>;
    this.log.log('Socket.IO uses the Redis Streams adapter');
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      path: SOCKET_PATH,
      serveClient: false,
      perMessageDeflate: false,
      httpCompression: false,
      maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
      pingInterval: 25_000,
      pingTimeout: 20_000,
      cleanupEmptyChildNamespaces: true,
      cors: this.config.corsOrigins.length ? { origin: this.config.corsOrigins, credentials: true } : undefined,
      allowRequest: (req, callback) => callback(null, this.originAllowed(req)),
    } as ServerOptions) as Server;
    if (this.adapterFactory) server.adapter(this.adapterFactory);
    // Memory per socket: the HTTP request of the handshake is not needed once the engine
    // connection exists (Socket.IO's memory guide). The Origin check (allowRequest) and
    // Socket.IO's own handshake copy (its headers become {}) are done by then; the socket's
    // address is kept by the engine. Nothing in eGov Box reads socket.request.
    server.engine.on('connection', (raw: { request?: unknown }) => {
      raw.request = null;
    });
    return server;
  }

  /**
   * Memory per socket: Nest's IoAdapter gives every socket, for every message a gateway
   * handles, an RxJS pipeline (fromEvent → mergeMap → takeUntil(disconnect$), a shared
   * disconnect stream, subscribers and their closures): about 20 KB of heap per `/realtime`
   * socket for its 5 messages, held for the socket's whole life. Here each message is one plain
   * listener that runs the same handler (Nest's guards, pipes and exception filters are inside
   * `callback`) and answers as Nest does: a result `{event, data}` is emitted, any other
   * non-nil result is the acknowledgement (unless the handler acknowledges itself); a promise or
   * an observable result is awaited or followed; an error is logged. Nothing is sent after the
   * socket disconnected (Nest's takeUntil).
   */
  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageMappingProperties[],
    _transform: (data: unknown) => Observable<unknown>,
  ): void {
    for (const handler of handlers) {
      socket.on(handler.message as string, (...payload: unknown[]) => this.runHandler(socket, handler, payload));
    }
  }

  private runHandler(socket: Socket, handler: MessageMappingProperties, payload: unknown[]): void {
    const last = payload[payload.length - 1];
    const ack = typeof last === 'function' ? (last as (response: unknown) => void) : undefined;
    const args = ack ? payload.slice(0, -1) : payload;
    const data = args.length === 0 ? undefined : args.length === 1 ? args[0] : args;
    const respond = (response: unknown) => {
      if (response === null || response === undefined || !socket.connected) return;
      const r = response as { event?: string; data?: unknown };
      if (r.event) {
        socket.emit(r.event, r.data);
        return;
      }
      if (!handler.isAckHandledManually && ack) ack(response);
    };
    const fail = (err: unknown) => this.log.error(err);
    try {
      Promise.resolve((handler.callback as (data: unknown, ack: unknown) => unknown)(data, ack)).then((result) => {
        if (isObservable(result)) result.subscribe({ next: respond, error: fail });
        else respond(result);
      }, fail);
    } catch (err) {
      fail(err);
    }
  }

  /** Nest's `handleDisconnect` hooks: one listener per socket instead of a `once` wrapper per gateway. */
  override bindClientDisconnect(client: Socket, callback: (reason: unknown) => void): void {
    const holder = client as Socket & { [DISCONNECT_HOOKS]?: ((reason: unknown) => void)[] };
    const hooks = holder[DISCONNECT_HOOKS];
    if (hooks) {
      hooks.push(callback);
      return;
    }
    holder[DISCONNECT_HOOKS] = [callback];
    client.once('disconnect', runDisconnectHooks);
  }

  /** Browsers send Origin: it must be this site or a configured origin. */
  originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (!origin) return true;
    if (this.config.corsOrigins.includes(origin)) return true;
    try {
      const forwarded = this.config.trustProxy ? req.headers['x-forwarded-host'] : undefined;
      const host = (Array.isArray(forwarded) ? forwarded[0] : forwarded) ?? req.headers.host;
      return new URL(origin).host === host;
    } catch {
      return false;
    }
  }
}
