import { TestApp, type SignedIn } from '../support/app.js';
import { adoptAgenda, openSitting } from '../support/council.js';
import { changedTables, snapshot } from '../support/fingerprint.js';
import { workday } from '../support/world.js';

/**
 * A person's rights (docs/security.md, "Record of processing"): an administrator exports
 * everything the portal holds about one person, and erases a person who has left — their
 * private data goes, the council's public record keeps their name.
 */
describe('personal data: export and erasure', () => {
  let app: TestApp;
  let admin: SignedIn;
  let servant: SignedIn; // the person who leaves (bookings, a one-on-one, knocks)
  let colleague: SignedIn;
  let councillor: SignedIn; // a councillor who leaves (attendance, a named vote)
  let sittingId: string;

  const ok = async <T>(what: string, res: Promise<{ status: number; body: T }>) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  beforeAll(async () => {
    app = await TestApp.start();
    [admin, servant, colleague, councillor] = await Promise.all(
      ['admin', 'servant01', 'servant02', 'councillor01'].map((u) => app.login(u)),
    );
    const [clerk, chair] = [await app.login('clerk'), await app.login('chair')];
    const hall = (await ok('halls', app.get('/api/halls', { token: servant.token })))[0];
    const at = workday(1, 10);
    await ok(
      'booking',
      app.post(
        `/api/halls/${hall.id}/bookings`,
        {
          title: 'Лична среща на напускащия',
          inviteeIds: [colleague.user.id],
          startsAt: at.toUTC().toISO(),
          endsAt: at.plus({ hours: 1 }).toUTC().toISO(),
        },
        { token: servant.token },
      ),
    );
    const slot = workday(2, 11);
    await ok(
      'one-on-one',
      app.post(
        '/api/one-on-ones',
        {
          inviteeId: colleague.user.id,
          topic: 'Тайна тема на напускащия',
          slots: [{ startsAt: slot.toUTC().toISO(), endsAt: slot.plus({ minutes: 30 }).toUTC().toISO() }],
        },
        { token: servant.token },
      ),
    );
    const colleagueRoom = await ok('room', app.get('/api/rooms/me', { token: colleague.token }));
    await ok(
      'knock',
      app.post(
        `/api/spaces/${colleagueRoom.id}/knocks`,
        { message: 'Съобщение от напускащия' },
        { token: servant.token },
      ),
    );
    const servantRoom = await ok('room', app.get('/api/rooms/me', { token: servant.token }));
    await ok(
      'knock at their room',
      app.post(
        `/api/spaces/${servantRoom.id}/knocks`,
        { message: 'Чуждо лично съобщение' },
        { token: colleague.token },
      ),
    );
    await ok('feed', app.post('/api/me/calendar-feed', {}, { token: servant.token }));
    await ok(
      'working hours',
      app.put(
        '/api/me/working-hours',
        { intervals: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '16:30' })) },
        { token: servant.token },
      ),
    );
    await ok(
      'absence',
      app.post(
        '/api/me/absences',
        { kind: 'leave', startsOn: '2031-07-01', endsOn: '2031-07-03' },
        { token: servant.token },
      ),
    );
    await ok(
      'audit entry',
      app.patch(`/api/admin/users/${servant.user.id}`, { email: 'servant01@example.bg' }, { token: admin.token }),
    );

    // A sitting with the councillor present and a named (open) vote they took part in.
    sittingId = await openSitting(app, { clerk, chair }, 'Заседание с напускащ съветник', new Date());
    const url = `/api/council/sessions/${sittingId}`;
    const users = await ok(
      'councillors',
      app.get('/api/admin/users?role=councillor&limit=100', { token: admin.token }),
    );
    const present: string[] = users.items.map((u: { id: string }) => u.id).slice(0, 30);
    for (const id of present)
      await ok('check-in', app.post(`${url}/attendance`, { userId: id }, { token: clerk.token }));
    const sitting = await ok('session', app.get(url, { token: clerk.token }));
    const itemId = sitting.items[0].id;
    if (sitting.currentItemId !== itemId)
      await ok('activate', app.post(`${url}/items/${itemId}/activate`, {}, { token: chair.token }));
    // The sitting’s first vote adopts its agenda (issue 15).
    await adoptAgenda(app, sittingId, { clerk, chair }, present);
    const vote = await ok('vote', app.post(`${url}/votes`, { itemId }, { token: chair.token }));
    await ok(
      'ballot',
      app.post(`/api/council/votes/${vote.id}/ballots`, { choice: 'against' }, { token: councillor.token }),
    );
    await ok('close vote', app.post(`/api/council/votes/${vote.id}/close`, {}, { token: chair.token }));
  });
  afterAll(() => app.close());

  it('exports every section about the person, none of other people’s private data; audited', async () => {
    const res = await app.get(`/api/admin/users/${servant.user.id}/personal-data`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const data = res.body;
    expect(Object.keys(data)).toEqual(
      expect.arrayContaining(['account', 'auditLog', 'council', 'knocks', 'meetings', 'oneOnOnes', 'videoPresence']),
    );
    expect(data.account).toMatchObject({ username: 'servant01', email: 'servant01@example.bg' });
    expect(data.account.sessions.length).toBeGreaterThan(0);
    expect(data.knocks.made).toEqual([expect.objectContaining({ message: 'Съобщение от напускащия' })]);
    expect(data.knocks.atMyRoom).toHaveLength(1);
    expect(data.meetings.meetings.map((m: { title: string }) => m.title)).toContain('Лична среща на напускащия');
    expect(data.meetings.calendarFeed).not.toBeNull();
    expect(data.oneOnOnes.requests).toEqual([
      expect.objectContaining({ topic: 'Тайна тема на напускащия', role: 'requester' }),
    ]);
    expect(data.oneOnOnes.workingHours).toHaveLength(5);
    expect(data.oneOnOnes.absences).toEqual([expect.objectContaining({ kind: 'leave', startsOn: '2031-07-01' })]);
    expect(data.auditLog.map((a: { action: string }) => a.action)).toContain('user_updated');
    const text = JSON.stringify(data);
    expect(text).not.toContain('Чуждо лично съобщение');
    expect(text).not.toMatch(/passwordHash|password_hash|tokenHash|token_hash|secret_hash/);

    const councilExport = (
      await app.get(`/api/admin/users/${councillor.user.id}/personal-data`, { token: admin.token })
    ).body;
    expect(councilExport.council.attendance).toEqual([
      expect.objectContaining({ sessionId: sittingId, present: true }),
    ]);
    // The show of hands that adopted the agenda (no item), then their own ballot on the item.
    expect(councilExport.council.ballots).toEqual([
      expect.objectContaining({ itemId: null, choice: 'for' }),
      expect.objectContaining({ itemId: expect.any(String), choice: 'against' }),
    ]);

    const audit = await app.get(`/api/admin/audit?action=personal_data_exported&targetId=${servant.user.id}`, {
      token: admin.token,
    });
    expect(audit.body.total).toBe(1);
    expect(audit.body.items[0].actorId).toBe(admin.user.id);
  });

  it('refuses a wrong confirmation (400, nothing changed), an unknown id (404) and oneself (409)', async () => {
    const before = await snapshot(app);
    app = before.app;
    const wrong = await app.post(
      `/api/admin/users/${servant.user.id}/erase`,
      { confirm: 'servant02' },
      { token: admin.token },
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('confirmation_mismatch');
    const missing = await app.post(`/api/admin/users/${servant.user.id}/erase`, {}, { token: admin.token });
    expect(missing.status).toBe(400);
    const unknown = await app.post(
      '/api/admin/users/00000000-0000-4000-8000-000000000000/erase',
      { confirm: 'x' },
      { token: admin.token },
    );
    expect(unknown.status).toBe(404);
    expect(
      (await app.get('/api/admin/users/00000000-0000-4000-8000-000000000000/personal-data', { token: admin.token }))
        .status,
    ).toBe(404);
    const self = await app.post(
      `/api/admin/users/${admin.user.id}/erase`,
      { confirm: 'admin' },
      { token: admin.token },
    );
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('cannot_erase_self');
    const after = await snapshot(app);
    app = after.app;
    expect(changedTables(before.print, after.print)).toEqual([]);
  });

  it('erases: no sign-in, private data gone, other tables unchanged, the public council record the same; audited', async () => {
    const publicPage = async () => JSON.stringify((await app.get(`/api/public/council/sessions/${sittingId}`)).body);
    const register = async () => JSON.stringify((await app.get('/api/public/council/decisions')).body);
    const [pageBefore, registerBefore] = [await publicPage(), await register()];
    expect(pageBefore).toContain(councillor.user.displayName);
    const colleagueMeetingsBefore = (await app.get('/api/meetings/upcoming?limit=50', { token: colleague.token })).body;
    const before = await snapshot(app);
    app = before.app;
    const socket = await app.socket(servant.token);
    const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));

    const erased = await app.post(
      `/api/admin/users/${servant.user.id}/erase`,
      { confirm: 'servant01' },
      { token: admin.token },
    );
    expect(erased.status).toBe(200);
    expect(erased.body.user).toMatchObject({ disabled: true, email: null });
    expect(erased.body.user.displayName).toMatch(/^Бивш служител \d+$/);
    expect(erased.body.publicRecords).toEqual([]);
    expect(await dropped).toBe('io server disconnect');
    socket.close();
    const gone = await app.post(
      `/api/admin/users/${councillor.user.id}/erase`,
      { confirm: 'councillor01' },
      { token: admin.token },
    );
    expect(gone.status).toBe(200);
    expect(gone.body.publicRecords).toEqual(['council']);

    const after = await snapshot(app);
    app = after.app;
    // Only the tables the record of processing names as erased or anonymised changed.
    const changed = changedTables(before.print, after.print).map((c) => c.split(':')[0]);
    expect(
      changed.filter(
        (t) =>
          ![
            'app_user',
            'space',
            'knock',
            'meeting',
            'meeting_participant',
            'one_on_one_request',
            'working_hours',
            'absence',
            'calendar_feed',
            'person_busy',
          ].includes(t),
      ),
    ).toEqual([]);

    expect((await app.post('/api/auth/login', { username: 'servant01', password: 'egovbox-demo' })).status).toBe(401);
    expect((await app.get('/api/me', { token: servant.token })).status).toBe(401);
    const data = (await app.get(`/api/admin/users/${servant.user.id}/personal-data`, { token: admin.token })).body;
    expect(data.account).toMatchObject({ email: null, department: null, roles: [], publicName: null });
    expect(data.account.personalRooms[0].name).toBe(data.account.displayName);
    expect(data.knocks).toEqual({ made: [], atMyRoom: [] });
    expect(data.meetings.calendarFeed).toBeNull();
    expect(data.meetings.meetings.every((m: { status: string }) => m.status === 'cancelled')).toBe(true);
    expect(data.oneOnOnes.requests).toEqual([expect.objectContaining({ topic: '—', status: 'cancelled' })]);
    expect(data.oneOnOnes.workingHours).toEqual([]);
    expect(data.oneOnOnes.absences).toEqual([]);
    expect(JSON.stringify(data)).not.toMatch(/servant01@example|Тайна тема|Съобщение от напускащия/);

    // The colleague keeps their own things; the erased person's booking no longer takes their time.
    const colleagueMeetingsAfter = (await app.get('/api/meetings/upcoming?limit=50', { token: colleague.token })).body;
    expect(JSON.stringify(colleagueMeetingsAfter)).not.toContain('Лична среща на напускащия');
    expect(JSON.stringify(colleagueMeetingsBefore)).toContain('Лична среща на напускащия');

    // What the law keeps public stays exactly as it was.
    expect(await publicPage()).toBe(pageBefore);
    expect(await register()).toBe(registerBefore);
    const councilData = (await app.get(`/api/admin/users/${councillor.user.id}/personal-data`, { token: admin.token }))
      .body;
    expect(councilData.account.publicName).toBe(councillor.user.displayName);
    expect(councilData.account.displayName).not.toBe(councillor.user.displayName);

    const audit = await app.get(`/api/admin/audit?action=personal_data_erased`, { token: admin.token });
    expect(audit.body.items.map((a: { targetId: string }) => a.targetId).sort()).toEqual(
      [servant.user.id, councillor.user.id].sort(),
    );
    expect(JSON.stringify(audit.body)).not.toContain(councillor.user.displayName);
    // The audit log stays whole: entries about the person are still there.
    const about = await app.get(`/api/admin/audit?action=user_updated&targetId=${servant.user.id}`, {
      token: admin.token,
    });
    expect(about.body.total).toBe(1);
    const again = await app.post(
      `/api/admin/users/${servant.user.id}/erase`,
      { confirm: data.account.username },
      { token: admin.token },
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_erased');
  });
});
