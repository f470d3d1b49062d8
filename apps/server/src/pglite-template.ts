import { fileURLToPath } from 'node:url';

/**
 * Where the build keeps the template of a new embedded database (initdb + every
 * migration), which a first start copies instead of making it again: several seconds
 * of a first start saved. `npm run build:server` runs build-template.js to (re)make it
 * when the migrations or PGlite changed; otherwise it only checks the key.
 */
export const PGLITE_TEMPLATE_DIR = fileURLToPath(new URL('./pglite-template', import.meta.url));
