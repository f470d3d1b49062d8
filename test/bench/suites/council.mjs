import { fileURLToPath } from 'node:url';
import { SocketFleet } from '../lib/fleet.mjs';
import { ServerProcess } from '../lib/proc.mjs';
import { hrNow, median, quantile, sleep } from '../lib/stats.mjs';

const SOCKETIO = fileURLToPath(new URL('../baseline/socketio-server.mjs', import.meta.url));
const ACTIVATE = 'POST /api/council/sessions/{id}/items/{itemId}/activate';
const SECTION = 'Fan-out: council.session.updated on /public (the chair moves to the next item)';

/**
 * The target fan-out of engineering.md, written against the API contract: N sockets on
 * /public watch one council session; the chair activates the next agenda item; time until
 * every socket has `council.session.updated`. Baseline: a bare Socket.IO server
 * broadcasting the same payload to a room of N sockets from an HTTP request.
 * Runs only once the council routes are in the OpenAPI document.
 */
export async function council(ctx) {
  const { opts, api, users } = ctx;
  if (!ctx.routes.has(ACTIVATE)) {
    ctx.add({
      section: SECTION,
      figure: 'N = 1,000 and 5,000',
      pending: 'council /public not built yet (no activate route in the OpenAPI)',
    });
    ctx.add({
      section: 'Vote storm',
      figure: '51 councillors cast at once, twice each',
      pending: 'council votes not built yet',
    });
    return;
  }
  const rounds = opts.fanoutRounds + 1;
  const step = async (what, res, ...ok) => {
    if (!ok.includes(res.status)) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    return res.body;
  };
  const now = Date.now();
  const session = await step(
    'create council session',
    await api.post(
      '/api/council/sessions',
      {
        title: 'Benchmark session',
        startsAt: new Date(now + 60_000).toISOString(),
        endsAt: new Date(now + 3 * 3600_000).toISOString(),
        agenda: Array.from({ length: rounds + 1 }, (_, i) => ({
          title: `Item ${i + 1}`,
          voteMode: 'open',
          majority: 'present',
        })),
      },
      users.clerk.token,
    ),
    201,
  );
  const actor = users.chair.token;
  for (const action of ['publish', 'open']) {
    await step(
      `${action} session`,
      await api.post(`/api/council/sessions/${session.id}/${action}`, {}, users.clerk.token),
      200,
      201,
    );
  }
  const items = session.items.map((i) => i.id);

  const measure = async (url, trigger) => {
    const fleet = new SocketFleet(opts.clientProcesses);
    const out = [];
    try {
      for (const size of opts.fanoutSizes) {
        const r = await fleet.connect(size - fleet.held, {
          url,
          namespace: '/public',
          concurrency: opts.connectConcurrency,
          afterConnect: { event: 'council.watch', payload: { sessionId: session.id } },
        });
        if (r.failed) throw new Error(`/public connect: ${r.failed} failed ${JSON.stringify(r.errors)}`);
        const got = [];
        for (let round = 0; round < rounds; round++) {
          const itemId = items[(round + 1) % items.length];
          const d = await fleet.deliveries(
            'council.session.updated',
            { $contains: itemId },
            () => trigger(itemId),
            30_000,
          );
          if (round > 0) got.push(d);
          ctx.councilSample ??= d.sample;
          await sleep(300);
        }
        const stat = (f) => median(got.map((d) => f(d.latencies)));
        out.push({
          size,
          expected: got[0].expected,
          delivered: Math.min(...got.map((d) => d.latencies.length)),
          p50: stat((l) => quantile(l, 0.5)),
          p99: stat((l) => quantile(l, 0.99)),
          last: stat((l) => Math.max(...l)),
        });
      }
    } finally {
      await fleet.close();
    }
    return out;
  };

  const egov = await measure(ctx.server.url, async (itemId) => {
    const t0 = hrNow();
    const res = await api.post(`/api/council/sessions/${session.id}/items/${itemId}/activate`, {}, actor);
    if (res.status >= 300) throw new Error(`activate: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    return t0;
  });

  const bareProcess = await ServerProcess.start({
    script: SOCKETIO,
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1' },
    name: 'bare Socket.IO',
  });
  let bare;
  try {
    const sample = JSON.stringify(ctx.councilSample ?? {});
    const sampleItem = items.find((id) => sample.includes(id));
    bare = await measure(bareProcess.url, async (itemId) => {
      const payload = sampleItem
        ? JSON.parse(sample.replaceAll(sampleItem, itemId))
        : { sessionId: session.id, currentItemId: itemId };
      const t0 = hrNow();
      const res = await fetch(`${bareProcess.url}/broadcast`, {
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
      return t0;
    });
  } finally {
    await bareProcess.stop();
  }

  const B = 'bare Socket.IO';
  for (const e of egov) {
    const b = bare.find((x) => x.size === e.size);
    const n = e.size.toLocaleString('en-US');
    ctx.add({
      section: SECTION,
      figure: `${n} sockets: delivered`,
      egov: `${e.delivered}/${e.expected}`,
      baseline: b && `${b.delivered}/${b.expected}`,
      baselineLabel: B,
      target: 'all',
      verdict: e.delivered === e.expected ? 'met' : 'MISSED',
    });
    ctx.add({
      section: SECTION,
      figure: `${n} sockets: p50`,
      unit: 'ms',
      egov: e.p50,
      baseline: b?.p50,
      baselineLabel: B,
    });
    ctx.add({
      section: SECTION,
      figure: `${n} sockets: p99`,
      unit: 'ms',
      egov: e.p99,
      baseline: b?.p99,
      baselineLabel: B,
    });
    const ratio = b ? e.last / b.last : undefined;
    ctx.add({
      section: SECTION,
      figure: `${n} sockets: last delivery (median of ${opts.fanoutRounds} rounds)`,
      unit: 'ms',
      egov: e.last,
      baseline: b?.last,
      baselineLabel: B,
      target: e.size === 5000 ? '≤ 1.3 × baseline' : undefined,
      verdict:
        e.size === 5000 && ratio !== undefined ? (ratio <= 1.3 ? 'met' : `missed: ×${ratio.toFixed(2)}`) : undefined,
    });
  }
  ctx.add({ section: 'Vote storm', figure: '51 councillors cast at once, twice each', pending: 'not benchmarked yet' });
}
