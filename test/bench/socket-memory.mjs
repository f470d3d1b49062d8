#!/usr/bin/env node
// What does one idle authenticated socket cost the server? A quick figure for trying a change
// (the bench's sockets suite is the recorded one): starts the built server on a fresh embedded
// database (or PostgreSQL + Redis with --db=pg), connects N authenticated /realtime sockets from
// client processes, and prints RSS and V8 heap per socket (after a warm-up cycle, as the bench).
// With --bare the bare Socket.IO baseline is measured the same way right after, in the same run.
// With --snapshot a heap snapshot of the server is taken with the sockets held and the heap's
// objects are grouped by constructor: the groups that grew by about a multiple of N are what
// each socket keeps.
//   node test/bench/socket-memory.mjs [--sockets=3000] [--clients=2] [--bare] [--snapshot] [--db=pg]
import { readFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Api, ROOT, freshDatabase, serverBuilt, startEgov } from './lib/egov.mjs';
import { SocketFleet } from './lib/fleet.mjs';
import { HeldGet } from './lib/held-get.mjs';
import { ServerProcess } from './lib/proc.mjs';
import { sleep } from './lib/stats.mjs';

const args = process.argv.slice(2);
const flag = (name, dflt) => {
  const a = args.find((x) => x === `--${name}` || x.startsWith(`--${name}=`));
  if (!a) return dflt;
  return a.includes('=') ? a.split('=')[1] : true;
};
const N = Number(flag('sockets', 3000));
const clients = Number(flag('clients', 2));
const SOCKETIO = fileURLToPath(new URL('./baseline/socketio-server.mjs', import.meta.url));

if (!serverBuilt()) {
  console.error('Run `npm run build:server` first.');
  process.exit(1);
}

async function measure(name, server, tokens, heapUsed, snapshotDir) {
  const fleet = new SocketFleet(clients);
  const opts = { url: server.url, namespace: '/realtime', tokens, concurrency: 50 };
  try {
    await fleet.connect(200, opts);
    await fleet.dropAll();
    await sleep(1500);
    const rss0 = server.rssBytes();
    const heap0 = await heapUsed();
    let before;
    if (snapshotDir) before = await snapshot(server, snapshotDir);
    const r = await fleet.connect(N, opts);
    await sleep(2000);
    const heaps = [];
    for (let i = 0; i < 3; i++) {
      heaps.push(await heapUsed());
      await sleep(250);
    }
    const rss = server.rssBytes() - rss0;
    const heap = Math.min(...heaps) - heap0;
    console.log(
      `${name}: ${fleet.held}/${N} sockets (${r.failed} failed), ${Math.round(r.ok / (r.ms / 1000))}/s; ` +
        `RSS ${(rss / fleet.held / 1024).toFixed(1)} KB/socket, heap ${(heap / fleet.held / 1024).toFixed(1)} KB/socket`,
    );
    if (snapshotDir) {
      const after = await snapshot(server, snapshotDir);
      compare(before, after, fleet.held);
    }
  } finally {
    await fleet.close();
  }
}

/** Takes a heap snapshot (SIGUSR2, --heapsnapshot-signal) and groups its nodes. */
async function snapshot(server, dir) {
  const known = new Set(readdirSync(dir));
  process.kill(server.pid, 'SIGUSR2');
  for (;;) {
    await sleep(500);
    const file = readdirSync(dir).find((f) => !known.has(f) && f.endsWith('.heapsnapshot'));
    if (!file) continue;
    // Written when its size stops changing.
    let size = -1;
    for (;;) {
      const s = readFileSync(join(dir, file)).length;
      if (s === size && s > 0) break;
      size = s;
      await sleep(1000);
    }
    try {
      return group(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    } catch {
      // still being written
    }
  }
}

function group(snap) {
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const nf = fields.length;
  const iType = fields.indexOf('type');
  const iName = fields.indexOf('name');
  const iSize = fields.indexOf('self_size');
  const out = new Map();
  const nodes = snap.nodes;
  for (let i = 0; i < nodes.length; i += nf) {
    const type = types[nodes[i + iType]];
    let name = snap.strings[nodes[i + iName]];
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string') name = '(string)';
    else if (type === 'code') name = '(code)';
    else if (type === 'number' || type === 'hidden') name = `(${type}) ${name.slice(0, 60)}`;
    else name = `${type}:${name.slice(0, 80)}`;
    const g = out.get(name) ?? { count: 0, size: 0 };
    g.count++;
    g.size += nodes[i + iSize];
    out.set(name, g);
  }
  return out;
}

function compare(before, after, n) {
  const rows = [];
  for (const [name, a] of after) {
    const b = before.get(name) ?? { count: 0, size: 0 };
    const dc = a.count - b.count;
    const ds = a.size - b.size;
    if (ds > n * 16) rows.push({ name, perSocketCount: dc / n, perSocketBytes: ds / n });
  }
  rows.sort((x, y) => y.perSocketBytes - x.perSocketBytes);
  const total = rows.reduce((s, r) => s + r.perSocketBytes, 0);
  console.log(`heap snapshot: ${(total / 1024).toFixed(1)} KB/socket in groups above 16 B/socket`);
  for (const r of rows.slice(0, 60))
    console.log(
      `  ${r.perSocketBytes.toFixed(0).padStart(6)} B  ×${r.perSocketCount.toFixed(2).padStart(6)}  ${r.name}`,
    );
}

const snapshotDir = flag('snapshot') ? join(ROOT, 'bench-results', `socket-heap-${Date.now()}`) : undefined;
if (snapshotDir) mkdirSync(snapshotDir, { recursive: true });
const nodeArgs = snapshotDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshotDir}`] : [];

const db = await freshDatabase(flag('db', 'embedded'));
const server = await startEgov(db, { nodeArgs });
try {
  const api = new Api(server.url);
  const councillors = Array.from({ length: 50 }, (_, i) => `councillor${String(i + 1).padStart(2, '0')}`);
  const [admin, ...rest] = await api.loginAll(['admin', ...councillors]);
  const metrics = new HeldGet(server.url, { authorization: `Bearer ${admin.token}` });
  await measure(
    'eGov Box',
    server,
    rest.map((c) => c.token),
    async () => {
      const m = /^egov_nodejs_heap_size_used_bytes(?:\{[^}]*\})? ([0-9.e+-]+)$/m.exec(
        await metrics.text('/api/metrics'),
      );
      return Number(m[1]);
    },
    snapshotDir,
  );
  metrics.close();
} finally {
  await server.stop();
  await db.drop?.();
}
if (flag('bare')) {
  const bare = await ServerProcess.start({
    script: SOCKETIO,
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1' },
    name: 'bare Socket.IO',
    nodeArgs,
  });
  const stats = new HeldGet(bare.url);
  try {
    await measure('bare Socket.IO', bare, [], async () => JSON.parse(await stats.text('/stats')).heapUsed, snapshotDir);
  } finally {
    stats.close();
    await bare.stop();
  }
}
process.exit(0);
