import type { ErrorBody } from '../support/api.js';
import { TestApp } from '../support/app.js';

describe('sign-in lockout per client address', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start({ env: { LOGIN_MAX_FAILURES_PER_ADDRESS: '4', LOGIN_MAX_FAILURES_PER_USER: '100' } });
  });
  afterAll(() => app.close());

  it('failures spread over many usernames from one address lock that address out with 429', async () => {
    for (let i = 1; i <= 4; i++) {
      const res = await app.post('/api/auth/login', { username: `servant0${i}`, password: 'guess-' + i });
      expect(res.status).toBe(401);
    }
    const locked = await app.post<ErrorBody>('/api/auth/login', { username: 'servant09', password: 'egovbox-demo' });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('too_many_requests');
    const admin = (await app.get('/api/health')).status;
    expect(admin).toBe(200); // the rest of the API still answers
  });
});
