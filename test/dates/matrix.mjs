#!/usr/bin/env node
// The date matrix: runs the date-sensitive suites with every process's clock moved to a hard
// moment (libfaketime, Debian's `faketime` package), on the embedded database.
//
//   node test/dates/matrix.mjs                 every moment
//   node test/dates/matrix.mjs dst-spring eve  some of them (names below)
//   node test/dates/matrix.mjs --list          the moments and their offsets, nothing run
//
// Each moment is the next one of its kind after now, so the offset is always forward
// (FAKETIME="+Ns": relative to the real clock, so a server, PGlite and Chromium started later
// by a test see the same time as the runner). Needs a built tree (`npm run build`).
// Writes test-results/dates/<moment>.json (jest's report) and prints one line per moment.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';

const ROOT = join(import.meta.dirname, '../..');
const ZONE = 'Europe/Sofia';
const OUT = join(ROOT, 'test-results/dates');

/**
 * The suites whose outcome can depend on the day: paths (jest regexes), run at every moment.
 * The test world (test/support/world.ts) is built against a server at every moment by
 * bad-input-database (its plan is also walked over four years by test/dates/world-plan); the
 * other suite that builds it, object-access, checks who may see what, which no date changes,
 * so it runs at today's date only.
 */
export const DATE_SUITES = [
  'test/dates/',
  'test/schedule/',
  'test/halls/',
  'test/one-on-one/',
  'test/council/sitting',
  'test/council/draft-privacy',
  'test/council/bodies',
  'test/council/notice', // the notice period in Sofia calendar days
  'test/council/changes', // a sitting moved: the notice again, in Sofia calendar days
  'test/security/bad-input-database', // builds the test world
  'libs/(schedule|halls|one-on-one|council)/src/',
  'apps/web/src/pages/', // the web client's date logic (weeks, day headers, slots), as unit specs
];

/**
 * The browser calendars, run at the moments where a calendar changes shape while it is on the
 * screen: a 23-hour and a 25-hour day, the year turning over, the week turning over. At the
 * other moments the same date logic runs in the unit specs above (apps/web/src/pages/).
 */
export const BROWSER_DATE_SUITES = ['test/browser/(halls|schedule|calendar-contrast|one-on-ones)\\.'];

const now = DateTime.now().setZone(ZONE);

/** The next last Sunday of `month` (3 or 10) whose change (at 01:00 UTC) is still ahead. */
function nextDstChange(month) {
  for (let year = now.year; ; year += 1) {
    let d = DateTime.fromObject({ year, month, day: 1 }, { zone: ZONE }).endOf('month').startOf('day');
    while (d.weekday !== 7) d = d.minus({ days: 1 });
    const change = DateTime.fromObject({ year: d.year, month, day: d.day, hour: 1 }, { zone: 'UTC' });
    // Start a quarter of an hour before the change, so the run goes through it.
    const start = change.minus({ minutes: 15 });
    if (start > now.plus({ hours: 1 })) return start;
  }
}

function nextFrom(make) {
  for (let k = 0; ; k += 1) {
    const t = make(k);
    if (t > now.plus({ hours: 1 })) return t;
  }
}

/** The moments: each a name, what it is, when (the next one after now), and whether the browser calendars run. */
export const MOMENTS = [
  {
    name: 'dst-spring',
    browser: true,
    what: "the night Sofia's clocks go forward (03:00 EET → 04:00 EEST), from 02:45",
    at: nextDstChange(3),
  },
  {
    name: 'dst-autumn',
    browser: true,
    what: "the night Sofia's clocks go back (04:00 EEST → 03:00 EET), from 03:45 the first time",
    at: nextDstChange(10),
  },
  {
    name: 'eve',
    browser: true,
    what: '31 December, 23:45 Sofia (the run crosses into the new year)',
    at: nextFrom((k) =>
      DateTime.fromObject({ year: now.year + k, month: 12, day: 31, hour: 23, minute: 45 }, { zone: ZONE }),
    ),
  },
  {
    name: 'leap-day',
    what: '28 February, 23:50 Sofia, before a 29 February (the run crosses into it)',
    at: nextFrom((k) => {
      const year = now.year + k;
      const leap = DateTime.fromObject({ year, month: 2, day: 29 }, { zone: ZONE }).isValid;
      return leap ? DateTime.fromObject({ year, month: 2, day: 28, hour: 23, minute: 50 }, { zone: ZONE }) : now;
    }),
  },
  {
    name: 'friday-evening',
    what: 'a Friday at 17:29 Sofia (the end of the working week)',
    at: nextFrom((k) => now.plus({ weeks: k }).set({ weekday: 5, hour: 17, minute: 29, second: 0, millisecond: 0 })),
  },
  {
    name: 'sunday-night',
    browser: true,
    what: 'a Sunday at 23:30 Sofia (the week turns over during the run)',
    at: nextFrom((k) => now.plus({ weeks: k }).set({ weekday: 7, hour: 23, minute: 30, second: 0, millisecond: 0 })),
  },
];

function libfaketime() {
  const candidates = [
    process.env.LIBFAKETIME,
    '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1',
    '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1',
    '/usr/lib/faketime/libfaketime.so.1',
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    console.error(
      'dates: libfaketime not found — install it with `bash scripts/services.sh` (Debian: apt-get install faketime)',
    );
    process.exit(2);
  }
  return found;
}

const args = process.argv.slice(2);
const list = args.includes('--list');
const chosen = args.filter((a) => !a.startsWith('--'));
const unknown = chosen.filter((n) => !MOMENTS.some((m) => m.name === n));
if (unknown.length) {
  console.error(`dates: unknown moment(s) ${unknown.join(', ')}; known: ${MOMENTS.map((m) => m.name).join(', ')}`);
  process.exit(2);
}
const moments = MOMENTS.filter((m) => chosen.length === 0 || chosen.includes(m.name));

if (list) {
  for (const m of moments) {
    const offset = Math.round(m.at.diff(DateTime.now()).as('seconds'));
    console.log(
      `${m.name.padEnd(15)} ${m.at.setZone(ZONE).toFormat('yyyy-LL-dd HH:mm ZZZZ')}  FAKETIME=+${offset}s  ${m.what}${m.browser ? ' (with the browser calendars)' : ''}`,
    );
  }
  process.exit(0);
}

const preload = libfaketime();
mkdirSync(OUT, { recursive: true });
let passed = 0;
let failed = 0;
for (const m of moments) {
  const started = Date.now();
  // The offset is taken just before the run, so the run starts at the moment itself.
  const offset = Math.round(m.at.diff(DateTime.now()).as('seconds'));
  const report = join(OUT, `${m.name}.json`);
  console.log(`\n--- dates: ${m.name} — ${m.what}: ${m.at.setZone(ZONE).toISO()} (FAKETIME=+${offset}s)`);
  const env = {
    ...process.env,
    // The embedded database: PostgreSQL's own now() then runs inside the same faked process.
    DATABASE_URL: '',
    REDIS_URL: '',
    LD_PRELOAD: [preload, process.env.LD_PRELOAD].filter(Boolean).join(' '),
    FAKETIME: `+${offset}s`,
    DONT_FAKE_MONOTONIC: '1',
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
    EGOV_FAKE_MOMENT: m.name,
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const r = spawnSync(
    process.execPath,
    [
      '--experimental-vm-modules',
      '--no-warnings=ExperimentalWarning',
      join(ROOT, 'node_modules/jest/bin/jest.js'),
      '--json',
      `--outputFile=${report}`,
      ...DATE_SUITES,
      ...(m.browser ? BROWSER_DATE_SUITES : []),
    ],
    { cwd: ROOT, env, stdio: 'inherit' },
  );
  const seconds = Math.round((Date.now() - started) / 1000);
  if (!existsSync(report)) {
    failed += 1;
    console.log(`dates: ${m.name}: no jest report (exit ${r.status}) in ${seconds} s`);
    continue;
  }
  const j = JSON.parse(readFileSync(report, 'utf8'));
  const bad = j.numFailedTests + j.numRuntimeErrorTestSuites + (j.numTotalTests === 0 ? 1 : 0);
  passed += j.numPassedTests;
  failed += bad + (r.status !== 0 && bad === 0 ? 1 : 0);
  console.log(
    `dates: ${m.name}: ${j.numPassedTests} passed, ${j.numFailedTests} failed, ${j.numRuntimeErrorTestSuites} suites broken in ${seconds} s`,
  );
}
console.log(`dates: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
