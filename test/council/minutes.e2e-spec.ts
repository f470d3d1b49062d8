import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestApp, type Session } from '../support/app.js';
import { openSitting } from '../support/council.js';

/**
 * Minutes: draft, review, signatures, frozen (issue 14). The defect this proves fixed:
 * "Minutes are rebuilt on every request, also after publication; nothing is signed" — before,
 * every request rendered the minutes anew (its `generatedAt`, the PDF's creation time), so
 * two downloads of published minutes differed, and no route recorded a signature.
 */
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** The canonical content (docs/api.md, Council → minutes): what the signatures' SHA-256 is of. */
function contentSha256(m: any): string {
  const { version: _v, minutesPublishedAt: _p, video: _video, ...session } = m.session;
  const content = {
    session,
    attendance: m.attendance,
    absent: m.absent,
    votes: m.votes.map(({ mine: _mine, ...v }: any) => v),
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
              .filter((k) => (v as any)[k] !== undefined)
              .map((k) => [k, sort((v as any)[k])]),
          )
        : v;
  return sha256(JSON.stringify(sort(content)));
}

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
  const jobs: any[] = JSON.parse(run.stdout).report.jobs;
  return files.map((file) => {
    // veraPDF names each file by its real path (symbolic links resolved): matched by its name.
    const job = jobs.find((j) => basename(j.itemDetails?.name ?? '') === basename(file));
    // One result per profile validated (an array in 1.28's report; an object taken as one).
    const result = [job?.validationResult ?? []].flat()[0];
    if (!result) return { file, compliant: false, failed: [`not validated: ${JSON.stringify(job)}`] };
    const failed = (result.details?.ruleSummaries ?? [])
      .filter((r: any) => r.status === 'failed')
      .map(
        (r: any) =>
          `${r.specification} ${r.clause}-${r.testNumber}: ${r.description} (${r.failedChecks}×, e.g. ${
            r.checks?.[0]?.errorMessage ?? ''
          } at ${r.checks?.[0]?.context ?? ''})`,
      );
    return { file, compliant: result.compliant === true, failed };
  });
}

describe('minutes: draft, review, signatures, frozen', () => {
  let app: TestApp;
  let clerk: Session;
  let chair: Session;
  let admin: Session;
  let staff: Session;
  const c: Session[] = [];
  let sessionId: string;
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
    const bodies = await app.get('/api/council/bodies', { token: clerk.token });
    councilId = bodies.body.find((b: any) => b.kind === 'council').id;
  }, 120_000);

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await app?.close();
  });

  const url = (p = '') => `/api/council/sessions/${sessionId}${p}`;
  const pub = (p = '') => `/api/public/council/sessions/${sessionId}${p}`;
  /** Bytes as sent, with the headers (the helper reads bodies as text). */
  const bytes = async (path: string, token?: string) => {
    const res = await fetch(app.url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const state = async (s: Session = clerk) => {
    const r = await app.get(url('/minutes/status'), { token: s.token });
    expect(r.status).toBe(200);
    return r.body;
  };

  it('after the closing the minutes are a draft the members read; corrections only during the review period', async () => {
    sessionId = await openSitting(app, { clerk, chair }, 'Заседание за протокола', new Date(Date.now() + 86_400_000));
    for (const n of [1, 2, 3])
      expect((await app.post(url('/attendance'), { userId: c[n]!.user.id }, { token: clerk.token })).status).toBe(200);
    expect((await app.post(url('/close'), {}, { token: chair.token })).status).toBe(200);

    const draft = await app.get(url('/minutes'), { token: c[1]!.token });
    expect(draft.status).toBe(200);
    expect(draft.body.status).toBe('draft');
    expect(draft.body.version).toBe(1);
    expect(draft.body.sha256).toBe(contentSha256(draft.body));
    const closedAt = new Date(draft.body.session.closedAt).getTime();
    // Seven days of the Sofia calendar: the same wall-clock time a week later (across a DST change too).
    const sofia = (t: number | string) =>
      new Date(t).toLocaleString('sv-SE', { timeZone: 'Europe/Sofia', hour12: false }).split(' ');
    const [closedDay, closedTime] = sofia(closedAt);
    const [endDay, endTime] = sofia(draft.body.reviewEndsAt);
    const week = new Date(`${closedDay}T12:00:00Z`);
    week.setUTCDate(week.getUTCDate() + 7);
    expect([endDay, endTime]).toEqual([week.toISOString().slice(0, 10), closedTime]);
    expect((await app.get(url('/minutes'), { token: staff.token })).status).toBe(403);
    expect((await app.get(pub('/minutes'))).status).toBe(404);

    const asked = await app.post(
      url('/minutes/corrections'),
      { text: 'Съветник 3 дойде по-рано.' },
      { token: c[3]!.token },
    );
    expect(asked.status).toBe(200);
    expect(asked.body.corrections).toHaveLength(1);
    expect(asked.body.reviewOpen).toBe(true);
    expect((await app.post(url('/minutes/corrections'), { text: 'x' }, { token: staff.token })).status).toBe(403);

    // Signing waits for the review period.
    const early = await app.post(url('/minutes/sign'), {}, { token: chair.token });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('review_open');
  });

  it('signatures after the review period, every correction answered; both sign the same SHA-256', async () => {
    const taker = await app.put(url('/minute-taker'), { userId: c[1]!.user.id }, { token: clerk.token });
    expect(taker.status).toBe(400);
    expect(taker.body.code).toBe('invalid_minute_taker');
    expect((await app.put(url('/minute-taker'), { userId: staff.user.id }, { token: clerk.token })).status).toBe(200);
    expect((await app.put(url('/minute-taker'), {}, { token: c[1]!.token })).status).toBe(403);

    // The admin sets the council's review period to 0 days: the review is over.
    for (const s of [clerk, chair])
      expect((await app.patch(`/api/council/bodies/${councilId}`, { reviewDays: 0 }, { token: s.token })).status).toBe(
        403,
      );
    const set = await app.patch(`/api/council/bodies/${councilId}`, { reviewDays: 0 }, { token: admin.token });
    expect(set.status).toBe(200);
    expect(set.body.reviewDays).toBe(0);
    expect(
      (await app.patch(`/api/council/bodies/${councilId}`, { reviewDays: 31 }, { token: admin.token })).status,
    ).toBe(400);
    const late = await app.post(url('/minutes/corrections'), { text: 'Още една.' }, { token: c[2]!.token });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('review_closed');

    const open = await app.post(url('/minutes/sign'), {}, { token: chair.token });
    expect(open.status).toBe(409);
    expect(open.body.code).toBe('corrections_open');
    const unsigned = await app.post(url('/minutes/publish'), {}, { token: clerk.token });
    expect(unsigned.status).toBe(409);
    expect(unsigned.body.code).toBe('not_signed');

    const correction = (await state()).corrections[0];
    const answered = await app.post(
      url(`/minutes/corrections/${correction.id}/answer`),
      { accepted: false, answer: 'Часът на регистрация е записан от системата.' },
      { token: clerk.token },
    );
    expect(answered.status).toBe(200);
    expect(answered.body.corrections[0]).toMatchObject({ accepted: false, answeredBy: { id: clerk.user.id } });
    const again = await app.post(
      url(`/minutes/corrections/${correction.id}/answer`),
      { accepted: true, answer: 'Не.' },
      { token: clerk.token },
    );
    expect(again.body.code).toBe('already_answered');

    const notSigner = await app.post(url('/minutes/sign'), {}, { token: c[1]!.token });
    expect(notSigner.status).toBe(403);
    expect(notSigner.body.code).toBe('not_a_signer');
    const byChair = await app.post(url('/minutes/sign'), {}, { token: chair.token });
    expect(byChair.status).toBe(200);
    expect(byChair.body.status).toBe('draft');
    const byTaker = await app.post(url('/minutes/sign'), {}, { token: staff.token });
    expect(byTaker.status).toBe(200);
    const st = byTaker.body;
    expect(st.status).toBe('signed');
    expect(st.signatures.map((g: any) => [g.role, g.signer.id])).toEqual([
      ['chair', chair.user.id],
      ['minute_taker', staff.user.id],
    ]);
    expect(st.sha256).toMatch(/^[0-9a-f]{64}$/);
    for (const g of st.signatures) expect(g.sha256).toBe(st.sha256);
    expect((await app.get(url('/minutes'), { token: clerk.token })).body.sha256).toBe(st.sha256);
  });

  it('published once: JSON, HTML and PDF byte for byte the same for everyone, also after an account is disabled and a role changed', async () => {
    for (const s of [chair, c[1]!, staff])
      expect((await app.post(url('/minutes/publish'), {}, { token: s.token })).status).toBe(403);
    const published = await app.post(url('/minutes/publish'), {}, { token: clerk.token });
    expect(published.status).toBe(200);
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
    const json = JSON.parse(before.json!.toString('utf8'));
    expect(json.status).toBe('published');
    expect(json.number).toBe(json.session.number);
    expect(json.signatures).toHaveLength(2);
    expect(contentSha256(json)).toBe(json.sha256);
    expect(json.absent.map((a: any) => a.id)).not.toContain(c[1]!.user.id);
    const html = before.html!.toString('utf8');
    expect(html).toContain(`Протокол № ${json.number}`);
    expect(html).toContain(json.sha256);

    // Frozen: no more corrections or signatures on this version.
    const sign = await app.post(url('/minutes/sign'), {}, { token: chair.token });
    expect(sign.body.code).toBe('minutes_published');
    expect((await app.post(url('/minutes/publish'), {}, { token: clerk.token })).status).toBe(200);
    const audit = await app.get('/api/admin/audit?action=council.minutes.signed', { token: admin.token });
    const rows = (audit.body.items ?? audit.body) as { action: string; targetId: string }[];
    expect(rows.filter((r) => r.action === 'council.minutes.signed' && r.targetId === sessionId)).toHaveLength(2);
  });

  it('the PDF is PDF/A-2a, tagged, its fonts embedded, with the municipality, the number, the signatures and the hash', async () => {
    const pdf = await bytes(pub('/minutes?format=pdf'));
    const json = (await app.get(pub('/minutes'))).body;
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
    expect(text).toContain(json.session.body.name);
    expect(text).toContain('Подписи');
    expect(text).toContain(json.sha256);
    for (const g of json.signatures) expect(text).toContain(g.signer.displayName);

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
    const started = await app.post(
      url('/minutes/versions'),
      { reason: 'Поправка на явна фактическа грешка' },
      { token: clerk.token },
    );
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ version: 2, status: 'draft', reason: 'Поправка на явна фактическа грешка' });
    expect(started.body.versions).toHaveLength(1);
    const twice = await app.post(url('/minutes/versions'), { reason: 'Отново' }, { token: clerk.token });
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
    const changed = await app.post(url('/minutes/publish'), {}, { token: clerk.token });
    expect(changed.status).toBe(409);
    expect(changed.body.code).toBe('minutes_changed');
    expect(changed.body.details.stale).toEqual(['chair', 'minute_taker']);
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
    expect(versions.map((v: any) => [v.version, v.reason])).toEqual([
      [1, null],
      [2, 'Поправка на явна фактическа грешка'],
    ]);
  });
});
