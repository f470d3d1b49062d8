// A client process whose sockets never sit still (the soak): each lane connects a socket
// (an authenticated /realtime one, or an anonymous /public one watching a council session),
// keeps it for a random while, closes it and connects the next, until told to stop.
// Commands: start, session (watch another), tokens (new access tokens), stop (answers with the counts).
import { io } from 'socket.io-client';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let running = false;
let opts;
const stats = { connects: 0, connectErrors: {}, serverDrops: {}, events: 0, watchFailures: 0 };
const open = new Set();

function count(map, key) {
  map[key] = (map[key] ?? 0) + 1;
}

async function oneSocket(lane, n) {
  const publicSocket = (lane + n) % 2 === 0;
  const token = opts.tokens[(lane * 7 + n) % opts.tokens.length];
  const socket = io(opts.url + (publicSocket ? '/public' : '/realtime'), {
    path: '/socket.io',
    transports: ['websocket'],
    auth: publicSocket ? {} : { token },
    reconnection: false,
    forceNew: true,
    timeout: 30_000,
    localAddress: opts.localAddress,
  });
  open.add(socket);
  let closedByUs = false;
  socket.onAny(() => stats.events++);
  socket.on('disconnect', (reason) => {
    // Ours are 'io client disconnect'; anything else the server or the network did.
    if (!closedByUs && running && reason !== 'io client disconnect') count(stats.serverDrops, reason);
  });
  const connected = await new Promise((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('connect_error', (err) => {
      count(stats.connectErrors, String(err.message ?? err).slice(0, 80));
      resolve(false);
    });
  });
  if (connected) {
    stats.connects++;
    if (publicSocket && opts.sessionId) {
      const ack = await socket
        .timeout(10_000)
        .emitWithAck('council.watch', { sessionId: opts.sessionId })
        .catch(() => ({ ok: false }));
      if (ack && ack.ok === false) stats.watchFailures++;
    }
    await sleep(opts.minLifeMs + Math.random() * (opts.maxLifeMs - opts.minLifeMs));
  }
  closedByUs = true;
  socket.close();
  open.delete(socket);
  if (!connected) await sleep(500);
}

async function lane(i) {
  for (let n = 0; running; n++) await oneSocket(i, n);
}

let lanes = [];
process.on('message', async (msg) => {
  if (msg.cmd === 'start') {
    opts = msg;
    running = true;
    lanes = Array.from({ length: opts.lanes }, (_, i) => lane(i));
    process.send({ id: msg.id });
  } else if (msg.cmd === 'session') {
    opts.sessionId = msg.sessionId;
    process.send({ id: msg.id });
  } else if (msg.cmd === 'tokens') {
    opts.tokens = msg.tokens;
    process.send({ id: msg.id });
  } else if (msg.cmd === 'stop') {
    running = false;
    for (const s of open) s.close();
    await Promise.race([Promise.all(lanes), sleep(30_000)]);
    process.send({ id: msg.id, ...stats, open: open.size });
  } else if (msg.cmd === 'exit') process.exit(0);
});
process.on('disconnect', () => process.exit(0));
