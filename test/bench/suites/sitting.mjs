import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { SocketFleet } from '../lib/fleet.mjs';
import { startEgov } from '../lib/egov.mjs';
import { ServerProcess } from '../lib/proc.mjs';
import { hrNow, median, quantile, sleep } from '../lib/stats.mjs';

const SOCKETIO = fileURLToPath(new URL('../baseline/socketio-server.mjs', import.meta.url));
const SECTION = 'A public sitting watched by 20,000 citizens: two processes behind Redis';
const B = 'bare Socket.IO + Redis adapter, 2 processes';

async function expect(what, res, ...ok) {
  if (!ok.includes(res.status)) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body;
}

/**
 * `--only=sitting` (PostgreSQL + Redis; not part of the default run: with its 40,000 client
 * sockets it takes 3–5 minutes). A second eGov Box process is started on the same database and
 * Redis; `opts.sittingSockets` anonymous `/public` sockets (20,000: 10,000 on each process, as
 * the hard open-files limit of 20,000 per process allows) `council.watch` one open sitting,
 * from client processes of at most 5,000 sockets each. The chair (on process A) moves to the
 * next agenda item; time from just before that request until every socket has
 * `council.session.updated` naming the item — those on process B hear it through the Redis
 * Streams adapter. Baseline: two bare Socket.IO processes sharing a Redis stream (the same
 * adapter, its default options), `POST /broadcast` on the first. Both have their own fleet,
 * connected at the same time, and are measured in alternating rounds (as the fan-out step).
 */
export async function sitting(ctx) {
  const { opts, api, users } = ctx;
  if (ctx.db !== 'pg') {
    ctx.add({ section: SECTION, figure: 'time to the last delivery', pending: 'needs PostgreSQL + Redis (--db=pg)' });
    return;
  }
  const size = opts.sittingSockets;
  const clients = Math.max(2, Math.ceil(size / 5000));
  const rounds = opts.fanoutRounds + 1;
  const now = Date.now();
  const session = await expect(
    'create council session (clerk)',
    await api.post(
      '/api/council/sessions',
      {
        title: 'Benchmark: a public sitting',
        startsAt: new Date(now + 60_000).toISOString(),
        endsAt: new Date(now + 3 * 3600_000).toISOString(),
        agenda: Array.from({ length: rounds + 1 }, (_, i) => ({
          title: `Item ${i + 1}`,
          voteMode: 'open',
          majority: 'present',
        })),
        extraordinary: true,
        extraordinaryReason: 'Benchmark: a sitting held at once',
      },
      users.clerk.token,
    ),
    201,
  );
  await expect(
    'publish (clerk)',
    await api.post(`/api/council/sessions/${session.id}/publish`, {}, users.clerk.token),
    200,
    201,
  );
  await expect(
    'open (chair)',
    await api.post(`/api/council/sessions/${session.id}/open`, {}, users.chair.token),
    200,
    201,
  );
  const items = session.items.map((i) => i.id);
  const watch = { event: 'council.watch', payload: { sessionId: session.id } };
  const answered = { egov: [], bare: [] };
  let sample;

  const second = await startEgov(ctx.dbHandle, { logLevel: opts.logLevel });
  ctx.log(`  second eGov Box process ready (pid ${second.pid})`);
  const stream = `bench-bare-${randomBytes(6).toString('hex')}:socket.io`;
  const bareEnv = {
    PATH: process.env.PATH,
    PORT: '0',
    HOST: '127.0.0.1',
    REDIS_URL: process.env.REDIS_URL,
    REDIS_STREAM: stream,
  };
  const bareA = await ServerProcess.start({ script: SOCKETIO, env: bareEnv, name: `${B} (A)` });
  const bareB = await ServerProcess.start({ script: SOCKETIO, env: bareEnv, name: `${B} (B)` });

  const activate = async (itemId) => {
    const t0 = hrNow();
    const res = await api.post(`/api/council/sessions/${session.id}/items/${itemId}/activate`, {}, users.chair.token);
    answered.egov.push(hrNow() - t0);
    await expect('activate (chair)', res, 200, 201);
    return t0;
  };
  const bareTrigger = async (itemId) => {
    const text = JSON.stringify(sample ?? {});
    const sampleItem = items.find((id) => text.includes(id));
    const payload = sampleItem
      ? JSON.parse(text.replaceAll(sampleItem, itemId))
      : { sessionId: session.id, currentItemId: itemId };
    const t0 = hrNow();
    const res = await fetch(`${bareA.url}/broadcast`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        namespace: '/public',
        room: `council:${session.id}`,
        event: 'council.session.updated',
        payload,
      }),
    });
    await res.arrayBuffer();
    answered.bare.push(hrNow() - t0);
    return t0;
  };
  const sides = [
    { name: 'egov', servers: [ctx.server, second], trigger: activate, fleet: new SocketFleet(clients), got: [] },
    { name: 'bare', servers: [bareA, bareB], trigger: bareTrigger, fleet: new SocketFleet(clients), got: [] },
  ];
  try {
    for (const side of sides) {
      const rss0 = side.servers.map((s) => s.rssBytes());
      const r = await side.fleet.connect(size, {
        urls: side.servers.map((s) => s.url),
        namespace: '/public',
        concurrency: opts.connectConcurrency,
        afterConnect: watch,
      });
      await sleep(1500);
      side.rate = r.ok / (r.ms / 1000);
      side.held = side.fleet.held;
      side.failed = r.failed;
      side.errors = r.errors;
      side.rssPerSocket = side.servers.map((s, i) => (s.rssBytes() - rss0[i]) / (side.held / 2));
      side.fds = side.servers.map((s) => s.fdCount());
      ctx.log(
        `  sitting ${side.name}: ${side.held}/${size} watching, ${Math.round(side.rate)}/s` +
          (r.failed ? `, ${r.failed} failed ${JSON.stringify(r.errors)}` : ''),
      );
    }
    for (let round = 0; round < rounds; round++) {
      const itemId = items[round % items.length];
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const d = await side.fleet.deliveries(
          'council.session.updated',
          { $contains: itemId },
          () => side.trigger(itemId),
          60_000,
        );
        if (side.name === 'egov') sample ??= d.sample;
        if (round > 0) side.got.push(d);
        ctx.log(
          `  sitting ${side.name} round ${round}: ${d.latencies.length}/${d.expected}, last ${Math.round(Math.max(...d.latencies))} ms`,
        );
        await sleep(500);
      }
    }
  } finally {
    await Promise.all(sides.map((side) => side.fleet.close()));
    await Promise.all([second.stop(), bareA.stop(), bareB.stop()]);
  }

  const [egov, bare] = sides.map((side) => {
    const stat = (f) => median(side.got.map((d) => f(d.latencies)));
    // Workers 0, 2, … connect to process A, 1, 3, … to process B (fleet.connect's `urls`).
    const onB = (d) => d.byWorker.filter((_, i) => i % 2 === 1).flat();
    return {
      ...side,
      expected: side.got[0]?.expected ?? 0,
      delivered: Math.min(...side.got.map((d) => d.latencies.length)),
      p50: stat((l) => quantile(l, 0.5)),
      p99: stat((l) => quantile(l, 0.99)),
      last: stat((l) => Math.max(...l)),
      lastB: median(side.got.map((d) => Math.max(...onB(d)))),
      lasts: side.got.map((d) => Math.max(...d.latencies)),
      answeredMs: median(answered[side.name]),
    };
  });
  const n = size.toLocaleString('en-US');
  const kb = (s) => s.rssPerSocket.map((x) => `${(x / 1024).toFixed(1)} KB`).join(' / ');
  ctx.add({
    section: SECTION,
    figure: `${n} /public sockets watching (${(size / 2).toLocaleString('en-US')} per process)`,
    egov: egov.held,
    baseline: bare.held,
    baselineLabel: B,
    target: `${n} held`,
    verdict: egov.held === size ? 'met' : `missed: ${egov.failed} failed ${JSON.stringify(egov.errors)}`,
    note: `server RSS per socket A / B: ${kb(egov)} (baseline ${kb(bare)}); server fds ${egov.fds.join(' / ')}; connect + council.watch ${Math.round(egov.rate)}/s vs ${Math.round(bare.rate)}/s; ${clients} client processes per side`,
  });
  ctx.add({
    section: SECTION,
    figure: `delivered (every round)`,
    egov: `${egov.delivered}/${egov.expected}`,
    baseline: `${bare.delivered}/${bare.expected}`,
    baselineLabel: B,
    target: 'all',
    verdict: egov.delivered === egov.expected && egov.expected === size ? 'met' : 'MISSED',
  });
  for (const [figure, key] of [
    ['p50', 'p50'],
    ['p99', 'p99'],
  ])
    ctx.add({ section: SECTION, figure, unit: 'ms', egov: egov[key], baseline: bare[key], baselineLabel: B });
  ctx.add({
    section: SECTION,
    figure: `time to the last delivery (median of ${opts.fanoutRounds} rounds, alternating with the baseline)`,
    unit: 'ms',
    egov: egov.last,
    baseline: bare.last,
    baselineLabel: B,
    samples: egov.lasts,
    baselineSamples: bare.lasts,
    note: `the trigger request answered in ${Math.round(egov.answeredMs)} ms (activate on A) vs ${Math.round(bare.answeredMs)} ms (bare POST /broadcast on A), medians; rounds: ${egov.lasts.map(Math.round).join(', ')} vs ${bare.lasts.map(Math.round).join(', ')} ms`,
  });
  // perMessageDeflate is off (its zlib contexts cost memory per socket): what the update weighs
  // on the wire as sent, and what per-message deflate (zlib's default level) would make of it.
  const frame = `42/public,${JSON.stringify(['council.session.updated', sample ?? {}])}`;
  ctx.add({
    section: SECTION,
    figure: 'council.session.updated on the wire, per socket',
    unit: 'B',
    digits: 0,
    egov: Buffer.byteLength(frame),
    note: `${deflateRawSync(Buffer.from(frame)).length} B with permessage-deflate (zlib default level); ×${size.toLocaleString('en-US')} sockets: ${((Buffer.byteLength(frame) * size) / 1048576).toFixed(1)} MB per update`,
  });
  ctx.add({
    section: SECTION,
    figure: 'time to the last delivery on process B (through Redis)',
    unit: 'ms',
    egov: egov.lastB,
    baseline: bare.lastB,
    baselineLabel: B,
  });
}
