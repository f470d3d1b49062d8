import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Where the build keeps the template of a new embedded database (initdb + every
 * migration), which a first start copies instead of making it again: several seconds
 * of a first start saved. `npm run build:server` runs this file to (re)make it when the
 * migrations or PGlite changed; otherwise it only checks the key.
 */
export const PGLITE_TEMPLATE_DIR = fileURLToPath(new URL('./pglite-template', import.meta.url));

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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error('could not make the embedded database template:', err);
    process.exit(1);
  });
}
