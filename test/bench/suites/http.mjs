import { writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ServerProcess } from '../lib/proc.mjs';
import { runWorker } from '../lib/run-worker.mjs';

const FASTIFY = fileURLToPath(new URL('../baseline/fastify-server.mjs', import.meta.url));

/**
 * autocannon against eGov Box routes and, in its own process, a bare Fastify server
 * answering the very JSON documents eGov Box answered. Runs alternate eGov / baseline.
 */
export async function http(ctx) {
  const { opts, api, users } = ctx;
  const section = `HTTP (autocannon, ${opts.connections} connections, ${opts.duration} s)`;
  const token = users.meetingsUser.token;
  const cases = [
    { route: 'GET /api/health', path: '/api/health' },
    { route: 'GET /api/me', path: '/api/me', token },
  ];
  const upcoming = '/api/meetings/upcoming';
  if (ctx.routes.has(`GET ${upcoming}`)) {
    const n = ctx.meetingsCreated ?? 0;
    cases.push({
      route: `GET ${upcoming}`,
      path: upcoming,
      token,
      note: `user invited to ${n.toLocaleString('en-US')} meetings`,
      upcoming: true,
    });
  } else {
    ctx.add({ section, figure: `GET ${upcoming}`, pending: 'route not in the OpenAPI yet' });
  }

  // The baseline answers the same documents.
  const documents = {};
  for (const c of cases) {
    const res = await api.get(c.path, c.token);
    if (res.status !== 200) throw new Error(`${c.route}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    documents[c.path] = res.body;
    if (c.upcoming && typeof res.body?.total === 'number')
      c.note = `user with ${res.body.total.toLocaleString('en-US')} upcoming meetings, default page`;
  }
  const routesFile = join(tmpdir(), `egov-bench-routes-${process.pid}.json`);
  writeFileSync(routesFile, JSON.stringify(documents));
  const baseline = await ServerProcess.start({
    script: FASTIFY,
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', ROUTES_FILE: routesFile },
    name: 'bare Fastify',
  });
  try {
    for (const c of cases) {
      // Warm-up first (not counted); then the server's CPU time over the measured run gives
      // CPU per request, a figure that other load on the machine disturbs far less than req/s.
      const run = async (server) => {
        const input = {
          url: server.url + c.path,
          headers: c.token ? { authorization: `Bearer ${c.token}` } : {},
          connections: opts.connections,
        };
        if (opts.warmup) await runWorker('autocannon.mjs', { ...input, duration: opts.warmup, warmupSeconds: 0 });
        const cpu0 = server.cpuMs();
        const r = await runWorker('autocannon.mjs', { ...input, duration: opts.duration, warmupSeconds: 0 });
        return { ...r, cpuPerRequest: r.total ? (server.cpuMs() - cpu0) / r.total : undefined };
      };
      const egov = await run(ctx.server);
      const bare = await run(baseline);
      for (const r of [egov, bare]) if (!r.ok) throw new Error(r.error);
      ctx.log(`  ${c.route}: ${Math.round(egov.rps)} req/s (bare ${Math.round(bare.rps)})`);
      const problems = egov.errors + egov.timeouts + egov.non2xx;
      const note = [
        c.note,
        problems ? `${egov.non2xx} non-2xx, ${egov.errors} errors, ${egov.timeouts} timeouts` : undefined,
      ]
        .filter(Boolean)
        .join('; ');
      const onPg = ctx.db === 'pg';
      const rpsTarget = c.upcoming ? '≥ 3,000 req/s' + (onPg ? '' : ' (on PostgreSQL)') : undefined;
      const p99Target = c.upcoming ? '≤ 50 ms' + (onPg ? '' : ' (on PostgreSQL)') : undefined;
      const judge = (ok, text) =>
        c.upcoming && onPg
          ? ok
            ? 'met'
            : text
          : c.upcoming
            ? ok
              ? 'met here too'
              : 'missed here (judged on PostgreSQL)'
            : undefined;
      ctx.add({
        section,
        figure: `${c.route}: throughput`,
        unit: 'req/s',
        egov: egov.rps,
        baseline: bare.rps,
        baselineLabel: 'bare Fastify',
        target: rpsTarget,
        verdict: judge(egov.rps >= 3000, `missed by ${Math.round(3000 - egov.rps)} req/s`),
        note: note || undefined,
      });
      ctx.add({
        section,
        figure: `${c.route}: server CPU per request`,
        unit: 'ms',
        digits: 3,
        egov: egov.cpuPerRequest,
        baseline: bare.cpuPerRequest,
        baselineLabel: 'bare Fastify',
      });
      ctx.add({
        section,
        figure: `${c.route}: p50 latency`,
        unit: 'ms',
        egov: egov.p50,
        baseline: bare.p50,
        baselineLabel: 'bare Fastify',
      });
      ctx.add({
        section,
        figure: `${c.route}: p99 latency`,
        unit: 'ms',
        egov: egov.p99,
        baseline: bare.p99,
        baselineLabel: 'bare Fastify',
        target: p99Target,
        verdict: judge(egov.p99 <= 50, `missed by ${Math.round(egov.p99 - 50)} ms`),
      });
    }
  } finally {
    await baseline.stop();
    rmSync(routesFile, { force: true });
  }
}
