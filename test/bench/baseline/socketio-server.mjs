// Baseline: a bare Socket.IO 4 server (the version eGov Box runs on) with default options
// (no per-message compression), no authentication and no database.
// - Namespaces /realtime and /public; every socket joins the room `watchers`;
//   `council.watch {sessionId}` joins `council:<id>` and acknowledges.
// - Broadcast triggers: socket event `trigger {room, event, payload}` and HTTP
//   POST /broadcast {namespace, room, event, payload}.
// - GET /api/health (readiness), GET /stats (V8 heap in use, sockets).
// - With REDIS_URL (and REDIS_STREAM, the stream's name): the Redis Streams adapter, as eGov
//   Box uses it on several processes (its default options), so that two bare processes share
//   rooms and broadcasts; the stream is deleted on SIGTERM.
import { createServer } from 'node:http';
import { getHeapStatistics } from 'node:v8';
import { Server } from 'socket.io';

const http = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/api/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  } else if (req.method === 'GET' && req.url === '/stats') {
    // Not process.memoryUsage(): reading RSS opens /proc/self/stat and throws EMFILE when every
    // descriptor is taken (the bench reads RSS from /proc itself).
    const heapUsed = getHeapStatistics().used_heap_size;
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ heapUsed, sockets: io.engine.clientsCount }));
  } else if (req.method === 'POST' && req.url === '/broadcast') {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { namespace, room, event, payload } = JSON.parse(body);
      io.of(namespace).to(room).emit(event, payload);
      res.writeHead(204).end();
    });
  } else {
    res.writeHead(404).end();
  }
});

// The bench reads /stats over one held keep-alive connection (it must work when every file
// descriptor is taken by sockets); Node's default 5 s idle timeout would close it.
http.keepAliveTimeout = 600_000;

const io = new Server(http, { path: '/socket.io', serveClient: false });
let redis;
if (process.env.REDIS_URL) {
  const [{ createClient }, { createAdapter }] = await Promise.all([
    import('redis'),
    import('@socket.io/redis-streams-adapter'),
  ]);
  redis = createClient({ url: process.env.REDIS_URL });
  await redis.connect();
  io.adapter(createAdapter(redis, { streamName: process.env.REDIS_STREAM ?? 'bench-bare:socket.io' }));
}

for (const name of ['/realtime', '/public']) {
  const nsp = io.of(name);
  nsp.on('connection', (socket) => {
    void socket.join('watchers');
    socket.on('council.watch', (p, ack) => {
      void socket.join(`council:${p?.sessionId}`);
      if (typeof ack === 'function') ack({ ok: true });
    });
    socket.on('trigger', ({ room, event, payload }, ack) => {
      nsp.to(room).emit(event, payload);
      if (typeof ack === 'function') ack({ ok: true });
    });
  });
}

http.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  console.log(JSON.stringify({ ready: true, port: http.address().port }));
});
process.on('SIGTERM', async () => {
  io.close();
  if (redis) {
    await redis.del(process.env.REDIS_STREAM ?? 'bench-bare:socket.io').catch(() => undefined);
    await redis.quit().catch(() => undefined);
  }
  process.exit(0);
});
