import { expectOk } from './support/api.js';
import { TestApp } from './support/app.js';

describe('operations', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  it('GET /api/health answers ok with the database', async () => {
    const res = await app.api.get('/api/health');
    expectOk(res, 200);
    expect(res.body.status).toBe('ok');
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('demo login works', async () => {
    const s = await app.login('servant01');
    expect(s.user.username).toBe('servant01');
  });
});
