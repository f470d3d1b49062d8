import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PDFParse } from 'pdf-parse';
import type { ErrorBody, MaterialView } from '../../libs/contracts/src/index.js';
import { expectError, expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { adoptAgenda, showOfHands, signAndPublishMinutes } from '../support/council.js';

/**
 * Agenda materials (PDF/DOCX/ODT checked by their bytes, SHA-256, public once published),
 * the published agenda as open data (JSON, CSV), and the minutes published to the public
 * as JSON, HTML and PDF (Cyrillic text extracted from the PDF).
 */

const PDF_TYPE = 'application/pdf';
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const ODT_TYPE = 'application/vnd.oasis.opendocument.text';
const BUDGET = 'Бюджет на общината за 2026 г.';
const SALE = 'Продажба на общински имот „Стара баня“';

/** A ZIP local file header for `name` followed by `content` (enough for the type check). */
function zipEntry(name: string, content: string): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(Buffer.byteLength(name), 26);
  header.writeUInt16LE(0, 28);
  return Buffer.concat([header, Buffer.from(name, 'latin1'), Buffer.from(content, 'latin1')]);
}
const pdfBytes = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
const docxBytes = Buffer.concat([zipEntry('[Content_Types].xml', '<Types/>'), zipEntry('word/document.xml', '<w/>')]);
const odtBytes = zipEntry('mimetype', ODT_TYPE);

describe('council materials, open agenda and published minutes', () => {
  let app: TestApp;
  let clerk: SignedIn;
  let chair: SignedIn;
  let admin: SignedIn;
  let staff: SignedIn;
  let member: SignedIn;
  let sittingId: string;
  let items: { id: string; title: string }[];
  let pdfMaterial: { id: string; sha256: string };
  let councillorIds: string[];

  beforeAll(async () => {
    app = await TestApp.start();
    [clerk, chair, admin, staff, member] = await Promise.all([
      app.login('clerk'),
      app.login('chair'),
      app.login('admin'),
      app.login('servant01'),
      app.login('councillor01'),
    ]);
    const users = await app.api.get('/api/admin/users', {
      query: { role: 'councillor', limit: 200 },
      token: admin.token,
    });
    expectOk(users, 200);
    councillorIds = users.body.items.map((u) => u.id);
    expect(councillorIds).toHaveLength(51);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  const url = (p = '') => `/api/council/sessions/${sittingId}${p}`;
  const params = () => ({ id: sittingId });
  const step = (action: 'open' | 'close', who: SignedIn) =>
    app.api.post(`/api/council/sessions/:id/${action}`, { params: params(), body: {}, token: who.token });
  const publishMinutes = (who?: SignedIn) =>
    app.api.post('/api/council/sessions/:id/minutes/publish', { params: params(), body: {}, token: who?.token });
  const pub = (p = '') => `/api/public/council/sessions/${sittingId}${p}`;
  /** Binary-safe request (the helper reads bodies as text). */
  const raw = (method: string, path: string, body?: Buffer, headers: Record<string, string> = {}, token?: string) =>
    fetch(app.url + path, {
      method,
      body,
      headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
  /**
   * Declares a body over the limit and sends only its start: the server must refuse from
   * the declared length alone (413) without reading 20 MB. (Sending it all races the
   * server's early answer and its closing of the connection.)
   */
  const uploadTooLarge = (path: string, declaredLength: number, type: string, token: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(app.url + path, {
        method: 'POST',
        headers: { 'content-type': type, 'content-length': declaredLength, authorization: `Bearer ${token}` },
      });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body: text });
        });
      });
      req.on('error', reject);
      req.write(pdfBytes);
    });
  const upload = (itemId: string, bytes: Buffer, type: string, filename: string, token = clerk.token) =>
    raw(
      'POST',
      url(`/items/${itemId}/materials?filename=${encodeURIComponent(filename)}`),
      bytes,
      { 'content-type': type },
      token,
    );

  it('the clerk creates a draft with a Cyrillic agenda', async () => {
    const startsAt = new Date(Date.now() + 9 * 86_400_000);
    startsAt.setUTCHours(8, 0, 0, 0);
    const res = await app.api.post('/api/council/sessions', {
      body: {
        title: 'Извънредно заседание',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
        agenda: [
          {
            title: BUDGET,
            rapporteur: 'Кмет',
            legalBasis: 'чл. 21, ал. 1, т. 6 ЗМСМА',
            voteMode: 'open',
            majority: 'all',
          },
          { title: SALE, rapporteur: 'Председател, "ПК"', voteMode: 'roll_call', majority: 'two_thirds_all' },
        ],
      },
      token: clerk.token,
    });
    expectOk(res, 201);
    sittingId = res.body.id;
    items = res.body.items;
  });

  it('materials: PDF, DOCX and ODT by their bytes; wrong bytes, other types and other roles refused', async () => {
    const res = await upload(items[0]!.id, pdfBytes, PDF_TYPE, 'Проект на бюджет.pdf');
    expect(res.status).toBe(201);
    // Uploads are raw bodies (fetch): their answers are read as the contract's types.
    const body = (await res.json()) as MaterialView;
    expect(body).toMatchObject({
      itemId: items[0]!.id,
      filename: 'Проект на бюджет.pdf',
      contentType: PDF_TYPE,
      size: pdfBytes.length,
      sha256: createHash('sha256').update(pdfBytes).digest('hex'),
    });
    pdfMaterial = body;
    expect((await upload(items[1]!.id, docxBytes, DOCX_TYPE, 'Оценка.docx')).status).toBe(201);
    expect((await upload(items[1]!.id, odtBytes, ODT_TYPE, 'Доклад.odt')).status).toBe(201);

    // The name says PDF, the bytes are a DOCX: refused; so are plain text and JSON bodies.
    const liar = await upload(items[0]!.id, docxBytes, PDF_TYPE, 'fake.pdf');
    expect(liar.status).toBe(415);
    expect(((await liar.json()) as ErrorBody).code).toBe('unsupported_material');
    expect((await upload(items[0]!.id, Buffer.from('hello'), ODT_TYPE, 'x.odt')).status).toBe(415);
    expect((await upload(items[0]!.id, pdfBytes, 'text/plain', 'x.pdf')).status).toBe(415);
    const json = await app.post(
      url(`/items/${items[0]!.id}/materials?filename=a.pdf`),
      { a: 1 },
      { token: clerk.token },
    );
    expect(json.status).toBe(415);
    expect((await upload(items[0]!.id, pdfBytes, PDF_TYPE, '')).status).toBe(400);
    expect((await upload(items[0]!.id, pdfBytes, PDF_TYPE, '../../etc/passwd')).status).toBe(400);

    // Over the limit (20 MB): 413 with the common error shape.
    const tooBig = await uploadTooLarge(
      url(`/items/${items[0]!.id}/materials?filename=big.pdf`),
      20 * 1024 * 1024 + 1,
      PDF_TYPE,
      clerk.token,
    );
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.body).code).toBe('payload_too_large');

    for (const s of [member, chair, staff])
      expect((await upload(items[0]!.id, pdfBytes, PDF_TYPE, 'x.pdf', s.token)).status).toBe(403);
    expect(
      (
        await raw('POST', url(`/items/${items[0]!.id}/materials?filename=x.pdf`), pdfBytes, {
          'content-type': PDF_TYPE,
        })
      ).status,
    ).toBe(401);
  }, 60_000);

  it('the clerks and the chair download a draft’s materials; members and the public only once published', async () => {
    const path = `/items/${items[0]!.id}/materials/${pdfMaterial.id}`;
    // The draft is hidden from councillors, and so are its files.
    expect((await raw('GET', url(path), undefined, {}, member.token)).status).toBe(404);
    expect((await raw('GET', url(path), undefined, {}, chair.token)).status).toBe(200);
    const got = await raw('GET', url(path), undefined, {}, clerk.token);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toContain(PDF_TYPE);
    expect(got.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('Проект на бюджет.pdf')}`,
    );
    expect(Buffer.from(await got.arrayBuffer()).equals(pdfBytes)).toBe(true);
    expect((await raw('GET', url(path))).status).toBe(401);
    expect((await raw('GET', pub(path))).status).toBe(404);
    expect((await app.get(pub('/agenda'))).status).toBe(404);
    // Another item's path does not reach the file.
    expect(
      (await raw('GET', url(`/items/${items[1]!.id}/materials/${pdfMaterial.id}`), undefined, {}, clerk.token)).status,
    ).toBe(404);

    expectOk(
      await app.api.post('/api/council/sessions/:id/publish', { params: params(), body: {}, token: clerk.token }),
      200,
    );
    expect((await raw('GET', url(path), undefined, {}, member.token)).status).toBe(200);
    const open = await raw('GET', pub(path));
    expect(open.status).toBe(200);
    const bytes = Buffer.from(await open.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(pdfMaterial.sha256);
  });

  it('the published agenda as open data: JSON and CSV (UTF-8, header row, materials with SHA-256)', async () => {
    const json = await app.api.get('/api/public/council/sessions/:id/agenda', {
      params: params(),
      query: { format: 'json' },
    });
    expectOk(json, 200);
    expect(json.body.session).toMatchObject({ id: sittingId, status: 'published' });
    expect(json.body.items.map((i) => [i.number, i.title, i.voteMode, i.majority])).toEqual([
      [1, BUDGET, 'open', 'all'],
      [2, SALE, 'roll_call', 'two_thirds_all'],
    ]);
    expect(json.body.items[0]!.materials[0]).toMatchObject({ id: pdfMaterial.id, sha256: pdfMaterial.sha256 });
    expect(json.body.items[1]!.materials).toHaveLength(2);

    const csv = await raw('GET', pub('/agenda?format=csv'));
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-type')).toContain('charset=utf-8');
    const text = new TextDecoder('utf-8', { fatal: true }).decode(await csv.arrayBuffer());
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'session_number,session_title,starts_at,item_number,title,rapporteur,legal_basis,vote_mode,majority,material_filename,material_content_type,material_size,material_sha256',
    );
    expect(lines).toHaveLength(4); // item 1 with one material, item 2 with two
    expect(lines[1]).toContain(`,1,${BUDGET},Кмет,`);
    expect(lines[1]).toContain(`"чл. 21, ал. 1, т. 6 ЗМСМА"`);
    expect(lines[1]).toContain(pdfMaterial.sha256);
    expect(lines[2]).toContain(`,2,${SALE},"Председател, ""ПК""",`);
    expect((await app.get(pub('/agenda?format=xml'))).status).toBe(400);
  });

  it('minutes: published only for a closed session, then JSON, HTML and PDF without login', async () => {
    expectOk(await step('open', chair), 200);
    // 26 of 51 registered in the hall by the clerk; an open vote recorded by show of hands.
    for (const id of councillorIds.slice(0, 26))
      expectOk(
        await app.api.post('/api/council/sessions/:id/attendance', {
          params: params(),
          body: { userId: id },
          token: clerk.token,
        }),
        200,
      );
    // The sitting’s first vote adopts its agenda (issue 15).
    await adoptAgenda(app, sittingId, { clerk, chair }, councillorIds.slice(0, 26));
    const vote = await app.api.post('/api/council/sessions/:id/votes', {
      params: params(),
      body: { itemId: items[0]!.id },
      token: chair.token,
    });
    expectOk(vote, 201);
    expect((await showOfHands(app, vote.body.id, councillorIds.slice(0, 26), { clerk, chair })).passed).toBe(true);

    expectError(await publishMinutes(clerk), 409, 'session_not_closed');
    expectOk(await step('close', chair), 200);
    expectError(await app.api.get('/api/public/council/sessions/:id/minutes', { params: params() }), 404);
    expect((await raw('GET', pub('/minutes?format=pdf'))).status).toBe(404);

    for (const s of [chair, member, staff]) expectError(await publishMinutes(s), 403);
    expectError(await publishMinutes(), 401);
    // Published only once signed (review period, chair and minute-taker: test/council/minutes).
    expectError(await publishMinutes(clerk), 409, 'not_signed');
    const published = { status: 200, body: await signAndPublishMinutes(app, sittingId, { admin, clerk, chair }) };
    expect(published.status).toBe(200);
    expect(published.body.minutesPublishedAt).toEqual(expect.any(String));
    const again = await publishMinutes(clerk);
    expect(again.body).toMatchObject({ minutesPublishedAt: published.body.minutesPublishedAt });

    const json = await app.api.get('/api/public/council/sessions/:id/minutes', {
      params: params(),
      query: { format: 'json' },
    });
    expectOk(json, 200);
    expect(json.body.session.items.map((i) => i.title)).toEqual([BUDGET, SALE]);
    // The agenda's adoption (the sitting's first vote), then the item's vote.
    expect(json.body.votes.map((v) => v.kind)).toEqual(['agenda', 'decision']);
    expect(json.body.attendance.filter((a) => a.present)).toHaveLength(26);
    const html = await app.get(pub('/minutes?format=html'));
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(html.body).toContain(BUDGET);
    expect(html.body).toContain('Решението е прието.');

    // The audit log has the publication (once).
    const rows = (
      await ok(
        app.api.get('/api/admin/audit', { query: { action: 'council.minutes.published' }, token: admin.token }),
        'audit',
      )
    ).items;
    expect(rows.filter((r) => r.action === 'council.minutes.published' && r.targetId === sittingId)).toHaveLength(1);
  }, 120_000);

  it('PDF minutes: a real PDF with the agenda in Cyrillic, for the clerk and (published) the public', async () => {
    expect((await raw('GET', url('/minutes?format=pdf'), undefined, {}, staff.token)).status).toBe(403);
    for (const res of [
      await raw('GET', url('/minutes?format=pdf'), undefined, {}, clerk.token),
      await raw('GET', url('/minutes?format=pdf'), undefined, {}, member.token),
      await raw('GET', pub('/minutes?format=pdf')),
    ]) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/pdf');
      const pdf = Buffer.from(await res.arrayBuffer());
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const parser = new PDFParse({ data: new Uint8Array(pdf) });
      const text = (await parser.getText()).text.replace(/\s+/g, ' ');
      await parser.destroy();
      expect(text).toContain('Дневен ред');
      expect(text).toContain(BUDGET);
      expect(text).toContain('Решението е прието.');
      expect(text).toContain('Проект на бюджет.pdf');
    }
  }, 60_000);
});
