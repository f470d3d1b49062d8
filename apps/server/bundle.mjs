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
// Paths in the metafile and in the bundle's module headings are relative to the repository's
// root, wherever the script is run from.
const root = join(here, '../..');
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
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // No keepNames: it wraps every function and class that is created at run time in a call that
  // sets its name (esbuild's __name), inside request paths too — /api/me cost 0.37-0.43 ms of
  // server CPU with it against 0.28-0.30 without, and unbundled (docs/performance.md, item 14).
  // Names still matter (migrations are recorded by class name, TypeORM and Nest name things
  // after classes): the check below fails the build when one of our classes was renamed.
  keepNames: false,
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

// Scope hoisting renames a top-level name that two ES modules share (our AuthGuard and
// @nestjs/passport's became AuthGuard2). Our classes must keep theirs: a migration is recorded
// by its class name, an entity without a table name is named after its class. esbuild heads
// each module's code with a comment naming its file: the class must be declared under it by
// the name the module gave it.
const sections = new Map();
const headers = [...text.matchAll(/^\/\/ (\S+\.[cm]?js)$/gm)];
headers.forEach((h, i) => sections.set(h[1], text.slice(h.index, headers[i + 1]?.index ?? text.length)));
const renamed = [];
for (const input of Object.keys(result.metafile.inputs)) {
  if (!/^(libs\/[^/]+|apps\/server)\/dist\/.*\.js$/.test(input)) continue;
  const code = readFileSync(join(root, input), 'utf8');
  const declared = [
    ...code.matchAll(/^\s*(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class ([A-Za-z_$][\w$]*)/gm),
    ...code.matchAll(/^\s*(?:export\s+)?(?:let|var|const) ([A-Za-z_$][\w$]*) = (?:[\w$]+ = )?class\b/gm),
  ].map((m) => m[1]);
  const section = sections.get(input) ?? '';
  for (const name of declared) {
    const escaped = name.replace(/\$/g, '\\$');
    const as = (suffix) => new RegExp(`(^|[\\s;])(class|var|let|const) ${escaped}${suffix}\\b`, 'm').test(section);
    // (a class no one uses is left out of the bundle altogether: nothing to check)
    if (!as('') && as('\\d+')) renamed.push(`${name} (${input})`);
  }
}
if (renamed.length) {
  console.error(
    `bundle: classes of ours renamed in the bundle (their name is shared with a package's): ${renamed.join(', ')}`,
  );
  process.exit(1);
}

const inputs = Object.keys(result.metafile.inputs).length;
const mb = (statSync(outfile).size / 1e6).toFixed(1);
console.log(
  `bundle: apps/server/dist/server.js (${inputs} modules, ${mb} MB) in ${Date.now() - started} ms` +
    (optionalMissing.size ? `; optional packages not installed: ${[...optionalMissing].sort().join(', ')}` : ''),
);
