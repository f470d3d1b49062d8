import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ENTITIES, MIGRATIONS } from '../../apps/server/src/app.module.js';
import { dataSourceOptions } from '../../libs/platform/src/index.js';
import type {
  CouncilMinutes,
  CouncilMinutesWithText,
  ErrorBody,
  MinutesText,
  MinutesTextBlock,
} from '../../libs/contracts/src/index.js';
import { expectError, expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { adoptAgenda, EXTRAORDINARY_REASON, openSitting, showOfHands } from '../support/council.js';

/**
 * Minutes: draft, review, signatures, frozen (issue 14). The defect this proves fixed:
 * "Minutes are rebuilt on every request, also after publication; nothing is signed" — before,
 * every request rendered the minutes anew (its `generatedAt`, the PDF's creation time), so
 * two downloads of published minutes differed, and no route recorded a signature.
 */
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** The canonical content (docs/api.md, Council → minutes): what the signatures' SHA-256 is of. */
function contentSha256(m: CouncilMinutes): string {
  const { version: _v, minutesPublishedAt: _p, video: _video, ...sitting } = m.session;
  const content = {
    session: sitting,
    attendance: m.attendance,
    absent: m.absent,
    votes: m.votes.map(({ mine: _mine, ...v }) => v),
    conflicts: m.conflicts,
    speakers: m.speakers,
    recordings: m.recordings,
  };
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  return sha256(JSON.stringify(sort(content)));
}

/**
 * The minutes' text (issue 22, item 11): every line of the JSON's `text` — the one model the
 * HTML and the PDF are rendered from — in reading order (list numbers aside).
 */
function textLines(t: MinutesText): string[] {
  const block = (b: MinutesTextBlock): string[] =>
    b.kind === 'list' ? b.items.flatMap((i) => [i.text, ...(i.details ?? [])]) : [b.text];
  return [
    t.masthead,
    t.heading,
    ...t.preamble.flatMap(block),
    ...t.sections.flatMap((s) => [s.heading, ...s.blocks.flatMap(block)]),
  ];
}
/** What a reader of the HTML sees: the text of the body, tags and entities resolved. */
const htmlText = (html: string) =>
  html
    .replace(/<(style|title)>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
/** Lines compared without white space: the PDF wraps long lines where it likes (also after a hyphen). */
const squeeze = (s: string) => s.replace(/\s+/g, '');
/** What the old minutes printed and the official record must not: English states, two-digit years. */
const ENGLISH_STATES = /\b(draft|published|open|paused|closed|requested|speaking|finished|withdrawn)\b|\(\d+ s\)/;
const TWO_DIGIT_YEAR = /\b\d{1,2}\.\d{1,2}\.\d{2}(?!\d)/;
const BG_DATE =
  /\b\d{1,2} (януари|февруари|март|април|май|юни|юли|август|септември|октомври|ноември|декември) \d{4} г\./;

const ROOT = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '../..');

/**
 * veraPDF, the PDF/A validator (a Java program from Maven Central): VERAPDF_BIN, as .ci/run
 * sets it, else what test/support/verapdf/install.sh prints on its last line — it installs the
 * pinned version with the machine's Maven once (under a minute), then only prints the path.
 */
function verapdfBinary(): string {
  if (process.env.VERAPDF_BIN) return process.env.VERAPDF_BIN;
  const out = execFileSync('bash', [join(ROOT, 'test/support/verapdf/install.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return out.trim().split('\n').pop()!;
}

/** What this test reads of veraPDF's JSON report (one job per file). */
interface VeraPdfJob {
  itemDetails?: { name?: string };
  validationResult?: VeraPdfResult | VeraPdfResult[];
}
interface VeraPdfResult {
  compliant?: boolean;
  details?: { ruleSummaries?: VeraPdfRule[] };
}
interface VeraPdfRule {
  status: string;
  specification: string;
  clause: string;
  testNumber: number;
  description: string;
  failedChecks: number;
  checks?: { errorMessage?: string; context?: string }[];
}

/** One file's verdict: compliant or not, and the rules it failed (clause-test: what, where). */
interface PdfaVerdict {
  file: string;
  compliant: boolean;
  failed: string[];
}

/**
 * Validates the files against PDF/A-2a (ISO 19005-2, level A: tagged, Unicode text) with one
 * run of veraPDF (a JVM start is the slow part) and reads its JSON report. veraPDF exits 1 when
 * a file is not compliant: the report says which rules failed.
 */
function validatePdfA2a(files: string[]): PdfaVerdict[] {
  const run = spawnSync(verapdfBinary(), ['--flavour', '2a', '--format', 'json', ...files], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error || (run.status !== 0 && run.status !== 1))
    throw new Error(`veraPDF failed (exit ${run.status}): ${run.error?.message ?? ''}\n${run.stderr}`);
  const jobs = (JSON.parse(run.stdout) as { report: { jobs: VeraPdfJob[] } }).report.jobs;
  return files.map((file) => {
    // veraPDF names each file by its real path (symbolic links resolved): matched by its name.
    const job = jobs.find((j) => basename(j.itemDetails?.name ?? '') === basename(file));
    // One result per profile validated (an array in 1.28's report; an object taken as one).
    const result: VeraPdfResult | undefined = [job?.validationResult ?? []].flat()[0];
    if (!result) return { file, compliant: false, failed: [`not validated: ${JSON.stringify(job)}`] };
    const failed = (result.details?.ruleSummaries ?? [])
      .filter((r) => r.status === 'failed')
      .map(
        (r) =>
          `${r.specification} ${r.clause}-${r.testNumber}: ${r.description} (${r.failedChecks}×, e.g. ${
            r.checks?.[0]?.errorMessage ?? ''
          } at ${r.checks?.[0]?.context ?? ''})`,
      );
    return { file, compliant: result.compliant === true, failed };
  });
}

describe('minutes: draft, review, signatures, frozen', () => {
  let app: TestApp;
  let clerk: SignedIn;
  let chair: SignedIn;
  let admin: SignedIn;
  let staff: SignedIn;
  const c: SignedIn[] = [];
  let sittingId: string;
  let councilId: string;
  const dir = mkdtempSync(join(tmpdir(), 'minutes-'));

  beforeAll(async () => {
    app = await TestApp.start();
    [clerk, chair, admin, staff] = await Promise.all([
      app.login('clerk'),
      app.login('chair'),
      app.login('admin'),
      app.login('servant01'),
    ]);
    for (const n of [1, 2, 3, 4, 5]) c[n] = await app.login(`councillor0${n}`);
    const bodies = await ok(app.api.get('/api/council/bodies', { token: clerk.token }), 'bodies');
    councilId = bodies.find((b) => b.kind === 'council')!.id;
  }, 120_000);

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await app?.close();
  });

  const url = (p = '') => `/api/council/sessions/${sittingId}${p}`;
  const pub = (p = '') => `/api/public/council/sessions/${sittingId}${p}`;
  /** Bytes as sent, with the headers (the helper reads bodies as text). */
  const bytes = async (path: string, token?: string) => {
    const res = await fetch(app.url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const state = async (s: SignedIn = clerk) => {
    const r = await app.api.get('/api/council/sessions/:id/minutes/status', {
      params: { id: sittingId },
      token: s.token,
    });
    expectOk(r, 200);
    return r.body;
  };

  it('after the closing the minutes are a draft the members read; corrections only during the review period', async () => {
    sittingId = await openSitting(app, { clerk, chair }, 'Заседание за протокола', new Date(Date.now() + 86_400_000));
    for (const n of [1, 2, 3])
      expect((await app.post(url('/attendance'), { userId: c[n]!.user.id }, { token: clerk.token })).status).toBe(200);
    expect((await app.post(url('/close'), {}, { token: chair.token })).status).toBe(200);

    const draft = await app.api.get('/api/council/sessions/:id/minutes', {
      params: { id: sittingId },
      token: c[1]!.token,
    });
    expectOk(draft, 200);
    expect(draft.body.status).toBe('draft');
    expect(draft.body.version).toBe(1);
    expect(draft.body.sha256).toBe(contentSha256(draft.body));
    const closedAt = new Date(draft.body.session.closedAt!).getTime();
    // Seven days of the Sofia calendar: the same wall-clock time a week later (across a DST change too).
    const sofia = (t: number | string) =>
      new Date(t).toLocaleString('sv-SE', { timeZone: 'Europe/Sofia', hour12: false }).split(' ');
    const [closedDay, closedTime] = sofia(closedAt);
    const [endDay, endTime] = sofia(draft.body.reviewEndsAt!);
    const week = new Date(`${closedDay}T12:00:00Z`);
    week.setUTCDate(week.getUTCDate() + 7);
    expect([endDay, endTime]).toEqual([week.toISOString().slice(0, 10), closedTime]);
    expect((await app.get(url('/minutes'), { token: staff.token })).status).toBe(403);
    expect((await app.get(pub('/minutes'))).status).toBe(404);

    const asked = await app.api.post('/api/council/sessions/:id/minutes/corrections', {
      params: { id: sittingId },
      body: { text: 'Съветник 3 дойде по-рано.' },
      token: c[3]!.token,
    });
    expectOk(asked, 200);
    expect(asked.body.corrections).toHaveLength(1);
    expect(asked.body.reviewOpen).toBe(true);
    expect((await app.post(url('/minutes/corrections'), { text: 'x' }, { token: staff.token })).status).toBe(403);

    // Signing waits for the review period.
    const early = await app.api.post('/api/council/sessions/:id/minutes/sign', {
      params: { id: sittingId },
      body: {},
      token: chair.token,
    });
    expectError(early, 409);
    expect(early.body.code).toBe('review_open');
  });

  it('signatures after the review period, every correction answered; both sign the same SHA-256', async () => {
    const taker = await app.api.put('/api/council/sessions/:id/minute-taker', {
      params: { id: sittingId },
      body: { userId: c[1]!.user.id },
      token: clerk.token,
    });
    expectError(taker, 400);
    expect(taker.body.code).toBe('invalid_minute_taker');
    expect((await app.put(url('/minute-taker'), { userId: staff.user.id }, { token: clerk.token })).status).toBe(200);
    expect((await app.put(url('/minute-taker'), {}, { token: c[1]!.token })).status).toBe(403);

    // The admin sets the council's review period to 0 days: the review is over.
    for (const s of [clerk, chair])
      expect((await app.patch(`/api/council/bodies/${councilId}`, { reviewDays: 0 }, { token: s.token })).status).toBe(
        403,
      );
    const set = await app.api.patch('/api/council/bodies/:id', {
      params: { id: councilId },
      body: { reviewDays: 0 },
      token: admin.token,
    });
    expectOk(set, 200);
    expect(set.body.reviewDays).toBe(0);
    expect(
      (await app.patch(`/api/council/bodies/${councilId}`, { reviewDays: 31 }, { token: admin.token })).status,
    ).toBe(400);
    const late = await app.api.post('/api/council/sessions/:id/minutes/corrections', {
      params: { id: sittingId },
      body: { text: 'Още една.' },
      token: c[2]!.token,
    });
    expectError(late, 409);
    expect(late.body.code).toBe('review_closed');

    const open = await app.api.post('/api/council/sessions/:id/minutes/sign', {
      params: { id: sittingId },
      body: {},
      token: chair.token,
    });
    expectError(open, 409);
    expect(open.body.code).toBe('corrections_open');
    const unsigned = await app.api.post('/api/council/sessions/:id/minutes/publish', {
      params: { id: sittingId },
      body: {},
      token: clerk.token,
    });
    expectError(unsigned, 409);
    expect(unsigned.body.code).toBe('not_signed');

    const correction = (await state()).corrections[0];
    const answered = await app.api.post('/api/council/sessions/:id/minutes/corrections/:correctionId/answer', {
      params: { id: sittingId, correctionId: correction.id },
      body: { accepted: false, answer: 'Часът на регистрация е записан от системата.' },
      token: clerk.token,
    });
    expectOk(answered, 200);
    expect(answered.body.corrections[0]).toMatchObject({ accepted: false, answeredBy: { id: clerk.user.id } });
    // Only the refusal's code is checked (not its status): read as an error.
    const again = await app.post<ErrorBody>(
      url(`/minutes/corrections/${correction.id}/answer`),
      { accepted: true, answer: 'Не.' },
      { token: clerk.token },
    );
    expect(again.body.code).toBe('already_answered');

    const notSigner = await app.api.post('/api/council/sessions/:id/minutes/sign', {
      params: { id: sittingId },
      body: {},
      token: c[1]!.token,
    });
    expectError(notSigner, 403);
    expect(notSigner.body.code).toBe('not_a_signer');
    const byChair = await app.api.post('/api/council/sessions/:id/minutes/sign', {
      params: { id: sittingId },
      body: {},
      token: chair.token,
    });
    expectOk(byChair, 200);
    expect(byChair.body.status).toBe('draft');
    const byTaker = await app.api.post('/api/council/sessions/:id/minutes/sign', {
      params: { id: sittingId },
      body: {},
      token: staff.token,
    });
    expectOk(byTaker, 200);
    const st = byTaker.body;
    expect(st.status).toBe('signed');
    expect(st.signatures.map((g) => [g.role, g.signer.id])).toEqual([
      ['chair', chair.user.id],
      ['minute_taker', staff.user.id],
    ]);
    expect(st.sha256).toMatch(/^[0-9a-f]{64}$/);
    for (const g of st.signatures) expect(g.sha256).toBe(st.sha256);
    expect(
      (
        await ok(
          app.api.get('/api/council/sessions/:id/minutes', { params: { id: sittingId }, token: clerk.token }),
          'minutes',
        )
      ).sha256,
    ).toBe(st.sha256);
  });

  it('published once: JSON, HTML and PDF byte for byte the same for everyone, also after an account is disabled and a role changed', async () => {
    for (const s of [chair, c[1]!, staff])
      expect((await app.post(url('/minutes/publish'), {}, { token: s.token })).status).toBe(403);
    const published = await app.api.post('/api/council/sessions/:id/minutes/publish', {
      params: { id: sittingId },
      body: {},
      token: clerk.token,
    });
    expectOk(published, 200);
    expect(published.body.minutesPublishedAt).toEqual(expect.any(String));

    const fetchAll = async () => {
      const out: Record<string, Buffer> = {};
      for (const format of ['json', 'html', 'pdf']) {
        const seen = [
          await bytes(url(`/minutes?format=${format}`), clerk.token),
          await bytes(url(`/minutes?format=${format}`), c[2]!.token),
          await bytes(pub(`/minutes?format=${format}`)),
          await bytes(pub(`/minutes?format=${format}&version=1`)),
        ];
        for (const r of seen) {
          expect(r.status).toBe(200);
          expect(r.headers.get('x-content-sha256')).toBe(sha256(r.bytes));
          expect(r.bytes.equals(seen[0]!.bytes)).toBe(true);
        }
        out[format] = seen[0]!.bytes;
      }
      return out;
    };
    const before = await fetchAll();
    await new Promise((r) => setTimeout(r, 1100)); // a rebuilt document would carry another time
    expect(
      (await app.post(`/api/admin/users/${c[3]!.user.id}/disable`, {}, { token: admin.token })).status,
    ).toBeLessThan(300);
    expect(
      (await app.patch(`/api/admin/users/${c[5]!.user.id}`, { roles: ['staff'] }, { token: admin.token })).status,
    ).toBe(200);
    const after = await fetchAll();
    for (const f of ['json', 'html', 'pdf']) {
      expect(sha256(after[f]!)).toBe(sha256(before[f]!));
      expect(after[f]!.equals(before[f]!)).toBe(true);
    }

    // The JSON carries the signatures and the SHA-256 of its own content.
    const json = JSON.parse(before.json!.toString('utf8')) as CouncilMinutesWithText;
    expect(json.status).toBe('published');
    expect(json.number).toBe(json.session.number);
    expect(json.signatures).toHaveLength(2);
    expect(contentSha256(json)).toBe(json.sha256);
    expect(json.absent.map((a) => a.id)).not.toContain(c[1]!.user.id);
    const html = before.html!.toString('utf8');
    expect(html).toContain(`Протокол № ${json.number}`);
    expect(html).toContain(json.sha256!);

    // Frozen: no more corrections or signatures on this version.
    // Only the refusal's code is checked (not its status): read as an error.
    const sign = await app.post<ErrorBody>(url('/minutes/sign'), {}, { token: chair.token });
    expect(sign.body.code).toBe('minutes_published');
    expect((await app.post(url('/minutes/publish'), {}, { token: clerk.token })).status).toBe(200);
    const audit = await ok(
      app.api.get('/api/admin/audit', { query: { action: 'council.minutes.signed' }, token: admin.token }),
      'the audit',
    );
    const rows = audit.items;
    expect(rows.filter((r) => r.action === 'council.minutes.signed' && r.targetId === sittingId)).toHaveLength(2);
  });

  it('the PDF is PDF/A-2a, tagged, its fonts embedded, with the municipality, the number, the signatures and the hash', async () => {
    const pdf = await bytes(pub('/minutes?format=pdf'));
    const json = await ok(
      app.api.get('/api/public/council/sessions/:id/minutes', { params: { id: sittingId } }),
      'minutes',
    );
    const file = join(dir, 'minutes.pdf');
    writeFileSync(file, pdf.bytes);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/PDF version:\s+1\.7/);
    expect(info).toContain(`Протокол № ${json.number}`);
    const meta = execFileSync('pdfinfo', ['-meta', file], { encoding: 'utf8' });
    expect(meta).toMatch(/<pdfaid:part>2<\/pdfaid:part>/);
    expect(meta).toMatch(/<pdfaid:conformance>A<\/pdfaid:conformance>/);
    // A structure tree: headings, sections, paragraphs and lists (what a screen reader follows).
    const tree = execFileSync('pdfinfo', ['-struct', file], { encoding: 'utf8' });
    for (const tag of ['Document', 'H1', 'Sect', 'H2', 'P', 'L', 'LI', 'LBody'])
      expect(tree).toMatch(new RegExp(`^\\s*${tag}\\b`, 'm'));
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/DejaVuSans\S*\s+CID TrueType\s+Identity-H\s+yes\s+yes/);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain(`Протокол № ${json.number}`);
    expect(text).toContain('Мандат 2023–2027');
    expect(text).toContain(json.session.body!.name);
    expect(text).toContain('Подписи');
    expect(text).toContain(json.sha256!);
    for (const g of json.signatures!) expect(text).toContain(g.signer.displayName);

    // A PDF/A validator's verdict, not only its marks: veraPDF, PDF/A-2a profile. And that it can
    // say no: the same bytes with the PDF/A identification's part number blanked out (same
    // length, so the file is otherwise intact) must fail ISO 19005-2 clause 6.6.4.
    const part = '<pdfaid:part>2</pdfaid:part>';
    const at = pdf.bytes.indexOf(part);
    expect(at).toBeGreaterThan(0); // the XMP metadata stream is not compressed
    const unmarked = join(dir, 'minutes-no-pdfaid.pdf');
    writeFileSync(unmarked, Buffer.from(pdf.bytes).fill(' ', at, at + part.length));
    const [frozen, broken] = validatePdfA2a([file, unmarked]);
    expect(frozen).toEqual({ file, compliant: true, failed: [] });
    expect(broken!.compliant).toBe(false);
    expect(broken!.failed.join('\n')).toMatch(/^ISO 19005-2:2011 6\.6\.4-\d+: /m);
  }, 300_000);

  it('a correction after publication is a new version with its reason; the old one stays available', async () => {
    const v1 = await bytes(pub('/minutes?format=pdf'));
    const early = await app.post(url('/minutes/versions'), { reason: '' }, { token: clerk.token });
    expect(early.status).toBe(400);
    const started = await app.api.post('/api/council/sessions/:id/minutes/versions', {
      params: { id: sittingId },
      body: { reason: 'Поправка на явна фактическа грешка' },
      token: clerk.token,
    });
    expectOk(started, 200);
    expect(started.body).toMatchObject({ version: 2, status: 'draft', reason: 'Поправка на явна фактическа грешка' });
    expect(started.body.versions).toHaveLength(1);
    // Only the refusal's code is checked (not its status): read as an error.
    const twice = await app.post<ErrorBody>(url('/minutes/versions'), { reason: 'Отново' }, { token: clerk.token });
    expect(twice.body.code).toBe('minutes_not_published');

    // Until version 2 is published, everyone gets version 1; its draft is read by its number.
    expect((await bytes(pub('/minutes?format=pdf'))).bytes.equals(v1.bytes)).toBe(true);
    expect((await bytes(pub('/minutes?version=2'))).status).toBe(404);
    const draft2 = await app.get(url('/minutes?version=2'), { token: c[1]!.token });
    expect(draft2.body).toMatchObject({ version: 2, status: 'draft', reason: 'Поправка на явна фактическа грешка' });

    for (const s of [chair, staff])
      expect((await app.post(url('/minutes/sign'), {}, { token: s.token })).status).toBe(200);
    // The record changes after the signatures (a member present is renamed): not what was signed.
    expect(
      (
        await app.patch(
          `/api/admin/users/${c[1]!.user.id}`,
          { displayName: 'Преименуван Съветник' },
          { token: admin.token },
        )
      ).status,
    ).toBe(200);
    const changed = await app.api.post('/api/council/sessions/:id/minutes/publish', {
      params: { id: sittingId },
      body: {},
      token: clerk.token,
    });
    expectError(changed, 409);
    expect(changed.body.code).toBe('minutes_changed');
    // An error's details have no contract: the test looks inside.
    expect((changed.body.details as { stale: unknown }).stale).toEqual(['chair', 'minute_taker']);
    for (const s of [chair, staff])
      expect((await app.post(url('/minutes/sign'), {}, { token: s.token })).status).toBe(200);
    expect((await app.post(url('/minutes/publish'), {}, { token: clerk.token })).status).toBe(200);
    const latest = await app.get(pub('/minutes'));
    expect(latest.body).toMatchObject({
      version: 2,
      status: 'published',
      reason: 'Поправка на явна фактическа грешка',
    });
    expect((await bytes(pub('/minutes?format=pdf&version=1'))).bytes.equals(v1.bytes)).toBe(true);
    const v2 = await bytes(pub('/minutes?format=pdf'));
    expect(v2.headers.get('x-minutes-version')).toBe('2');
    const file = join(dir, 'v2.pdf');
    writeFileSync(file, v2.bytes);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Поправка на явна фактическа грешка');
    expect(text).toContain('Преименуван Съветник');
    const v1text = (await bytes(pub('/minutes?format=html&version=1'))).bytes.toString('utf8');
    expect(v1text).not.toContain('Преименуван Съветник');
    const versions = (await state()).versions;
    expect(versions.map((v) => [v.version, v.reason])).toEqual([
      [1, null],
      [2, 'Поправка на явна фактическа грешка'],
    ]);
  });
  // --- one text for every format (issue 22, item 11) --------------------------------------

  let textSittingId: string;
  const pdfText = (pdf: Buffer, name: string) => {
    const file = join(dir, name);
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  };
  /** The JSON, HTML and PDF of a sitting's minutes, as `token` (none: the public) reads them. */
  const formats = async (id: string, token?: string, query = '') => {
    const base = token ? `/api/council/sessions/${id}/minutes` : `/api/public/council/sessions/${id}/minutes`;
    const [json, html, pdf] = await Promise.all(
      ['json', 'html', 'pdf'].map((f) => bytes(`${base}?format=${f}${query}`, token)),
    );
    for (const r of [json, html, pdf]) expect(r!.status).toBe(200);
    return {
      json: JSON.parse(json!.bytes.toString('utf8')) as CouncilMinutesWithText,
      html: html!.bytes.toString('utf8'),
      pdf: pdf!.bytes,
    };
  };
  /** The HTML and the PDF have every line of the JSON's text, and nothing in English or with a two-digit year. */
  const sameText = (doc: { json: CouncilMinutesWithText; html: string; pdf: Buffer }, name: string) => {
    const lines = textLines(doc.json.text!);
    const html = htmlText(doc.html);
    const pdf = pdfText(doc.pdf, name);
    for (const line of lines) {
      expect(squeeze(html)).toContain(squeeze(line));
      expect(squeeze(pdf)).toContain(squeeze(line));
    }
    for (const text of [html, pdf]) {
      expect(text).not.toMatch(ENGLISH_STATES);
      expect(text).not.toMatch(TWO_DIGIT_YEAR);
      expect(text).not.toContain('Europe/Sofia');
      expect(text).toMatch(BG_DATE);
    }
    return { lines, html, pdf };
  };

  it('one text for every format: the HTML and the PDF have the same lines as the JSON’s text — legal basis, materials, the conflict statement — in Bulgarian', async () => {
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    startsAt.setUTCHours(8, 0, 0, 0);
    const created = await app.api.post('/api/council/sessions', {
      body: {
        title: 'Заседание за текста на протокола',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
        agenda: [
          {
            title: 'Наредба за зелената система',
            rapporteur: 'Председател на комисията по екология',
            legalBasis: 'чл. 21, ал. 2 от ЗМСМА',
            voteMode: 'roll_call',
            majority: 'present',
          },
          { title: 'Питания', voteMode: 'open', majority: 'present' },
        ],
        extraordinary: true,
        extraordinaryReason: EXTRAORDINARY_REASON,
      },
      token: clerk.token,
    });
    expectOk(created, 201);
    textSittingId = created.body.id;
    const item = created.body.items[0]!.id;
    const upload = await fetch(
      `${app.url}/api/council/sessions/${textSittingId}/items/${item}/materials?filename=${encodeURIComponent('Доклад по наредбата.pdf')}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${clerk.token}`, 'content-type': 'application/pdf' },
        body: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1'),
      },
    );
    expect(upload.status).toBe(201);
    const s = (p: string) => `/api/council/sessions/${textSittingId}${p}`;
    expect((await app.post(s('/publish'), {}, { token: clerk.token })).status).toBe(200);
    expect((await app.post(s('/open'), {}, { token: chair.token })).status).toBe(200);
    // 26 of the 51 seats present (the seat holders whose accounts are still enabled).
    const users = await ok(
      app.api.get('/api/admin/users', { query: { role: 'councillor', limit: 200 }, token: admin.token }),
      'users',
    );
    const present = [
      c[2]!.user.id,
      ...users.items.filter((u) => !u.disabled && u.id !== c[2]!.user.id).map((u) => u.id),
    ].slice(0, 26);
    for (const id of present)
      expect((await app.post(s('/attendance'), { userId: id }, { token: clerk.token })).status).toBe(200);
    // A speech of two seconds or more, and a roll-call vote.
    const asked = await app.api.post('/api/council/sessions/:id/speakers', {
      params: { id: textSittingId },
      body: { kind: 'speech' },
      token: c[2]!.token,
    });
    expectOk(asked, 201);
    expect((await app.post(`/api/council/speakers/${asked.body.id}/grant`, {}, { token: chair.token })).status).toBe(
      200,
    );
    await new Promise((r) => setTimeout(r, 2100));
    const finished = await ok(
      app.api.post('/api/council/speakers/:id/finish', { params: { id: asked.body.id }, body: {}, token: chair.token }),
      'finish',
    );
    expect(finished.seconds).toBeGreaterThanOrEqual(2);
    // The sitting’s first vote adopts its agenda (issue 15).
    await adoptAgenda(app, textSittingId, { clerk, chair }, present);
    const vote = await app.api.post('/api/council/sessions/:id/votes', {
      params: { id: textSittingId },
      body: { itemId: item },
      token: chair.token,
    });
    expectOk(vote, 201);
    await showOfHands(app, vote.body.id, present, { clerk, chair });
    expect((await app.post(s('/close'), {}, { token: chair.token })).status).toBe(200);

    // The draft, as a member reads it.
    const draft = await formats(textSittingId, c[1]!.token);
    expect(draft.json.status).toBe('draft');
    // The text is not part of the signed content: the hash is of the record.
    expect(draft.json.sha256).toBe(contentSha256(draft.json));
    const { lines, html, pdf } = sameText(draft, 'text-draft.pdf');
    expect(draft.json.text!.heading).toBe(`Протокол № ${draft.json.number}`);
    expect(draft.json.text!.sections.map((x) => x.heading)).toEqual([
      'Дневен ред',
      'Присъствие',
      'Конфликт на интереси',
      'Гласувания',
      'Изказвания',
      'Видеозапис',
      'Подписи',
    ]);
    // What the HTML used to leave out, and the states and times the old minutes printed in English.
    for (const line of [
      'Правно основание: чл. 21, ал. 2 от ЗМСМА.',
      'Правно основание: не е посочено.',
      'Материали: няма.',
      'Няма деклариран конфликт на интереси.',
      'Състояние на заседанието: закрито. Часовете са по българско време.',
      'ПРОЕКТ — протоколът не е подписан и публикуван.',
      `от извънредно заседание на ${draft.json.session.body!.name}, проведено на`,
    ]) {
      expect(lines.join('\n')).toContain(line);
      expect(squeeze(html)).toContain(squeeze(line));
      expect(squeeze(pdf)).toContain(squeeze(line));
    }
    const material = lines.find((l) => l.startsWith('Материал: Доклад по наредбата.pdf (SHA-256 '));
    expect(material).toBeDefined();
    const speech = lines.find((l) =>
      l.startsWith(`${c[2]!.user.displayName} — изказване по т. 1 „Наредба за зелената система“, `),
    );
    expect(speech).toMatch(/, \d+ с \(приключило\)$/);
    expect(lines).toContain('Решението е прието.');
    expect(lines.filter((l) => l.endsWith(': „за“'))).toHaveLength(26);
    expect(draft.html).toContain('<h1>Протокол № ');
    expect(draft.html).toContain('<ol><li value="1">');

    // Published: the stored formats say the same, with the signatures; the PDF is still PDF/A-2a.
    await app.put(s('/minute-taker'), {}, { token: clerk.token });
    for (const who of [chair, clerk])
      expect((await app.post(s('/minutes/sign'), {}, { token: who.token })).status).toBe(200);
    expect((await app.post(s('/minutes/publish'), {}, { token: clerk.token })).status).toBe(200);
    const published = await formats(textSittingId);
    expect(published.json.status).toBe('published');
    expect(contentSha256(published.json)).toBe(published.json.sha256);
    const after = sameText(published, 'text-published.pdf');
    expect(after.lines).not.toContain('ПРОЕКТ — протоколът не е подписан и публикуван.');
    for (const g of published.json.signatures!)
      expect(
        after.lines.some((l) =>
          l.startsWith(
            `${{ chair: 'Председател', minute_taker: 'Протоколчик' }[g.role as string]}: ${g.signer.displayName}, подписано на `,
          ),
        ),
      ).toBe(true);
    const file = join(dir, 'text-published.pdf');
    const [verdict] = validatePdfA2a([file]);
    expect(verdict).toEqual({ file, compliant: true, failed: [] });
  }, 300_000);

  it('a version published by an earlier release is served as it was stored, byte for byte; only the next version is written in the new wording', async () => {
    // The stored bytes of version 1 become what an earlier release rendered — its English
    // states, seconds and two-digit years —, as a past record's bytes are whatever was published.
    const legacyHtml = Buffer.from(
      '<!doctype html>\n<html lang="bg"><head><meta charset="utf-8"><title>Протокол № 1</title></head><body>\n' +
        '<p>Начало: 2.12.26 г., 10:00:00 ч.; край: 2.12.26 г., 11:00:00 ч. Състояние: closed.</p>\n' +
        '<ul><li>Съветник — изказване (2 s) [finished]</li></ul>\n</body></html>',
      'utf8',
    );
    const stored = await formats(textSittingId);
    const legacyJson = Buffer.from(JSON.stringify({ ...stored.json, text: undefined, legacy: true }), 'utf8');
    const legacyPdf = Buffer.concat([stored.pdf, Buffer.from('%legacy\n', 'latin1')]);
    const env = { JWT_SECRET: app.env.JWT_SECRET! };
    await app.close({ keepDatabase: true });
    const db = new DataSource(
      dataSourceOptions({ databaseUrl: app.db.databaseUrl, dataDir: app.db.dataDir }, ENTITIES, MIGRATIONS),
    );
    await db.initialize();
    try {
      await db.query(
        `UPDATE council_minutes_version SET json = $2, html = $3, pdf = $4, json_sha256 = $5, html_sha256 = $6, pdf_sha256 = $7
         WHERE session_id = $1 AND version = 1`,
        [textSittingId, legacyJson, legacyHtml, legacyPdf, sha256(legacyJson), sha256(legacyHtml), sha256(legacyPdf)],
      );
    } finally {
      await db.destroy();
    }
    app = await TestApp.start({ db: app.db, env });
    [clerk, c[1]] = await Promise.all([app.login('clerk'), app.login('councillor01')]);

    const expected = { json: legacyJson, html: legacyHtml, pdf: legacyPdf } as Record<string, Buffer>;
    const base = `/api/council/sessions/${textSittingId}/minutes`;
    const pubBase = `/api/public/council/sessions/${textSittingId}/minutes`;
    const served = async () => {
      for (const format of ['json', 'html', 'pdf'])
        for (const r of [
          await bytes(`${pubBase}?format=${format}`),
          await bytes(`${pubBase}?format=${format}&version=1`),
          await bytes(`${base}?format=${format}`, c[1]!.token),
        ]) {
          expect(r.status).toBe(200);
          expect(r.bytes.equals(expected[format]!)).toBe(true);
          expect(r.headers.get('x-content-sha256')).toBe(sha256(expected[format]!));
        }
    };
    await served();

    // A correction starts version 2: its draft is the new text; version 1 stays as stored.
    const started = await app.post(
      `/api/council/sessions/${textSittingId}/minutes/versions`,
      { reason: 'Поправка на името на докладчика' },
      { token: clerk.token },
    );
    expect(started.status).toBe(200);
    const v2 = await formats(textSittingId, clerk.token, '&version=2');
    expect(v2.json.version).toBe(2);
    const { lines } = sameText(v2, 'text-v2.pdf');
    expect(lines).toContain('Версия 2. Причина за поправката: Поправка на името на докладчика');
    expect(lines).toContain('Състояние на заседанието: закрито. Часовете са по българско време.');
    await served();
  }, 300_000);
});
