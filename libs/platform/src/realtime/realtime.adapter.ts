import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { createAdapter } from '@socket.io/redis-streams-adapter';
import type { IncomingMessage } from 'node:http';
import type { Server, ServerOptions } from 'socket.io';
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
