// A client process holding many Socket.IO connections (forked by the bench, driven over IPC).
// Commands: connect, arm (wait for one matching event on every socket), close, memory.
import { io } from 'socket.io-client';

const hrNow = () => performance.timeOrigin + performance.now();
/** @type {import('socket.io-client').Socket[]} */
const sockets = [];
let armed;

function reply(id, data) {
  process.send({ id, ...data });
}

function get(obj, path) {
  return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

/** `match`: { 'a.b': value, ... } compared with ===; the key `$contains` looks for a string anywhere. */
function matches(payload, match) {
  return Object.entries(match).every(([path, value]) =>
    path === '$contains' ? JSON.stringify(payload).includes(value) : get(payload, path) === value,
  );
}

function openOne(opts, token) {
  const socket = io(opts.url + opts.namespace, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: token ? { token } : {},
    reconnection: false,
    forceNew: true,
    timeout: opts.timeoutMs,
    // engine.io-client hands this to the ws WebSocket: spreads sockets over loopback addresses.
    localAddress: opts.localAddress,
  });
  return new Promise((resolve) => {
    socket.once('connect', async () => {
      if (opts.afterConnect) {
        try {
          const ack = await socket
            .timeout(opts.timeoutMs)
            .emitWithAck(opts.afterConnect.event, opts.afterConnect.payload);
          if (ack && ack.ok === false) throw new Error(`${opts.afterConnect.event}: ${ack.code ?? 'refused'}`);
        } catch (err) {
          socket.close();
          return resolve(String(err.message ?? err));
        }
      }
      socket.on('disconnect', (reason) => {
        if (reason !== 'io client disconnect') dropped.push(reason);
      });
      sockets.push(socket);
      resolve(null);
    });
    socket.once('connect_error', (err) => {
      socket.close();
      resolve(String(err.message ?? err));
    });
  });
}

/** Disconnect reasons of sockets that the server (or the network) dropped. */
const dropped = [];

async function connect(id, opts) {
  const t0 = hrNow();
  const errors = {};
  let ok = 0;
  let next = 0;
  const lane = async () => {
    while (next < opts.count) {
      const i = next++;
      const err = await openOne(
        opts,
        opts.tokens.length ? opts.tokens[(opts.offset + i) % opts.tokens.length] : undefined,
      );
      if (err) errors[err] = (errors[err] ?? 0) + 1;
      else ok++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency, opts.count) }, lane));
  reply(id, { ok, failed: opts.count - ok, errors, ms: hrNow() - t0, held: sockets.length });
}

/** Records when each socket first sees `event` with a payload matching `match`. */
function arm(id, { event, match, timeoutMs }) {
  const times = [];
  let sample;
  const handlers = [];
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    for (const [s, h] of handlers) s.off(event, h);
    armed = undefined;
    reply(id, { times, expected: handlers.length, sample });
  };
  for (const s of sockets) {
    let seen = false;
    const h = (payload) => {
      if (seen || !matches(payload, match)) return;
      seen = true;
      times.push(hrNow());
      sample ??= payload;
      if (times.length === handlers.length) finish();
    };
    s.on(event, h);
    handlers.push([s, h]);
  }
  const timer = setTimeout(finish, timeoutMs);
  armed = { finish };
  process.send({ id: `${id}:armed` });
  if (!handlers.length) finish();
}

async function close(id) {
  armed?.finish();
  const n = sockets.length;
  for (const s of sockets.splice(0)) s.close();
  reply(id, { closed: n });
}

process.on('message', (msg) => {
  const { id, cmd } = msg;
  if (cmd === 'connect') void connect(id, msg);
  else if (cmd === 'arm') arm(id, msg);
  else if (cmd === 'close') void close(id);
  else if (cmd === 'status')
    reply(id, { held: sockets.length, dropped: dropped.length, rss: process.memoryUsage().rss });
  else if (cmd === 'exit') process.exit(0);
});
process.on('disconnect', () => process.exit(0));
