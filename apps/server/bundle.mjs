// The server as one file: apps/server/dist/server.js, built from tsc's output (dist/main.js and
// the libs' dist/) and the packages it imports. What `npm start`, the image, the tests and the
// bench run. Why: a start loaded about 3,000 module files one by one (resolution, a read and a
// compile each); one file starts about half a second sooner (docs/performance.md, item 14).
// dist/main.js stays runnable on its own: the same server, unbundled.
//
//   node apps/server/bundle.mjs            (npm run build:server runs it after tsc)
import { build } from 'esbuild';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(here, 'dist/main.js');
const outfile = join(here, 'dist/server.js');

// Left to Node's own loader, read from node_modules at run time:
const EXTERNAL = [
  // native add-ons
  'argon2',
  'bufferutil',
  'utf-8-validate',
  // packages that read their own files next to their code (WebAssembly, fonts, font
  // metrics, static pages, worker scripts) through import.meta.url or __dirname
  '@electric-sql/pglite',
  'pdfkit',
  'dejavu-fonts-ttf',
  'swagger-ui-dist',
  'pino',
  'thread-stream',
  // Socket.IO serves its client from __dirname; its adapter is kept single (the Redis
  // adapter extends the copy that Socket.IO uses)
  'socket.io',
  'socket.io-adapter',
  'engine.io',
];

const started = Date.now();
const optionalMissing = new Set();
const result = await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Class and function names stay as written: TypeORM names tables after entity classes
  // when not told otherwise, Nest names providers and log contexts after them.
  keepNames: true,
  external: EXTERNAL.flatMap((name) => [name, `${name}/*`]),
  // CommonJS packages inside an ES module bundle still call require(): give them one.
  banner: {
    js: "import { createRequire as __egovCreateRequire } from 'node:module'; const require = __egovCreateRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  plugins: [
    {
      // Packages that Nest, TypeORM and pg try to load only when installed (other database
      // drivers, @nestjs/microservices, pg-native …) are not installed here: left as imports
      // that fail at run time exactly as they do unbundled (caught by their callers).
      name: 'optional-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, async (args) => {
          if (args.pluginData === 'resolving') return undefined;
          const resolved = await b.resolve(args.path, {
            kind: args.kind,
            importer: args.importer,
            resolveDir: args.resolveDir,
            pluginData: 'resolving',
          });
          if (resolved.errors.length === 0) return resolved;
          if (!args.importer.includes('/node_modules/')) return resolved; // our own imports must resolve
          optionalMissing.add(args.path);
          return { path: args.path, external: true };
        });
      },
    },
  ],
});

// A bundled CommonJS module that reads __dirname or __filename would throw at run time (an ES
// module has neither): such a package belongs in EXTERNAL.
const text = readFileSync(outfile, 'utf8');
const dirnameUse = text.match(/^.*\b__(dirname|filename)\b.*$/m);
if (dirnameUse) {
  console.error(
    `bundle: a bundled module uses __dirname/__filename; add its package to EXTERNAL:\n  ${dirnameUse[0].trim()}`,
  );
  process.exit(1);
}

// In one file every module's import.meta.url is the bundle's: a module that runs itself when it
// is the entry ("import.meta.url === pathToFileURL(process.argv[1])") would run inside the server.
const selfRun = text.match(/^.*import\.meta\.url\s*===\s*(pathToFileURL|`file:).*$/m);
if (selfRun) {
  console.error(
    `bundle: a bundled module runs itself when it is the entry; make it a script of its own:\n  ${selfRun[0].trim()}`,
  );
  process.exit(1);
}

const inputs = Object.keys(result.metafile.inputs).length;
const mb = (statSync(outfile).size / 1e6).toFixed(1);
console.log(
  `bundle: apps/server/dist/server.js (${inputs} modules, ${mb} MB) in ${Date.now() - started} ms` +
    (optionalMissing.size ? `; optional packages not installed: ${[...optionalMissing].sort().join(', ')}` : ''),
);
