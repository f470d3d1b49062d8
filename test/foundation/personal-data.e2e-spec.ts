import { expectError, expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { adoptAgenda, openSitting } from '../support/council.js';
import { changedTables, snapshot } from '../support/fingerprint.js';
import { workday } from '../support/world.js';

/**
 * A person's rights (docs/security.md, "Record of processing"): an administrator exports
 * everything the portal holds about one person, and erases a person who has left — their
 * private data goes, the council's public record keeps their name.
 */
/**
 * The sections of a person's export the suite reads. The contract (PersonalDataExport, the
 * typed route's view) is a record of sections with no shape of its own, so the export is read
 * through this test-only shape.
 */
interface PersonalDataRead {
  account: {
    username: string;
    displayName: string;
    publicName: string | null;
    sessions: unknown[];
    personalRooms: { name: string }[];
  };
  auditLog: { action: string }[];
  council: { attendance: unknown[]; ballots: unknown[] };
  knocks: { made: unknown[]; atMyRoom: unknown[] };
  meetings: { meetings: { title: string; status: string }[]; calendarFeed: unknown };
  oneOnOnes: { requests: unknown[]; workingHours: unknown[]; absences: unknown[] };
}

describe('personal data: export and erasure', () => {
  let app: TestApp;
  let admin: SignedIn;
  let servant: SignedIn; // the person who leaves (bookings, a one-on-one, knocks)
  let colleague: SignedIn;
  let councillor: SignedIn; // a councillor who leaves (attendance, a named vote)
  let sittingId: string;

  /** A person's export as the administrator downloads it. */
  const exportOf = (id: string) =>
    app.get<PersonalDataRead>(`/api/admin/users/${id}/personal-data`, { token: admin.token });
  /** The audit log's entries with `action` (and about `targetId`). */
  const auditOf = (action: string, targetId?: string) =>
    ok(app.api.get('/api/admin/audit', { query: { action, targetId }, token: admin.token }), 'the audit log');
  const erase = (id: string, confirm: string) =>
    app.api.post('/api/admin/users/:id/erase', { params: { id }, body: { confirm }, token: admin.token });

  beforeAll(async () => {
    app = await TestApp.start();
    [admin, servant, colleague, councillor] = await Promise.all(
      ['admin', 'servant01', 'servant02', 'councillor01'].map((u) => app.login(u)),
    );
    const [clerk, chair] = [await app.login('clerk'), await app.login('chair')];
    const hall = (await ok(app.api.get('/api/halls', { token: servant.token }), 'halls'))[0]!;
    const at = workday(1, 10);
    await ok(
      app.api.post('/api/halls/:id/bookings', {
        params: { id: hall.id },
        body: {
          title: 'Лична среща на напускащия',
          inviteeIds: [colleague.user.id],
          startsAt: at.toUTC().toISO()!,
          endsAt: at.plus({ hours: 1 }).toUTC().toISO()!,
        },
        token: servant.token,
      }),
      'booking',
    );
    const slot = workday(2, 11);
    await ok(
      app.api.post('/api/one-on-ones', {
        body: {
          inviteeId: colleague.user.id,
          topic: 'Тайна тема на напускащия',
          slots: [{ startsAt: slot.toUTC().toISO()!, endsAt: slot.plus({ minutes: 30 }).toUTC().toISO()! }],
        },
        token: servant.token,
      }),
      'one-on-one',
    );
    const colleagueRoom = await ok(app.api.get('/api/rooms/me', { token: colleague.token }), 'room');
    await ok(
      app.api.post('/api/spaces/:id/knocks', {
        params: { id: colleagueRoom.id },
        body: { message: 'Съобщение от напускащия' },
        token: servant.token,
      }),
      'knock',
    );
    const servantRoom = await ok(app.api.get('/api/rooms/me', { token: servant.token }), 'room');
    await ok(
      app.api.post('/api/spaces/:id/knocks', {
        params: { id: servantRoom.id },
        body: { message: 'Чуждо лично съобщение' },
        token: colleague.token,
      }),
      'knock at their room',
    );
    await ok(app.api.post('/api/me/calendar-feed', { body: {}, token: servant.token }), 'feed');
    await ok(
      app.api.put('/api/me/working-hours', {
        body: { intervals: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '08:00', to: '16:30' })) },
        token: servant.token,
      }),
      'working hours',
    );
    await ok(
      app.api.post('/api/me/absences', {
        body: { kind: 'leave', startsOn: '2031-07-01', endsOn: '2031-07-03' },
        token: servant.token,
      }),
      'absence',
    );
    await ok(
      app.api.patch('/api/admin/users/:id', {
        params: { id: servant.user.id },
        body: { email: 'servant01@example.bg' },
        token: admin.token,
      }),
      'audit entry',
    );

    // A sitting with the councillor present and a named (open) vote they took part in.
    sittingId = await openSitting(app, { clerk, chair }, 'Заседание с напускащ съветник', new Date());
    const params = { id: sittingId };
    const users = await ok(
      app.api.get('/api/admin/users', { query: { role: 'councillor', limit: 100 }, token: admin.token }),
      'councillors',
    );
    const present: string[] = users.items.map((u) => u.id).slice(0, 30);
    for (const id of present)
      await ok(
        app.api.post('/api/council/sessions/:id/attendance', { params, body: { userId: id }, token: clerk.token }),
        'check-in',
      );
    const sitting = await ok(app.api.get('/api/council/sessions/:id', { params, token: clerk.token }), 'session');
    const itemId = sitting.items[0]!.id;
    if (sitting.currentItemId !== itemId)
      await ok(
        app.api.post('/api/council/sessions/:id/items/:itemId/activate', {
          params: { id: sittingId, itemId },
          body: {},
          token: chair.token,
        }),
        'activate',
      );
    // The sitting’s first vote adopts its agenda (issue 15).
    await adoptAgenda(app, sittingId, { clerk, chair }, present);
    const vote = await ok(
      app.api.post('/api/council/sessions/:id/votes', { params, body: { itemId }, token: chair.token }),
      'vote',
    );
    await ok(
      app.api.post('/api/council/votes/:id/ballots', {
        params: { id: vote.id },
        body: { choice: 'against' },
        token: councillor.token,
      }),
      'ballot',
    );
    await ok(
      app.api.post('/api/council/votes/:id/close', { params: { id: vote.id }, body: {}, token: chair.token }),
      'close vote',
    );
  });
  afterAll(() => app.close());

  it('exports every section about the person, none of other people’s private data; audited', async () => {
    const res = await exportOf(servant.user.id);
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
    expect(data.meetings.meetings.map((m) => m.title)).toContain('Лична среща на напускащия');
    expect(data.meetings.calendarFeed).not.toBeNull();
    expect(data.oneOnOnes.requests).toEqual([
      expect.objectContaining({ topic: 'Тайна тема на напускащия', role: 'requester' }),
    ]);
    expect(data.oneOnOnes.workingHours).toHaveLength(5);
    expect(data.oneOnOnes.absences).toEqual([expect.objectContaining({ kind: 'leave', startsOn: '2031-07-01' })]);
    expect(data.auditLog.map((a) => a.action)).toContain('user_updated');
    const text = JSON.stringify(data);
    expect(text).not.toContain('Чуждо лично съобщение');
    expect(text).not.toMatch(/passwordHash|password_hash|tokenHash|token_hash|secret_hash/);

    const councilExport = (await exportOf(councillor.user.id)).body;
    expect(councilExport.council.attendance).toEqual([
      expect.objectContaining({ sessionId: sittingId, present: true }),
    ]);
    // The show of hands that adopted the agenda (no item), then their own ballot on the item.
    expect(councilExport.council.ballots).toEqual([
      expect.objectContaining({ itemId: null, choice: 'for' }),
      expect.objectContaining({ itemId: expect.any(String), choice: 'against' }),
    ]);

    const audit = await auditOf('personal_data_exported', servant.user.id);
    expect(audit.total).toBe(1);
    expect(audit.items[0]!.actorId).toBe(admin.user.id);
  });

  it('refuses a wrong confirmation (400, nothing changed), an unknown id (404) and oneself (409)', async () => {
    const before = await snapshot(app);
    app = before.app;
    const wrong = await erase(servant.user.id, 'servant02');
    expectError(wrong, 400, 'confirmation_mismatch');
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
    const self = await erase(admin.user.id, 'admin');
    expectError(self, 409, 'cannot_erase_self');
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

    const erased = await erase(servant.user.id, 'servant01');
    expectOk(erased, 200);
    expect(erased.body.user).toMatchObject({ disabled: true, email: null });
    expect(erased.body.user.displayName).toMatch(/^Бивш служител \d+$/);
    expect(erased.body.publicRecords).toEqual([]);
    expect(await dropped).toBe('io server disconnect');
    socket.close();
    const gone = await erase(councillor.user.id, 'councillor01');
    expectOk(gone, 200);
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
    const data = (await exportOf(servant.user.id)).body;
    expect(data.account).toMatchObject({ email: null, department: null, roles: [], publicName: null });
    expect(data.account.personalRooms[0].name).toBe(data.account.displayName);
    expect(data.knocks).toEqual({ made: [], atMyRoom: [] });
    expect(data.meetings.calendarFeed).toBeNull();
    expect(data.meetings.meetings.every((m) => m.status === 'cancelled')).toBe(true);
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
    const councilData = (await exportOf(councillor.user.id)).body;
    expect(councilData.account.publicName).toBe(councillor.user.displayName);
    expect(councilData.account.displayName).not.toBe(councillor.user.displayName);

    const audit = await auditOf('personal_data_erased');
    expect(audit.items.map((a) => a.targetId).sort()).toEqual([servant.user.id, councillor.user.id].sort());
    expect(JSON.stringify(audit)).not.toContain(councillor.user.displayName);
    // The audit log stays whole: entries about the person are still there.
    const about = await auditOf('user_updated', servant.user.id);
    expect(about.total).toBe(1);
    const again = await erase(servant.user.id, data.account.username);
    expectError(again, 409, 'already_erased');
  });
});
