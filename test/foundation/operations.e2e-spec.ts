import { TestApp } from '../support/app.js';
import { eventually } from '../support/eventually.js';

/** What this test reads of the OpenAPI document. */
interface OpenApiParts {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: {
          content: Record<string, { schema: { properties: Record<string, unknown>; required?: string[] } }>;
        };
      }
    >
  >;
  components: { securitySchemes: Record<string, unknown> };
}

describe('operations', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  it('GET /api/health answers ok when the database answers', async () => {
    const res = await app.get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: expect.stringMatching(/embedded|postgresql/) });
  });

  it('serves Swagger UI at /api/docs and OpenAPI 3 with schemas at /api/docs-json', async () => {
    const ui = await app.get('/api/docs');
    expect(ui.status).toBe(200);
    expect(String(ui.body)).toContain('swagger');
    const doc = await app.get<OpenApiParts>('/api/docs-json');
    expect(doc.body.openapi).toMatch(/^3\./);
    const create = doc.body.paths['/api/admin/users']!.post!;
    const schema = create.requestBody!.content['application/json']!.schema;
    expect(schema.properties.username).toBeDefined();
    expect(schema.required).toEqual(expect.arrayContaining(['username', 'password', 'roles']));
    expect(doc.body.components.securitySchemes.bearer).toBeDefined();
  });

  it('Prometheus metrics for administrators only', async () => {
    const admin = await app.login('admin');
    const res = await app.get('/api/metrics', { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(String(res.body)).toContain('egov_process_cpu_user_seconds_total');
    const staff = await app.login('servant01');
    expect((await app.get('/api/metrics', { token: staff.token })).status).toBe(403);
  });

  it('logs JSON lines carrying the request id', async () => {
    await app.get('/api/health', { headers: { 'x-request-id': 'log-check-0001' } });
    // The marker: a second request, asked after the first was answered. Its line is written
    // after every line the first request wrote (one process, one output stream, in order).
    await app.get('/api/health', { headers: { 'x-request-id': 'log-check-0002' } });
    await eventually(async () => expect(app.output.some((l) => l.includes('log-check-0002'))).toBe(true));
    const lines = app.output.filter((l) => l.includes('log-check-0001'));
    // One line per request: method, path, status and time, under the request id.
    expect(lines).toHaveLength(1);
    // Started without a warning of Node or its packages (Fastify 5.12 deprecated the
    // top-level disableRequestLogging that turned its own two lines off).
    expect(app.output.filter((l) => /DeprecationWarning|FSTDEP|Warning:/.test(l))).toEqual([]);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      reqId: 'log-check-0001',
      req: { method: 'GET', url: '/api/health' },
      res: { statusCode: 200 },
      ms: expect.any(Number),
    });
  });

  it('shuts down gracefully on SIGTERM: exit code 0', async () => {
    const other = await TestApp.start();
    expect((await other.get('/api/health')).status).toBe(200);
    other.child.kill('SIGTERM');
    expect(await other.waitForExit()).toBe(0);
    expect(other.output.join('\n')).toContain('"msg":"stopped"');
    await other.close();
  });
});
