import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import type { ErrorBody } from '../../libs/contracts/src/index.js';
import { expectError, expectOk, ok } from '../support/api.js';
import type { BodyOf } from '../support/api-types.js';
import { TestApp, type SignedIn } from '../support/app.js';

type NewSitting = BodyOf<'POST', '/api/council/sessions'>;
/** A `notice_period` refusal's details (an error's details have no contract). */
type NoticeDetails = { noticeDays: number; earliestStart: string };

const ZONE = 'Europe/Sofia';

/**
 * Notice and publication (issue 14): a regular sitting is published at least its body's
 * notice period (7 days unless an administrator set another) before it starts, or 409
 * `notice_period` and nothing changes; publishing keeps the time ("обявено на …"), shown in
 * the session's view, the public view, the public list and the open-data agenda. An
 * extraordinary sitting (извънредно заседание) may be published at once, its reason given,
 * kept and shown. Every time is counted from now in Sofia's calendar, so the suite passes on
 * any day (a weekend, a daylight-saving Sunday, 31 December): a sitting's meeting holds the
 * chamber on any day and hour.
 */
describe('notice and publication of a sitting', () => {
  let app: TestApp;
  let clerk: SignedIn;
  let admin: SignedIn;
  let chair: SignedIn;
  let councilId: string;

  /** `days` (and `hours`) from now in Sofia's calendar, to the minute. */
  const ahead = (days: number, hours = 0) =>
    DateTime.now().setZone(ZONE).plus({ days, hours }).startOf('minute').plus({ minutes: 1 });
  const sitting = (title: string, start: DateTime, extra: Partial<NewSitting> = {}): NewSitting => ({
    title,
    startsAt: start.toUTC().toISO()!,
    endsAt: start.plus({ hours: 2 }).toUTC().toISO()!,
    agenda: [{ title: 'Точка първа', voteMode: 'open', majority: 'present' }],
    ...extra,
  });
  const create = async (body: NewSitting) => {
    const res = await app.api.post('/api/council/sessions', { body, token: clerk.token });
    expectOk(res, 201);
    return res.body;
  };
  const publish = (id: string) =>
    app.api.post('/api/council/sessions/:id/publish', { params: { id }, body: {}, token: clerk.token });
  const view = (id: string) =>
    ok(app.api.get('/api/council/sessions/:id', { params: { id }, token: clerk.token }), 'the sitting');
  const audited = (action: string, targetId: string) =>
    ok(app.api.get('/api/admin/audit', { query: { action, targetId }, token: admin.token }), 'the audit');

  beforeAll(async () => {
    app = await TestApp.start();
    [clerk, admin, chair] = await Promise.all([app.login('clerk'), app.login('admin'), app.login('chair')]);
    const bodies = await ok(app.api.get('/api/council/bodies', { token: clerk.token }), 'the bodies');
    const council = bodies.find((b) => b.kind === 'council')!;
    expect(council.noticeDays).toBe(7);
    councilId = council.id;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('a regular sitting 3 days ahead is not published: 409 notice_period, and nothing changes', async () => {
    const start = ahead(3);
    const draft = await create(sitting('Редовно заседание след три дни', start));
    const res = await publish(draft.id);
    expectError(res, 409);
    expect(res.body.code).toBe('notice_period');
    const details = res.body.details as NoticeDetails;
    expect(details.noticeDays).toBe(7);
    // The earliest start it would allow now: a week from now (Sofia's calendar).
    const earliest = DateTime.fromISO(details.earliestStart);
    expect(Math.abs(earliest.diff(DateTime.now().setZone(ZONE).plus({ days: 7 })).as('minutes'))).toBeLessThan(5);

    const after = await view(draft.id);
    expect(after).toMatchObject({ status: 'draft', publishedAt: null, version: draft.version });
    expect((await app.api.get('/api/public/council/sessions/:id', { params: { id: draft.id } })).status).toBe(404);
    // Nobody was invited: the meeting has its organizer (the clerk) alone.
    const meeting = await ok(
      app.api.get('/api/meetings/:id', { params: { id: draft.meetingId }, token: clerk.token }),
      'the meeting',
    );
    expect(meeting.participants.map((p) => p.user.id)).toEqual([clerk.user.id]);
    const audit = await audited('council.session.publish', draft.id);
    expect(audit.items).toHaveLength(0);

    // The clerk makes it extraordinary, with its reason: now it is published.
    const reason = 'Неотложно решение за зимното почистване след обявеното бедствено положение';
    const edited = await app.api.patch('/api/council/sessions/:id', {
      params: { id: draft.id },
      body: { extraordinary: true, extraordinaryReason: `  ${reason}  ` },
      token: clerk.token,
    });
    expectOk(edited, 200);
    expect(edited.body).toMatchObject({ extraordinary: true, extraordinaryReason: reason, publishedAt: null });
    const published = await publish(draft.id);
    expectOk(published, 200);
    expect(published.body).toMatchObject({ status: 'published', extraordinary: true, extraordinaryReason: reason });
  });

  it('a regular sitting 8 days ahead is published; the time is kept and shown to all', async () => {
    const draft = await create(sitting('Редовно заседание след осем дни', ahead(8)));
    expect(draft).toMatchObject({ publishedAt: null, extraordinary: false, extraordinaryReason: null });
    const before = Date.now();
    const res = await publish(draft.id);
    const after = Date.now();
    expectOk(res, 200);
    expect(res.body.status).toBe('published');
    const at = Date.parse(res.body.publishedAt!);
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(after + 1000);

    expect((await view(draft.id)).publishedAt).toBe(res.body.publishedAt);
    const pub = await app.api.get('/api/public/council/sessions/:id', { params: { id: draft.id } });
    expectOk(pub, 200);
    expect(pub.body).toMatchObject({ publishedAt: res.body.publishedAt, extraordinary: false });
    const list = await ok(app.api.get('/api/public/council/sessions'), 'the public sittings');
    expect(list.find((s) => s.id === draft.id)?.publishedAt).toBe(res.body.publishedAt);
    const agenda = await ok(
      app.api.get('/api/public/council/sessions/:id/agenda', { params: { id: draft.id } }),
      'the public agenda',
    );
    expect(agenda.session).toMatchObject({ publishedAt: res.body.publishedAt, extraordinary: false });
    const audit = await audited('council.session.publish', draft.id);
    expect(audit.items).toHaveLength(1);
  });

  it('an extraordinary sitting needs its reason; a reason needs an extraordinary sitting', async () => {
    const start = ahead(0, 1);
    for (const extra of [
      { extraordinary: true },
      { extraordinary: true, extraordinaryReason: null },
      { extraordinary: true, extraordinaryReason: '   ' },
      { extraordinary: true, extraordinaryReason: 'x'.repeat(2001) },
      { extraordinaryReason: 'Причина без извънредно заседание' },
      { extraordinary: false, extraordinaryReason: 'Причина без извънредно заседание' },
    ]) {
      // Bodies the contract refuses: sent untyped.
      const res = await app.post<ErrorBody>('/api/council/sessions', sitting('Без причина', start, extra), {
        token: clerk.token,
      });
      expect([res.status, res.body.code, JSON.stringify(extra)]).toEqual([
        400,
        'validation_failed',
        JSON.stringify(extra),
      ]);
    }
    const draft = await create(sitting('Чернова', ahead(20)));
    const patched = await app.patch<ErrorBody>(
      `/api/council/sessions/${draft.id}`,
      { extraordinary: true },
      { token: clerk.token },
    );
    expect([patched.status, patched.body.code]).toEqual([400, 'validation_failed']);
  });

  it('an extraordinary sitting an hour ahead is published at once, its reason shown', async () => {
    const reason = 'Авария на водопровода: решение за средства от резерва';
    const draft = await create(
      sitting('Извънредно заседание', ahead(0, 1), { extraordinary: true, extraordinaryReason: reason }),
    );
    expect(draft).toMatchObject({ extraordinary: true, extraordinaryReason: reason, publishedAt: null });
    const res = await publish(draft.id);
    expectOk(res, 200);
    expect(res.body.publishedAt).not.toBeNull();
    const pub = (await app.api.get('/api/public/council/sessions/:id', { params: { id: draft.id } })).body;
    expect(pub).toMatchObject({ extraordinary: true, extraordinaryReason: reason, publishedAt: res.body.publishedAt });
  });

  it('an administrator sets a body’s notice period, and the rule follows it; nobody else may', async () => {
    const url = `/api/council/bodies/${councilId}`;
    for (const s of [clerk, chair])
      expect((await app.patch(url, { noticeDays: 2 }, { token: s.token })).status).toBe(403);
    expect((await app.patch(url, { noticeDays: 2 })).status).toBe(401);
    for (const noticeDays of [-1, 61, 2.5, '2'])
      expect((await app.patch(url, { noticeDays }, { token: admin.token })).status).toBe(400);

    const two = await app.api.patch('/api/council/bodies/:id', {
      params: { id: councilId },
      body: { noticeDays: 2 },
      token: admin.token,
    });
    expectOk(two, 200);
    expect(two.body).toMatchObject({ id: councilId, kind: 'council', noticeDays: 2 });
    const council = (await ok(app.api.get('/api/public/council/bodies'), 'the public bodies')).find(
      (b) => b.id === councilId,
    );
    expect(council!.noticeDays).toBe(2);
    const soon = await create(sitting('Редовно заседание след три дни, два дни предизвестие', ahead(3, 4)));
    expect((await publish(soon.id)).status).toBe(200);

    expect((await app.patch(url, { noticeDays: 14 }, { token: admin.token })).status).toBe(200);
    const later = await create(sitting('Редовно заседание след осем дни, две седмици предизвестие', ahead(8, 4)));
    const refused = await publish(later.id);
    expectError(refused, 409);
    expect([refused.status, refused.body.code, (refused.body.details as NoticeDetails).noticeDays]).toEqual([
      409,
      'notice_period',
      14,
    ]);
    expect((await view(later.id)).status).toBe('draft');

    expect((await app.patch(url, { noticeDays: 7 }, { token: admin.token })).status).toBe(200);
    const audit = await audited('council.body.updated', councilId);
    expect(audit.items).toHaveLength(3);
  });
});
