// `npm run build:server` runs this (node apps/server/dist/build-template.js): makes the template
// of a new embedded database in PGLITE_TEMPLATE_DIR, or checks that the one there is current.
// A script of its own, never imported by the server: in the bundle (dist/server.js) every
// module's import.meta.url is the bundle's, so an "am I the entry?" test would be true there.
import { PGLITE_TEMPLATE_DIR } from './pglite-template.js';

async function main(): Promise<void> {
  const started = performance.now();
  const [{ buildPgliteTemplate }, { MIGRATIONS }] = await Promise.all([
    import('@egov-box/platform'),
    import('./migrations/index.js'),
  ]);
  const result = await buildPgliteTemplate(PGLITE_TEMPLATE_DIR, [], MIGRATIONS);
  const ms = Math.round(performance.now() - started);
  console.log(
    `embedded database template ${result === 'built' ? 'made' : 'up to date'} (${ms} ms): ${PGLITE_TEMPLATE_DIR}`,
  );
}

main().catch((err: unknown) => {
  console.error('could not make the embedded database template:', err);
  process.exit(1);
});
