import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, UNBUNDLED_ENTRY, freshDatabase, startEgov } from '../lib/egov.mjs';
import { ServerProcess } from '../lib/proc.mjs';
import { median } from '../lib/stats.mjs';

const FASTIFY = fileURLToPath(new URL('../baseline/fastify-server.mjs', import.meta.url));

/**
 * Cold start of the built server on the embedded database: process start -> /api/health 200.
 * First start (empty DATA_DIR: migrations + demo seed) and restart (existing data), beside a
 * bare Fastify server started the same way. Median of `coldRuns`. The restarts alternate with
 * restarts of the unbundled build (dist/main.js, tsc's output) on the same data, so that the
 * bundle's gain is measured under the same load.
 */
export async function coldStart(ctx) {
  const { opts } = ctx;
  const first = [];
  const restart = [];
  const unbundled = [];
  const bare = [];
  let db;
  for (let i = 0; i < opts.coldRuns; i++) {
    if (db) await db.drop();
    db = await freshDatabase('embedded');
    const s = await startEgov(db, { logLevel: opts.logLevel });
    first.push(s.healthyMs);
    await s.stop();
    ctx.log(`  first start ${i + 1}: ${(s.healthyMs / 1000).toFixed(2)} s`);
  }
  for (let i = 0; i < opts.coldRuns; i++) {
    const s = await startEgov(db, { logLevel: opts.logLevel });
    restart.push(s.healthyMs);
    await s.stop();
    const u = await startEgov(db, { logLevel: opts.logLevel, script: UNBUNDLED_ENTRY });
    unbundled.push(u.healthyMs);
    await u.stop();
    ctx.log(
      `  restart ${i + 1}: ${(s.healthyMs / 1000).toFixed(2)} s (unbundled ${(u.healthyMs / 1000).toFixed(2)} s)`,
    );
  }
  await db.drop();
  for (let i = 0; i < opts.coldRuns; i++) {
    const s = await ServerProcess.start({
      script: FASTIFY,
      env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1' },
      name: 'bare Fastify',
    });
    bare.push(s.healthyMs);
    await s.stop();
  }
  const base = median(bare) / 1000;
  // `npm run build:server` leaves a migrated embedded database for first starts to copy.
  const template = existsSync(join(ROOT, 'apps/server/dist/pglite-template/key'));
  const target = 5;
  for (const [figure, values] of [
    ['first start, empty DATA_DIR (migrate + seed)', first],
    ['restart on existing data', restart],
  ]) {
    const v = median(values) / 1000;
    ctx.add({
      section: 'Cold start (embedded, built)',
      figure: `${figure}, median of ${values.length}`,
      unit: 's',
      egov: v,
      baseline: base,
      baselineLabel: 'bare Fastify',
      target: `≤ ${target} s`,
      verdict: v <= target ? 'met' : `missed by ${(v - target).toFixed(1)} s`,
      samples: values.map((x) => x / 1000),
      note:
        values === first
          ? template
            ? "the build's template database copied (initdb + migrations made by `npm run build:server`), then the demo seed"
            : 'no template in the build: initdb + migrations + seed at start'
          : `unbundled (dist/main.js, alternating): ${(median(unbundled) / 1000).toFixed(2)} s, the bundle ×${(median(values) / median(unbundled)).toFixed(2)}`,
    });
  }
}
