import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import type { ParsedMail } from 'mailparser';
import type { ErrorBody, MaterialView } from '../../libs/contracts/src/index.js';
import { expectOk, ok } from '../support/api.js';
import { TestApp, type SignedIn } from '../support/app.js';
import { freshDatabase, serverUrl, type TestDatabase } from '../support/database.js';
import { eventually } from '../support/eventually.js';
import { queryDatabase } from '../support/fingerprint.js';
import { OwnSmtp } from '../support/smtp-server.js';
import { adoptAgenda, EXTRAORDINARY_REASON, openSittingWith, showOfHands } from '../support/council.js';
import { MINIMAL_PDF } from '../support/world.js';
import { openHall, range, weekdayAt } from '../schedule/helpers.js';
import { slot as oneSlot, workday } from '../one-on-one/helpers.js';

/**
 * Mail through a real SMTP server process on loopback: what arrives is parsed with a MIME
 * parser (mailparser) and its calendar part with a strict iCalendar parser (ical.js).
 */
const DOMAIN = 'mail.egov-test.bg';
const address = (username: string) => `${username}@${DOMAIN}`;

/** The text/calendar part of a mail, parsed strictly: the VCALENDAR and its one VEVENT. */
function calendarOf(m: ParsedMail): { cal: ICAL.Component; event: ICAL.Component } {
  const part = m.attachments.find((a) => a.contentType === 'text/calendar');
  if (!part) throw new Error(`no text/calendar part in "${m.subject}"`);
  const cal = new ICAL.Component(ICAL.parse(part.content.toString('utf8')));
  expect(cal.name).toBe('vcalendar');
  const events = cal.getAllSubcomponents('vevent');
  expect(events).toHaveLength(1);
  return { cal, event: events[0]! };
}

/**
 * The mail section of a person's personal-data export (the contract's PersonalDataExport is a
 * record of sections with no shape of its own).
 */
interface MailSectionRead {
  mail: { turnedOff: unknown[]; messages: { to: string; kind: string }[] };
}

const to = (m: ParsedMail) =>
  (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address));

describe('mail: an outbox sent over SMTP, meeting requests Outlook understands', () => {
  let smtp: OwnSmtp;
  let db: TestDatabase;
  let app: TestApp;
  let admin: SignedIn;
  let organizer: SignedIn; // servant01
  let english: SignedIn; // servant02, language English
  let bulgarian: SignedIn; // servant03
  let hall: { id: string };
  let slot = 0;
  /** A new hour each time (the test hall is open every day, all day). */
  const nextSlot = (minutes = 60) => range(weekdayAt(20, 0).plus({ hours: 2 * slot++ }), minutes);

  /** Every message received so far for `title` (subject contains it). */
  const about = async (title: string) => (await smtp.messages()).filter((m) => m.subject?.includes(title));
  /** Waits until `n` messages about `title` arrived; returns them. */
  const arrived = (title: string, n: number) =>
    eventually(async () => {
      const got = await about(title);
      if (got.length < n) throw new Error(`${got.length}/${n} mails about ${title}`);
      return got;
    }, 30_000);

  const book = async (title: string, invitees: SignedIn[]) => {
    const res = await app.api.post('/api/halls/:id/bookings', {
      params: { id: hall.id },
      body: { title, inviteeIds: invitees.map((s) => s.user.id), ...nextSlot() },
      token: organizer.token,
    });
    expectOk(res, 201);
    return res.body;
  };

  /**
   * The marker: a meeting with only `who` invited. Mail goes out oldest first, one poll at a
   * time, so once the marker's mail arrived everything enqueued before it has been sent.
   */
  const marker = async (who: SignedIn) => {
    await retriesDone();
    const title = `Маркер ${Math.random().toString(36).slice(2, 8)}`;
    await book(title, [who]);
    await arrived(title, 1);
  };

  /**
   * Waits until every message whose send failed (the server's log says so) has since been
   * sent: a retried message waits its backoff and could come after a later one, which would
   * break the marker's argument.
   */
  /** The person's calendar feed (its address). */
  const feedOf = (s: SignedIn) => ok(app.api.post('/api/me/calendar-feed', { body: {}, token: s.token }), 'the feed');
  /** The person's mail preferences. */
  const preferencesOf = (s: SignedIn) => app.api.get('/api/me/mail-preferences', { token: s.token });

  const retriesDone = () =>
    eventually(async () => {
      const ids = (event: string) =>
        new Set(app.output.filter((l) => l.includes(`"event":"${event}"`)).map((l) => /"id":"([^"]+)"/.exec(l)?.[1]));
      const sent = ids('mail_sent');
      const open = [...ids('mail_send_failed')].filter((id) => !sent.has(id));
      if (open.length) throw new Error(`${open.length} mails still waiting for a retry`);
    }, 30_000);

  beforeAll(async () => {
    smtp = await OwnSmtp.start();
    db = await freshDatabase();
    await queryDatabase(
      db,
      `UPDATE app_user SET email = username || '@${DOMAIN}' WHERE username IN ('admin', 'clerk', 'councillor01', 'servant01', 'servant02', 'servant03')`,
    );
    await queryDatabase(db, `UPDATE app_user SET locale = 'en' WHERE username = 'servant02'`);
    app = await TestApp.start({
      db,
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'eGov Box <portal@egov-test.bg>',
        MAIL_POLL_MS: '200',
        MAIL_RETRY_BASE_SECONDS: '1',
        MEETING_REMINDER_POLL_MS: '300',
        PUBLIC_URL: 'https://portal.egov-test.bg/',
      },
    });
    [admin, organizer, english, bulgarian] = await Promise.all(
      ['admin', 'servant01', 'servant02', 'servant03'].map((u) => app.login(u)),
    );
    hall = await openHall(app, admin.token);
  });

  afterAll(async () => {
    // MAIL_DEBUG_LOG=<file>: keep the server's log of a run (to look into a failure afterwards).
    if (process.env.MAIL_DEBUG_LOG)
      (await import('node:fs')).writeFileSync(process.env.MAIL_DEBUG_LOG, app.output.join('\n'));
    await app?.close();
    await smtp?.close();
  });

  it('the calendar feed writes DTSTAMP, CREATED and LAST-MODIFIED in UTC (RFC 5545), not floating', async () => {
    const meeting = await book(`Фийд ${Math.random().toString(36).slice(2, 8)}`, [bulgarian]);
    const feed = await feedOf(bulgarian);
    const ics = await app.get<string>(new URL(feed.url).pathname);
    expect(ics.status).toBe(200);
    const cal = new ICAL.Component(ICAL.parse(ics.body));
    const event = cal.getAllSubcomponents('vevent').find((e) => e.getFirstPropertyValue('uid') === meeting.icalUid)!;
    expect(event).toBeDefined();
    for (const prop of ['dtstamp', 'created', 'last-modified']) {
      const value = event.getFirstPropertyValue(prop) as ICAL.Time;
      expect([prop, value.zone?.tzid]).toEqual([prop, 'UTC']);
      expect(Math.abs(value.toJSDate().getTime() - Date.now())).toBeLessThan(5 * 60_000);
    }
    expect(ics.body).toMatch(/^DTSTAMP:\d{8}T\d{6}Z\r?$/m);
    // The start stays in Sofia time with its zone.
    expect(ics.body).toMatch(/^DTSTART;TZID=Europe\/Sofia:\d{8}T\d{6}\r?$/m);
  });

  it('an invitation, a change and a cancellation arrive as meeting requests with the feed’s UID and SEQUENCE', async () => {
    const title = `Съвещание ${Math.random().toString(36).slice(2, 8)}`;
    const meeting = await book(title, [english, bulgarian]);

    const invites = await arrived(title, 2);
    const bg = invites.find((m) => to(m).includes(address('servant03')))!;
    const en = invites.find((m) => to(m).includes(address('servant02')))!;
    expect(bg.subject).toBe(`Покана за среща: ${title}`);
    expect(en.subject).toBe(`Meeting invitation: ${title}`);
    expect(bg.from?.value[0]?.address).toBe('portal@egov-test.bg');
    expect(bg.text).toContain('Организатор');
    expect(bg.html).toContain(`lang="bg"`);
    expect(en.html).toContain('Organizer');
    expect(bg.messageId).toMatch(/^<[0-9a-f-]{36}@egov-test\.bg>$/);
    expect(en.messageId).not.toBe(bg.messageId);

    const { cal, event } = calendarOf(bg);
    expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(event.getFirstPropertyValue('uid')).toBe(meeting.icalUid);
    expect(event.getFirstPropertyValue('organizer')).toBe(`mailto:${address('servant01')}`);
    const attendees = event.getAllProperties('attendee').map((p) => String(p.getFirstValue()).toLowerCase());
    expect(attendees.sort()).toEqual([`mailto:${address('servant02')}`, `mailto:${address('servant03')}`]);
    expect((event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(
      new Date(meeting.startsAt).toISOString(),
    );
    expect(calendarOf(en).event.getFirstPropertyValue('uid')).toBe(meeting.icalUid);

    // The feed shows the same UID and SEQUENCE.
    const feed = await feedOf(english);
    const feedEvent = async () =>
      new ICAL.Component(ICAL.parse((await app.get<string>(new URL(feed.url).pathname)).body))
        .getAllSubcomponents('vevent')
        .find((e) => e.getFirstPropertyValue('uid') === meeting.icalUid)!;
    expect((await feedEvent()).getFirstPropertyValue('sequence')).toBe(event.getFirstPropertyValue('sequence'));

    const moved = await app.api.patch('/api/meetings/:id', {
      params: { id: meeting.id },
      body: nextSlot(),
      token: organizer.token,
    });
    expectOk(moved, 200);
    const changes = (await arrived(title, 4)).filter((m) => m.subject?.startsWith('Промяна на среща'));
    expect(changes).toHaveLength(1);
    const change = calendarOf(changes[0]!);
    expect(change.cal.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(change.event.getFirstPropertyValue('uid')).toBe(meeting.icalUid);
    expect(Number(change.event.getFirstPropertyValue('sequence'))).toBeGreaterThan(
      Number(event.getFirstPropertyValue('sequence')),
    );
    expect((change.event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(
      new Date(moved.body.startsAt).toISOString(),
    );
    expect((await feedEvent()).getFirstPropertyValue('sequence')).toBe(change.event.getFirstPropertyValue('sequence'));

    expect((await app.post(`/api/meetings/${meeting.id}/cancel`, {}, { token: organizer.token })).status).toBe(200);
    const cancels = (await arrived(title, 6)).filter((m) =>
      /^(Отменена среща|Meeting cancelled)/.test(m.subject ?? ''),
    );
    expect(cancels).toHaveLength(2);
    const cancel = calendarOf(cancels[0]!);
    expect(cancel.cal.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(cancel.event.getFirstPropertyValue('uid')).toBe(meeting.icalUid);
    expect(cancel.event.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect((await feedEvent()).getFirstPropertyValue('sequence')).toBe(cancel.event.getFirstPropertyValue('sequence'));
  });

  it('each person chooses which kinds they get; only their own choice, bad input changes nothing', async () => {
    const initial = await preferencesOf(bulgarian);
    expectOk(initial, 200);
    expect(initial.body).toEqual({
      enabled: true,
      address: address('servant03'),
      kinds: { meeting: true, meeting_reminder: true, one_on_one: true, hall_booking: true, council: true },
    });
    const kinds = { ...initial.body.kinds, meeting: false };
    for (const bad of [
      { kinds: { ...kinds, meeting: 'no' } },
      { kinds: { ...kinds, spam: true } },
      { kinds: {} },
      {},
    ]) {
      const res = await app.put<ErrorBody>('/api/me/mail-preferences', bad, { token: bulgarian.token });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    expect((await preferencesOf(bulgarian)).body).toEqual(initial.body);
    const choose = (chosen: typeof kinds) =>
      app.api.put('/api/me/mail-preferences', { body: { kinds: chosen }, token: bulgarian.token });
    const put = await choose(kinds);
    expectOk(put, 200);
    expect(put.body.kinds.meeting).toBe(false);
    // Another person's choice is untouched.
    expect((await ok(preferencesOf(english), "the other person's choice")).kinds.meeting).toBe(true);

    const title = `Без поща ${Math.random().toString(36).slice(2, 8)}`;
    await book(title, [english, bulgarian]);
    await arrived(title, 1);
    await marker(english);
    // Back as it was before anything is asserted (the next tests mail this person).
    await choose(initial.body.kinds);
    const got = await about(title);
    expect(got.map((m) => to(m)).flat()).toEqual([address('servant02')]);
  });

  it('a one-on-one request reaches the person asked, the answer reaches the other side', async () => {
    const topic = `Бюджет ${Math.random().toString(36).slice(2, 8)}`;
    const slots = [oneSlot(workday(1, 10)), oneSlot(workday(1, 11))];
    const asked = await app.api.post('/api/one-on-ones', {
      body: { inviteeId: english.user.id, topic, slots },
      token: organizer.token,
    });
    expectOk(asked, 201);
    const [request] = await arrived(topic, 1);
    expect(to(request!)).toEqual([address('servant02')]);
    expect(request!.subject).toMatch(/asks you for a one-on-one/);
    expect(request!.text).toContain('Proposed times');
    expect(request!.html).toContain('lang="en"');

    const accepted = await app.api.post('/api/one-on-ones/:id/accept', {
      params: { id: asked.body.id },
      body: { slot: slots[1]! },
      token: english.token,
    });
    expect(accepted.status).toBe(200);
    // The answer to the requester (Bulgarian) and the meeting request to the invitee.
    const after = await arrived(topic, 3);
    const answer = after.find((m) => to(m).includes(address('servant01')))!;
    expect(answer.subject).toMatch(/прие срещата на четири очи/);
    const invitation = after.find((m) => m.subject?.startsWith('Meeting invitation'))!;
    expect(calendarOf(invitation).cal.getFirstPropertyValue('method')).toBe('REQUEST');

    const other = `Отказ ${Math.random().toString(36).slice(2, 8)}`;
    const second = await app.api.post('/api/one-on-ones', {
      body: { inviteeId: bulgarian.user.id, topic: other, slots: [oneSlot(workday(2, 10))] },
      token: organizer.token,
    });
    expectOk(second, 201);
    await arrived(other, 1);
    const declined = await app.api.post('/api/one-on-ones/:id/decline', {
      params: { id: second.body.id },
      body: { reason: 'Отпуск' },
      token: bulgarian.token,
    });
    expect(declined.status).toBe(200);
    const answers = (await arrived(other, 2)).filter((m) => to(m).includes(address('servant01')));
    expect(answers).toHaveLength(1);
    expect(answers[0]!.subject).toMatch(/отказа срещата на четири очи/);
    expect(answers[0]!.text).toContain('Причина: Отпуск');
  });

  it('a booking waiting for approval reaches the clerks; the decision reaches the person who booked', async () => {
    const clerk = await app.login('clerk');
    const strict = await openHall(app, admin.token, { requiresApproval: true });
    const request = async (title: string) => {
      const res = await app.api.post('/api/halls/:id/bookings', {
        params: { id: strict.id },
        body: { title, inviteeIds: [], ...nextSlot() },
        token: organizer.token,
      });
      expectOk(res, 201);
      expect(res.body.status).toBe('pending');
      return res.body;
    };
    const title = `Заявка ${Math.random().toString(36).slice(2, 8)}`;
    const booking = await request(title);
    const [waiting] = await arrived(title, 1);
    expect(to(waiting!)).toEqual([address('clerk')]);
    expect(waiting!.subject).toBe(`Резервация чака одобрение: ${title}`);
    expect(waiting!.text).toContain('Заявена от');
    expect((await app.post(`/api/meetings/${booking.id}/approve`, {}, { token: clerk.token })).status).toBe(200);
    const approved = (await arrived(title, 2)).filter((m) => to(m).includes(address('servant01')));
    expect(approved.map((m) => m.subject)).toEqual([`Резервацията е одобрена: ${title}`]);

    const other = `Отказана заявка ${Math.random().toString(36).slice(2, 8)}`;
    const second = await request(other);
    await arrived(other, 1);
    const rejected = await app.post(`/api/meetings/${second.id}/reject`, { reason: 'Ремонт' }, { token: clerk.token });
    expect(rejected.status).toBe(200);
    const decision = (await arrived(other, 2)).find((m) => to(m).includes(address('servant01')))!;
    expect(decision.subject).toBe(`Резервацията е отказана: ${other}`);
    expect(decision.text).toContain('Причина: Ремонт');
  });

  it('the reminder before a meeting reaches everyone taking part', async () => {
    const title = `Скоро ${Math.random().toString(36).slice(2, 8)}`;
    const res = await app.post(
      `/api/halls/${hall.id}/bookings`,
      { title, inviteeIds: [english.user.id], ...range(DateTime.now().plus({ minutes: 5 }).startOf('minute'), 15) },
      { token: organizer.token },
    );
    expect(res.status).toBe(201);
    const reminders = (await arrived(title, 3)).filter((m) => /^(Напомняне|Reminder):/.test(m.subject ?? ''));
    expect(reminders.map((m) => [to(m)[0], m.subject]).sort()).toEqual([
      [address('servant01'), `Напомняне: ${title}`],
      [address('servant02'), `Reminder: ${title}`],
    ]);
  });

  it('a published council sitting invites its members with the agenda and links', async () => {
    const clerk = await app.login('clerk');
    const title = `Заседание ${Math.random().toString(36).slice(2, 8)}`;
    const startsAt = DateTime.now().plus({ days: 3 }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    const created = await app.api.post('/api/council/sessions', {
      body: {
        title,
        startsAt: startsAt.toISO()!,
        endsAt: startsAt.plus({ hours: 2 }).toISO()!,
        agenda: [
          { title: 'Отчет на кмета', voteMode: 'open', majority: 'present' },
          { title: 'Бюджет 2027', voteMode: 'roll_call', majority: 'all' },
        ],
        extraordinary: true,
        extraordinaryReason: EXTRAORDINARY_REASON,
      },
      token: clerk.token,
    });
    expectOk(created, 201);
    // A material of the first item, uploaded to the draft: the invitation links its public download.
    const firstItem = created.body.items[0]!.id;
    const material = await app.request<MaterialView>(
      'POST',
      `/api/council/sessions/${created.body.id}/items/${firstItem}/materials?filename=doklad-kmet.pdf`,
      undefined,
      { token: clerk.token, raw: MINIMAL_PDF, headers: { 'content-type': 'application/pdf' } },
    );
    expect(material.status).toBe(201);
    // The second item is closed-door (ЗМСМА чл. 28): its material is not public, so its link is the sitting's page.
    const secondItem = created.body.items[1]!.id;
    const closedMaterial = await app.request<MaterialView>(
      'POST',
      `/api/council/sessions/${created.body.id}/items/${secondItem}/materials?filename=zakrita-tochka.pdf`,
      undefined,
      { token: clerk.token, raw: MINIMAL_PDF, headers: { 'content-type': 'application/pdf' } },
    );
    expect(closedMaterial.status).toBe(201);
    expect(
      (
        await app.post(
          `/api/council/sessions/${created.body.id}/items/${secondItem}/closed-door`,
          { closed: true, reason: 'Лични данни' },
          { token: clerk.token },
        )
      ).status,
    ).toBe(200);
    // A draft is nobody's business: nothing is mailed before publishing.
    expect(
      (await app.post(`/api/council/sessions/${created.body.id}/publish`, {}, { token: clerk.token })).status,
    ).toBe(200);
    const [invitation] = await arrived(title, 1);
    expect(to(invitation!)).toEqual([address('councillor01')]);
    expect(invitation!.text).toContain('Дневен ред');
    expect(invitation!.text).toMatch(/1\. Отчет на кмета[\s\S]*2\. Бюджет 2027/);
    expect(invitation!.html).toContain(`href="https://portal.egov-test.bg/council/${created.body.id}"`);
    expect(calendarOf(invitation!).cal.getFirstPropertyValue('method')).toBe('REQUEST');
    // The material by name, linked to its public download, which opens without signing in.
    const path = `/api/public/council/sessions/${created.body.id}/items/${firstItem}/materials/${material.body.id}`;
    expect(invitation!.text).toContain('doklad-kmet.pdf');
    expect(invitation!.html).toContain(`href="https://portal.egov-test.bg${path}"`);
    expect(invitation!.text).toContain('zakrita-tochka.pdf');
    expect(invitation!.html).not.toContain(closedMaterial.body.id);
    const download = await app.request('GET', path);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toMatch(/^application\/pdf/);
  });

  it('a published sitting moved to another time is announced: the change and its reason, the calendar moved, the agenda still linked', async () => {
    const clerk = await app.login('clerk');
    const title = `Преместено ${Math.random().toString(36).slice(2, 8)}`;
    const startsAt = DateTime.now().plus({ days: 4 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
    const created = await app.api.post('/api/council/sessions', {
      body: {
        title,
        startsAt: startsAt.toISO()!,
        endsAt: startsAt.plus({ hours: 2 }).toISO()!,
        agenda: [{ title: 'Отчет за изпълнението', voteMode: 'open', majority: 'present' }],
        extraordinary: true,
        extraordinaryReason: EXTRAORDINARY_REASON,
      },
      token: clerk.token,
    });
    expectOk(created, 201);
    expect(
      (await app.post(`/api/council/sessions/${created.body.id}/publish`, {}, { token: clerk.token })).status,
    ).toBe(200);
    const [invitation] = await arrived(title, 1);
    const later = startsAt.plus({ days: 1 });
    const moved = await app.api.post('/api/council/sessions/:id/reschedule', {
      params: { id: created.body.id },
      body: {
        startsAt: later.toISO()!,
        endsAt: later.plus({ hours: 2 }).toISO()!,
        reason: 'Служебен ангажимент на председателя',
      },
      token: clerk.token,
    });
    expect(moved.status).toBe(200);
    const change = (await arrived(title, 2)).find((m) => m.subject?.startsWith('Промяна на среща'))!;
    expect(to(change)).toEqual([address('councillor01')]);
    expect(change.text).toContain('Промени след обявяването');
    expect(change.text).toContain('Причина: Служебен ангажимент на председателя');
    expect(change.text).toMatch(/1\. Отчет за изпълнението/);
    expect(change.html).toContain(`href="https://portal.egov-test.bg/council/${created.body.id}"`);
    const before = calendarOf(invitation!).event;
    const after = calendarOf(change).event;
    expect(after.getFirstPropertyValue('uid')).toBe(before.getFirstPropertyValue('uid'));
    expect(Number(after.getFirstPropertyValue('sequence'))).toBeGreaterThan(
      Number(before.getFirstPropertyValue('sequence')),
    );
    expect((after.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(
      later.toJSDate().toISOString(),
    );
  });

  it('an urgent item added at the sitting is announced to the members with the agenda as it now stands', async () => {
    const [clerk, chair, member] = await Promise.all(['clerk', 'chair', 'councillor01'].map((u) => app.login(u)));
    const title = `Сесия ${Math.random().toString(36).slice(2, 8)}`;
    const sitting = await openSittingWith(
      app,
      { clerk, chair },
      {
        title,
        startsAt: new Date(Date.now() + 3_600_000),
        agenda: [{ title: 'Отчет', voteMode: 'open', majority: 'present' }],
      },
    );
    await arrived(title, 1); // the invitation
    const users = (
      await ok(
        app.api.get('/api/admin/users', { query: { role: 'councillor', limit: 200 }, token: admin.token }),
        'the councillors',
      )
    ).items;
    const present = users.map((u) => u.id).slice(0, 30);
    expect(
      (
        await app.post(
          `/api/council/sessions/${sitting.id}/attendance/bulk`,
          { userIds: present, present: true },
          { token: clerk.token },
        )
      ).status,
    ).toBe(200);
    const proposed = await app.api.post('/api/council/sessions/:id/items/proposals', {
      params: { id: sitting.id },
      body: { title: 'Спешна помощ за пострадалите' },
      token: member.token,
    });
    expectOk(proposed, 201);
    // The sitting’s first vote adopts its agenda (issue 15).
    await adoptAgenda(app, sitting.id, { clerk, chair }, present);
    const openVote = (body: { kind: 'agenda_change'; change: 'add' | 'withdraw'; itemId: string }) =>
      app.api.post('/api/council/sessions/:id/votes', { params: { id: sitting.id }, body, token: chair.token });
    const vote = await openVote({ kind: 'agenda_change', change: 'add', itemId: proposed.body.itemId });
    expectOk(vote, 201);
    expect((await showOfHands(app, vote.body.id, present, { clerk, chair })).passed).toBe(true);
    const change = (await arrived(title, 2)).find((m) => m.subject?.startsWith('Промяна на среща'))!;
    expect(to(change)).toEqual([address('councillor01')]);
    expect(change.text).toContain('Добавена точка: 2. Спешна помощ за пострадалите');
    expect(change.text).toMatch(/1\. Отчет[\s\S]*2\. Спешна помощ за пострадалите/);
    // An item withdrawn at the sitting is announced the same way; it keeps its number, marked.
    const withdraw = await openVote({ kind: 'agenda_change', change: 'withdraw', itemId: sitting.items[0]!.id });
    expectOk(withdraw, 201);
    expect((await showOfHands(app, withdraw.body.id, present, { clerk, chair })).passed).toBe(true);
    const withdrawn = (await arrived(title, 3)).filter((m) => m.subject?.startsWith('Промяна на среща'));
    const last = withdrawn.find((m) => m.text?.includes('Оттеглена точка'))!;
    expect(to(last)).toEqual([address('councillor01')]);
    expect(last.text).toContain('Оттеглена точка: 1. Отчет');
    expect(last.text).toMatch(/1\. Отчет \(оттеглена\)[\s\S]*2\. Спешна помощ за пострадалите/);
  });

  it('a change that fails mails nothing', async () => {
    const title = `Отхвърлена ${Math.random().toString(36).slice(2, 8)}`;
    const taken = await book(`Заета ${Math.random().toString(36).slice(2, 8)}`, []);
    const clash = await app.post(
      `/api/halls/${hall.id}/bookings`,
      {
        title,
        inviteeIds: [bulgarian.user.id],
        startsAt: taken.startsAt,
        endsAt: new Date(new Date(taken.startsAt).getTime() + 30 * 60_000).toISOString(),
      },
      { token: organizer.token },
    );
    expect(clash.status).toBe(409);
    await marker(bulgarian);
    expect(await about(title)).toEqual([]);
  });

  it('while the mail server is down attempts fail and back off; when it is back each mail arrives once', async () => {
    await smtp.down();
    const failures = () => app.output.filter((l) => l.includes('"event":"mail_send_failed"')).length;
    const before = failures();
    const title = `Прекъсване ${Math.random().toString(36).slice(2, 8)}`;
    await book(title, [english, bulgarian]);
    // Two rounds of failed attempts (2 mails each), the second after the backoff.
    const retried = () =>
      app.output.filter((l) => l.includes('"event":"mail_send_failed"') && l.includes('"attempts":2')).length;
    await eventually(async () => expect(retried()).toBeGreaterThanOrEqual(2), 30_000);
    expect(failures() - before).toBeGreaterThanOrEqual(4);
    expect(await about(title)).toEqual([]);
    await smtp.up();
    await arrived(title, 2);
    await marker(english);
    const got = await about(title);
    expect(got).toHaveLength(2);
    expect(new Set(got.map((m) => m.messageId)).size).toBe(2);
  });

  it('the export shows the mail sent to a person and their choice; erasure deletes both', async () => {
    const url = `/api/admin/users/${bulgarian.user.id}/personal-data`;
    const before = await app.get<MailSectionRead>(url, { token: admin.token });
    expect(before.status).toBe(200);
    expect(before.body.mail.messages.length).toBeGreaterThan(0);
    expect(before.body.mail.messages.every((m) => m.to === address('servant03'))).toBe(true);
    expect(before.body.mail.messages.map((m) => m.kind)).toContain('meeting');
    const erased = await app.api.post('/api/admin/users/:id/erase', {
      params: { id: bulgarian.user.id },
      body: { confirm: 'servant03' },
      token: admin.token,
    });
    expectOk(erased, 200);
    expect(erased.body.sections.mail!.messages).toBe(before.body.mail.messages.length);
    const after = await app.get<MailSectionRead>(url, { token: admin.token });
    expect(after.body.mail).toEqual({ turnedOff: [], messages: [] });
  });

  (serverUrl() ? it : it.skip)('two processes send each mail once (PostgreSQL)', async () => {
    const second = await TestApp.start({ db, env: { ...app.env, PORT: '0' } });
    try {
      const titles = Array.from({ length: 6 }, (_, i) => `Двама ${i} ${Math.random().toString(36).slice(2, 8)}`);
      await Promise.all(titles.map((t) => book(t, [english])));
      for (const t of titles) await arrived(t, 1);
      await marker(english);
      for (const t of titles) expect(await about(t)).toHaveLength(1);
    } finally {
      await second.close({ keepDatabase: true });
    }
  });
  it('without SMTP_URL nothing is written into the outbox', async () => {
    await app.close({ keepDatabase: true });
    app = await TestApp.start({ db, env: { ...app.env, SMTP_URL: undefined, MAIL_FROM: undefined, PORT: '0' } });
    organizer = await app.login('servant01');
    english = await app.login('servant02');
    const title = `Без SMTP ${Math.random().toString(36).slice(2, 8)}`;
    await book(title, [english]);
    const prefs = await ok(preferencesOf(english), 'the preferences');
    expect(prefs.enabled).toBe(false);
    // On the embedded database the file is read once the server has let go of it.
    if (!serverUrl()) await app.close({ keepDatabase: true });
    const rows = await queryDatabase<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM mail_outbox WHERE subject LIKE '%${title}%'`,
    );
    expect(Number(rows[0]!.n)).toBe(0);
    const all = await queryDatabase<{ n: number }>(db, `SELECT count(*)::int AS n FROM mail_outbox`);
    expect(Number(all[0]!.n)).toBeGreaterThan(0); // the earlier tests' mail is there: the query looks at the right table
  });
});
