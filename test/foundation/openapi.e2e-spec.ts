import { Validator } from '@seriousme/openapi-schema-validator';
import { TestApp } from '../support/app.js';
import { AnswerChecker, type OpenApiDocument } from '../support/openapi.js';

/**
 * The OpenAPI document (`/api/docs-json`) is a valid OpenAPI document, checked by a maintained
 * validator, and says what each operation answers: a named shape from libs/contracts
 * (`@Answers` in the controller) for its success. Real answers are checked against those
 * shapes in the object-access crawl (test/security/object-access), to the last field.
 *
 * The operations whose answers are not described yet are listed below, by name: the list may
 * only shrink — an operation described since fails here until it leaves the list.
 */
const NOT_YET_DESCRIBED = new Set<string>([]);

/** Operations that answer something other than a JSON object: nothing to describe as a shape. */
const NOT_JSON: Record<string, string> = {
  'GET /api/metrics': 'Prometheus text format (text/plain)',
  'POST /api/admin/backup': 'a gzip archive of the database and the files (application/gzip)',
  'POST /api/auth/logout': '204: no content',
  'POST /api/livekit/webhook': 'LiveKit’s own callback; its answer is read by LiveKit only',
  'GET /api/calendar/{file}': 'an iCalendar feed (text/calendar)',
  'DELETE /api/me/absences/{id}': '204: no content',
  'GET /api/public/council/sessions/{id}/recordings/{recordingId}/chapters.vtt': 'WebVTT chapters (text/vtt)',
  'GET /api/public/council/calendar.ics': 'the sittings as iCalendar (text/calendar)',
  'GET /api/council/sessions/{id}/items/{itemId}/materials/{materialId}':
    'the material’s file as uploaded (PDF, DOCX, …)',
  'GET /api/public/council/sessions/{id}/items/{itemId}/materials/{materialId}':
    'the material’s file as uploaded (PDF, DOCX, …)',
  'POST /api/council/sessions/{id}/video/mute': '204: no content',
  'POST /api/council/sessions/{id}/video/remove': '204: no content',
  'POST /api/council/sessions/{id}/video/microphone': '204: no content',
  'GET /api/public/council/data/catalog.jsonld': 'the DCAT-AP catalogue as JSON-LD (application/ld+json)',
  'GET /api/public/council/data/{file}':
    'a dataset as CSV or JSON rows, or its Table Schema (.schema.json), which describes the rows itself',
};

describe('the OpenAPI document', () => {
  let app: TestApp;
  let doc: OpenApiDocument & { openapi: string };

  beforeAll(async () => {
    app = await TestApp.start();
    doc = (await app.get<OpenApiDocument & { openapi: string }>('/api/docs-json')).body;
  }, 120_000);
  afterAll(() => app?.close());

  it('is valid OpenAPI, by a maintained validator', async () => {
    const validator = new Validator();
    const res = await validator.validate(structuredClone(doc) as never);
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    expect(validator.version).toMatch(/^3\./);
  });

  it('names the answers’ shapes as components, each a schema a validator compiles', () => {
    const names = Object.keys(doc.components?.schemas ?? {});
    expect(names).toEqual(expect.arrayContaining(['UserView', 'SpaceView', 'KnockView', 'PeoplePage']));
    const checker = new AnswerChecker(doc);
    // Every described answer compiles (a broken $ref or keyword would throw here).
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(methods))
        for (const status of Object.keys(op.responses ?? {}))
          expect(() => checker.check(method, path, Number(status), null)).not.toThrow();
  });

  it('describes the success answer of every operation, but those listed as not yet described', () => {
    const checker = new AnswerChecker(doc);
    const undescribed: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(methods)) {
        const name = `${method.toUpperCase()} ${path}`;
        if (name in NOT_JSON) continue;
        const ok = Object.keys(op.responses ?? {}).filter((s) => s.startsWith('2'));
        if (!ok.some((s) => checker.documents(method, path, Number(s)))) undescribed.push(name);
      }
    // Each exemption names a real operation.
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(Object.keys(NOT_JSON).filter((op) => !operations.includes(op))).toEqual([]);
    // Not described and not listed: a new operation without its answer.
    expect(undescribed.filter((op) => !NOT_YET_DESCRIBED.has(op))).toEqual([]);
    // Listed but described: take it off the list.
    expect([...NOT_YET_DESCRIBED].filter((op) => !undescribed.includes(op))).toEqual([]);
  });
});
