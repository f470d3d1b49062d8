import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { IncomingMessage } from 'node:http';
import type { Server, ServerOptions } from 'socket.io';
import { SOCKET_PATH } from '@egov-box/contracts';
import { AppConfig } from '../config/app-config.js';
import { RedisService } from '../redis/redis.service.js';

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
    const client = await redis.connect('socket.io-adapter');
    this.adapterFactory = createAdapter(client as never, { streamName: `${redis.prefix}socket.io` });
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
      cors: this.config.corsOrigins.length ? { origin: this.config.corsOrigins, credentials: true } : undefined,
      allowRequest: (req, callback) => callback(null, this.originAllowed(req)),
    } as ServerOptions) as Server;
    if (this.adapterFactory) server.adapter(this.adapterFactory);
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
