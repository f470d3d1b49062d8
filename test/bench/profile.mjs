#!/usr/bin/env node
// Where does a route spend its time? Starts the built server with --cpu-prof on a fresh
// embedded database (or PostgreSQL + Redis with --db=pg), signs in `--user`, drives
// `GET <path>` with autocannon from another process, stops the server and prints the
// functions and packages with the most self time. The .cpuprofile stays in bench-results/
// (open it in Chrome DevTools or speedscope).
//   node test/bench/profile.mjs /api/me [--user=servant01] [--duration=8] [--db=pg]
//   [--invited=1000: the clerk first books 1,000 meetings with the user invited, as the bench does]
// or, for the booking path (POST /api/halls/:id/bookings as the clerk, as in the bench):
//   node test/bench/profile.mjs --bookings=1000 [--concurrency=8] [--db=pg]
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Api, ROOT, freshDatabase, serverBuilt, startEgov } from './lib/egov.mjs';
import { runWorker } from './lib/run-worker.mjs';
import { bookingSlots } from './suites/bookings.mjs';

const args = process.argv.slice(2);
const path = args.find((a) => !a.startsWith('--')) ?? '/api/me';
const flag = (name, dflt) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
const bookings = Number(flag('bookings', 0));
if (!serverBuilt()) {
  console.error('Run `npm run build:server` first.');
  process.exit(1);
}
const dir = join(ROOT, 'bench-results', `profile-${Date.now()}`);
mkdirSync(dir, { recursive: true });
const db = await freshDatabase(flag('db', 'embedded'));
const server = await startEgov(db, {
  logLevel: flag('log-level', 'info'),
  nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
});
let loadMs;
let stopMs;
try {
  const api = new Api(server.url);
  const { token } = await api.login(flag('user', bookings ? 'clerk' : 'servant01'));
  const invited = Number(flag('invited', 0));
  if (invited && !bookings) {
    // As in the bench: the clerk books N meetings and invites the profiled user (not profiled).
    const clerk = await api.login('clerk');
    const me = await api.get('/api/me', token);
    const halls = await api.get('/api/halls', clerk.token);
    const { slots } = bookingSlots(
      invited,
      halls.body.map((h) => h.id),
    );
    await runWorker('http-load.mjs', {
      baseUrl: server.url,
      token: clerk.token,
      requests: slots.map((s, i) => ({
        method: 'POST',
        path: `/api/halls/${s.hallId}/bookings`,
        body: { title: `Invited ${i}`, startsAt: s.startsAt, endsAt: s.endsAt, inviteeIds: [me.body.id] },
      })),
      concurrency: 8,
    });
  }
  const loadStart = performance.now();
  if (bookings) {
    const halls = await api.get('/api/halls', token);
    const invitee = await api.login('servant01');
    const { slots } = bookingSlots(
      bookings,
      halls.body.map((h) => h.id),
    );
    const r = await runWorker('http-load.mjs', {
      baseUrl: server.url,
      token,
      requests: slots.map((s, i) => ({
        method: 'POST',
        path: `/api/halls/${s.hallId}/bookings`,
        body: { title: `Profile ${i}`, startsAt: s.startsAt, endsAt: s.endsAt, inviteeIds: [invitee.user.id] },
      })),
      concurrency: Number(flag('concurrency', 8)),
    });
    loadMs = performance.now() - loadStart;
    console.log(
      `${bookings} bookings: ${Math.round(bookings / (r.ms / 1000))}/s, statuses ${JSON.stringify(r.statuses)}`,
    );
  } else {
    const r = await runWorker('autocannon.mjs', {
      url: server.url + path,
      headers: { authorization: `Bearer ${token}` },
      connections: Number(flag('connections', 32)),
      duration: Number(flag('duration', 8)),
      warmupSeconds: 0,
    });
    loadMs = performance.now() - loadStart;
    console.log(`GET ${path}: ${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, non-2xx ${r.non2xx}`);
  }
} finally {
  const stopStart = performance.now();
  await server.stop();
  stopMs = performance.now() - stopStart;
  await db.drop();
}

const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile written in ${dir}`);
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'));
// Only the samples taken under load (not start-up, migrations and seeding, nor shutdown).
const from = profile.endTime - (loadMs + stopMs) * 1000;
const to = profile.endTime - stopMs * 1000;
const hits = new Map();
let at = profile.startTime;
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i];
  if (at >= from && at <= to) hits.set(id, (hits.get(id) ?? 0) + 1);
});
const interval = (profile.endTime - profile.startTime) / 1000 / profile.samples.length; // ms per sample
const byFn = new Map();
const byPkg = new Map();
let total = 0;
for (const node of profile.nodes) {
  const count = hits.get(node.id);
  if (!count) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const ms = count * interval;
  total += ms;
  const where = url.replace(/^file:\/\//, '').replace(ROOT, '');
  const key = `${functionName || '(anonymous)'}  ${where}:${lineNumber + 1}`;
  byFn.set(key, (byFn.get(key) ?? 0) + ms);
  const pkg =
    /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
    (url.includes('/dist/')
      ? `eGov Box (${where.split('/').slice(0, 2).join('/')})`
      : url
        ? 'node internals'
        : functionName);
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + ms);
}
const top = (m, n) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`)
    .join('\n');
console.log(`\nSelf time by package (${Math.round(total)} ms sampled):\n${top(byPkg, 20)}`);
console.log(`\nSelf time by function:\n${top(byFn, 30)}`);
console.log(`\nProfile: ${join(dir, file)}`);
