#!/usr/bin/env node
// `npm run bench`: measures the built eGov Box beside bare baselines, in one run, and prints a
// Markdown table (saved with the raw figures as JSON under bench-results/). See
// docs/performance.md. Never part of `npm test`.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Api, ROOT, SERVER_ENTRY, freshDatabase, serverBuilt, startEgov } from './lib/egov.mjs';
import { machineMarkdown, markdown } from './lib/report.mjs';
import { bookings } from './suites/bookings.mjs';
import { coldStart } from './suites/cold-start.mjs';
import { council } from './suites/council.mjs';
import { http } from './suites/http.mjs';
import { sitting } from './suites/sitting.mjs';
import { soak } from './suites/soak.mjs';
import { sockets } from './suites/sockets.mjs';
import { video } from './suites/video.mjs';

const HELP = `npm run bench -- [options]
  --quick              small sizes (a minute or two; for development)
  --only=a,b           suites: cold, bookings, http, council, sockets, video (default: all; video needs the
                       LiveKit server built by test/support/livekit/install.sh), and sitting (never by
                       default: 20,000 /public sockets on two processes behind Redis, 3–5 minutes; --db=pg)
  --db=embedded|pg|both  default: embedded, and PostgreSQL + Redis too when DATABASE_URL and REDIS_URL are set
  --build              run \`npm run build:server\` first (otherwise the existing build is measured)
  --log-level=LEVEL    server LOG_LEVEL (default info, as deployed: every request is logged)
  --duration=S         seconds per autocannon run (default 10; quick 3)
  --connections=N      autocannon connections (default 32)
  --steps=A,B,…        idle socket steps (default 1000,5000,10000,20000)
  --clients=N          socket client processes (default 4, on 127.0.0.2 …)
  --sitting=N          sockets of the public-sitting suite (--only=sitting, PostgreSQL + Redis; default 20000)
  --budget=S           seconds the whole run may take (default 570); socket steps that would not fit are skipped and reported
  --soak[=MIN]         the soak instead of the figures (or with --only=…,soak): MIN minutes (default 10, or
                       SOAK_MINUTES) of sockets reconnecting all the time while the clerk books and the council
                       votes; memory over time, and no booking or ballot lost or duplicated
  --soak-sockets=N     sockets churning at any moment in the soak (default 100)
  --soak-rate=R        bookings per second in the soak (default 10)`;

function parseArgs(argv) {
  const flags = {};
  for (const a of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unknown argument ${a}\n${HELP}`);
    flags[m[1]] = m[2] ?? true;
  }
  if (flags.help) {
    console.log(HELP);
    process.exit(0);
  }
  const quick = Boolean(flags.quick);
  const list = (v) =>
    String(v)
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const nums = (v) => list(v).map(Number);
  const both = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
  const db = flags.db ?? (both ? 'both' : 'embedded');
  if (db !== 'embedded' && !both) throw new Error('--db=pg needs DATABASE_URL and REDIS_URL');
  // The soak is chosen with --soak[=minutes] or SOAK_MINUTES; it is never part of the default run.
  const soakMinutes =
    flags.soak !== undefined
      ? Number(flags.soak === true ? (process.env.SOAK_MINUTES ?? 10) : flags.soak)
      : Number(process.env.SOAK_MINUTES ?? 0);
  if (!(soakMinutes >= 0)) throw new Error(`--soak: minutes must be a number\n${HELP}`);
  const opts = {
    quick,
    build: Boolean(flags.build),
    suites: new Set(
      flags.only
        ? list(flags.only)
        : soakMinutes
          ? ['soak']
          : ['cold', 'bookings', 'http', 'council', 'sockets', 'video'],
    ),
    soakMinutes: soakMinutes || 10,
    soakSockets: Number(flags['soak-sockets'] ?? 100),
    soakBookingRate: Number(flags['soak-rate'] ?? 10),
    soakVotePauseMs: 2000,
    dbs: db === 'both' ? ['embedded', 'pg'] : [db],
    logLevel: flags['log-level'] ?? 'info',
    coldRuns: quick ? 1 : 3,
    duration: Number(flags.duration ?? (quick ? 3 : 10)),
    warmup: quick ? 1 : 2,
    connections: Number(flags.connections ?? 32),
    meetings: quick ? 200 : 1000,
    bookingConcurrency: 8,
    stormSize: 200,
    steps: flags.steps ? nums(flags.steps) : quick ? [500, 1000] : [1000, 5000, 10_000, 20_000],
    fanoutSizes: quick ? [200, 1000] : [1000, 5000],
    fanoutRounds: quick ? 2 : 5,
    clientProcesses: Number(flags.clients ?? 4),
    sittingSockets: Number(flags.sitting ?? (quick ? 2000 : 20_000)),
    connectConcurrency: 50,
    budgetSeconds: Number(flags.budget ?? 570),
  };
  opts.fanoutSizes = opts.fanoutSizes.filter((s) => opts.steps.includes(s));
  return opts;
}

/** Raises the soft open-files limit to the hard one by re-running under `ulimit -n`. */
function ensureFileLimit() {
  if (process.env.EGOV_BENCH_ULIMIT) return;
  const sh = (cmd) => execFileSync('/bin/sh', ['-c', cmd], { encoding: 'utf8' }).trim();
  const soft = sh('ulimit -Sn');
  const hard = sh('ulimit -Hn');
  if (soft === hard || soft === 'unlimited') return;
  const want = hard === 'unlimited' ? '1048576' : hard;
  const quoted = [process.execPath, ...process.argv.slice(1)].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const child = spawn('/bin/sh', ['-c', `ulimit -n ${want} && exec ${quoted}`], {
    stdio: 'inherit',
    env: { ...process.env, EGOV_BENCH_ULIMIT: want },
  });
  child.on('exit', (code) => process.exit(code ?? 1));
  return true;
}

function newestSource(dir, newest = 0) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = newestSource(p, newest);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
      newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function machine(command) {
  const git = (args) => {
    try {
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: os.totalmem() / 1024 ** 3,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    fdLimit: execFileSync('/bin/sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim(),
    loadStart: os.loadavg(),
    commit: git(['rev-parse', '--short', 'HEAD']) || process.env.EGOV_BENCH_COMMIT || 'unknown',
    dirty: git(['status', '--porcelain', '--untracked-files=no']) !== '',
    command,
  };
}

for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (ensureFileLimit()) return;
  const started = Date.now();
  const deadline = started + opts.budgetSeconds * 1000;
  const log = (msg) => console.error(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${msg}`);

  if (opts.build) {
    log('building the server (npm run build:server)');
    execFileSync('npm', ['run', 'build:server'], { cwd: ROOT, stdio: 'inherit' });
  }
  if (!serverBuilt()) {
    console.error(
      `No build at ${SERVER_ENTRY}.\nRun \`npm run build\` (or \`npm run build:server\`) first, or \`npm run bench -- --build\`.`,
    );
    process.exit(1);
  }
  const srcNewest = Math.max(newestSource(join(ROOT, 'apps/server/src')), newestSource(join(ROOT, 'libs')));
  if (srcNewest > statSync(SERVER_ENTRY).mtimeMs) {
    log('warning: some TypeScript source is newer than the build; `npm run build:server` (or --build) to measure it');
  }
  const command = `npm run bench${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}`;
  const result = {
    machine: machine(command),
    options: { ...opts, suites: [...opts.suites] },
    startedAt: new Date().toISOString(),
    targets: [],
  };
  let failures = 0;

  const runSuite = async (ctx, name, fn) => {
    if (!opts.suites.has(name)) return;
    log(`${ctx.label}: ${name}`);
    try {
      await fn(ctx);
    } catch (err) {
      failures++;
      log(`${name} failed: ${err?.stack ?? err}`);
      ctx.add({
        section: `Errors`,
        figure: name,
        error: String(err?.message ?? err)
          .split('\n')[0]
          .slice(0, 300),
      });
    }
  };

  for (const kind of opts.dbs) {
    const label = kind === 'pg' ? 'PostgreSQL + Redis' : 'Embedded database (PGlite)';
    const target = { db: kind, label, rows: [] };
    result.targets.push(target);
    const ctx = {
      opts,
      db: kind,
      label,
      rows: target.rows,
      log,
      add: (row) => target.rows.push(row),
      timeLeft: () => deadline - Date.now(),
    };
    if (kind === 'embedded') await runSuite(ctx, 'cold', coldStart);
    // Its own portal and LiveKit server, so that the joins meet nothing else.
    await runSuite(ctx, 'video', video);
    const serverSuites = ['sockets', 'council', 'bookings', 'http', 'soak', 'sitting'].filter((s) =>
      opts.suites.has(s),
    );
    if (!serverSuites.length) continue;

    log(`${label}: starting eGov Box on a fresh database`);
    const db = await freshDatabase(kind);
    let server;
    try {
      server = await startEgov(db, { logLevel: opts.logLevel });
      log(`${label}: ready in ${(server.healthyMs / 1000).toFixed(1)} s (pid ${server.pid})`);
      ctx.server = server;
      ctx.dbHandle = db;
      ctx.api = new Api(server.url);
      ctx.routes = await ctx.api.routes();
      const councillors = Array.from({ length: 50 }, (_, i) => `councillor${String(i + 1).padStart(2, '0')}`);
      const [admin, clerk, chair, meetingsUser, ...rest] = await ctx.api.loginAll([
        'admin',
        'clerk',
        'chair',
        'servant01',
        ...councillors,
      ]);
      ctx.users = { admin, clerk, chair, meetingsUser, councillors: rest };
      // Sockets first: their memory figures start from a server that has served nothing yet.
      await runSuite(ctx, 'sockets', sockets);
      await runSuite(ctx, 'council', council);
      await runSuite(ctx, 'bookings', bookings);
      await runSuite(ctx, 'http', http);
      await runSuite(ctx, 'soak', soak);
      await runSuite(ctx, 'sitting', sitting);
    } catch (err) {
      failures++;
      log(`${label} failed: ${err?.stack ?? err}`);
      ctx.add({ section: 'Errors', figure: 'server', error: String(err?.message ?? err).split('\n')[0] });
    } finally {
      await server?.stop();
      await db.drop();
    }
  }

  result.machine.loadEnd = os.loadavg();
  result.machine.durationMs = Date.now() - started;
  result.finishedAt = new Date().toISOString();
  const md = `## eGov Box benchmark, ${result.startedAt}\n\n${machineMarkdown(result.machine)}\n\n${markdown(result)}`;
  console.log(md);
  const dir = join(ROOT, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const stamp = result.startedAt.replaceAll(':', '-').replace(/\..*/, '');
  writeFileSync(join(dir, `bench-${stamp}.json`), JSON.stringify(result, null, 2));
  writeFileSync(join(dir, `bench-${stamp}.md`), md);
  writeFileSync(join(dir, 'latest.json'), JSON.stringify(result, null, 2));
  log(`saved bench-results/bench-${stamp}.json (.md); ${failures ? `${failures} suite(s) failed` : 'done'}`);
  process.exit(failures ? 1 : 0);
}

main().catch((err) => {
  console.error(err?.stack ?? err);
  process.exit(1);
});
