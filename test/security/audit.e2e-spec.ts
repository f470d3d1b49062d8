import type { DataSource } from 'typeorm';
import { emptyDataSource } from '../support/database.js';
import { expectError, expectOk, ok } from '../support/api.js';
import { TestApp } from '../support/app.js';
import { openHall, range, weekdayAt } from '../schedule/helpers.js';

describe('audit log over the API', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.close());

  it('records sign-ins, failed sign-ins and admin actions, readable by administrators with filters', async () => {
    const failed = await app.post('/api/auth/login', { username: 'servant05', password: 'wrong-password' });
    expect(failed.status).toBe(401);
    const s = await app.login('servant05');
    const admin = await app.login('admin');
    const created = await ok(
      app.api.post('/api/admin/users', {
        body: { username: 'audited.user', displayName: 'Одитиран', password: 'a-very-long-password', roles: ['staff'] },
        token: admin.token,
      }),
      'create a user',
    );
    await app.post(`/api/admin/users/${created.id}/disable`, undefined, { token: admin.token });
    await app.post('/api/auth/logout', undefined, { token: s.token, cookie: s.cookie });

    const all = await app.api.get('/api/admin/audit', { query: { limit: 500 }, token: admin.token });
    expectOk(all, 200);
    const actions = all.body.items.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['login_failed', 'login', 'user_created', 'user_disabled', 'logout']),
    );

    const mine = await ok(
      app.api.get('/api/admin/audit', { query: { actorId: s.user.id }, token: admin.token }),
      'mine',
    );
    expect(mine.items.map((e) => e.action).sort()).toEqual(['login', 'login_failed', 'logout']);
    const disabled = await ok(
      app.api.get('/api/admin/audit', {
        query: { action: 'user_disabled', targetId: created.id },
        token: admin.token,
      }),
      'disabled',
    );
    expect(disabled.total).toBe(1);
    expect(disabled.items[0]).toMatchObject({ actorId: admin.user.id, targetType: 'user' });

    // Never passwords or tokens.
    const text = JSON.stringify(all.body);
    for (const secret of ['egovbox-demo', 'wrong-password', 'a-very-long-password', s.token, s.cookie.split('=')[1]!]) {
      expect(text).not.toContain(secret);
    }
  });

  it("records bookings changed by others (a clerk approving, rejecting, moving, cancelling), not the organizer's own", async () => {
    const admin = await app.login('admin');
    const clerk = await app.login('clerk');
    const owner = await app.login('servant07');
    const hall = await openHall(app, admin.token, { requiresApproval: true });
    const book = async (hour: number) => {
      const res = await app.api.post('/api/halls/:id/bookings', {
        params: { id: hall.id },
        body: { title: `Одит ${hour}`, ...range(weekdayAt(20, hour), 60) },
        token: owner.token,
      });
      expectOk(res, 201);
      expect(res.body.status).toBe('pending');
      return res.body.id;
    };
    const [approved, rejected] = [await book(9), await book(11)];
    expect((await app.post(`/api/meetings/${approved}/approve`, {}, { token: clerk.token })).status).toBe(200);
    expect(
      (await app.post(`/api/meetings/${rejected}/reject`, { reason: 'Ремонт' }, { token: clerk.token })).status,
    ).toBe(200);
    // The organizer's own change is not "by others"; the clerk's are.
    expect((await app.patch(`/api/meetings/${approved}`, { title: 'Одит, нов' }, { token: owner.token })).status).toBe(
      200,
    );
    const moved = await app.patch(`/api/meetings/${approved}`, range(weekdayAt(20, 14), 60), { token: clerk.token });
    expect(moved.status).toBe(200);
    expect(
      (await app.post(`/api/meetings/${approved}/cancel`, { reason: 'Зала заета' }, { token: clerk.token })).status,
    ).toBe(200);

    const entries = async (targetId: string) =>
      (
        await ok(
          app.api.get('/api/admin/audit', { query: { targetType: 'meeting', targetId }, token: admin.token }),
          'audit',
        )
      ).items
        .map((e) => ({ action: e.action, actorId: e.actorId, organizerId: e.details.organizerId }))
        .reverse();
    const by = { actorId: clerk.user.id, organizerId: owner.user.id };
    expect(await entries(approved)).toEqual([
      { action: 'meeting.approved', ...by },
      { action: 'meeting.changed', ...by },
      { action: 'meeting.cancelled', ...by },
    ]);
    expect(await entries(rejected)).toEqual([{ action: 'meeting.rejected', ...by }]);
  });

  it('is for administrators only, and validates its filters', async () => {
    const staff = await app.login('servant06');
    expect((await app.get('/api/admin/audit', { token: staff.token })).status).toBe(403);
    const admin = await app.login('admin');
    const bad = await app.api.get('/api/admin/audit', { query: { from: 'yesterday' }, token: admin.token });
    expectError(bad, 400, 'validation_failed');
  });
});

describe('audit log in the database', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ ds, close } = await emptyDataSource({ migrate: true }));
    await ds.query(`INSERT INTO audit_event (action, details) VALUES ('test', '{"a": 1}')`);
  });
  afterAll(() => close());

  it('is append-only: a trigger refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(ds.query(`UPDATE audit_event SET action = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
    const rows = await ds.query(`SELECT action FROM audit_event`);
    expect(rows).toEqual([{ action: 'test' }]);
  });
});
