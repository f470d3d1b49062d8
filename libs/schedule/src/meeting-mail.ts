import type { MailKind, MeetingKind } from '@egov-box/contracts';
import {
  MailService,
  mailAddress,
  mailBodies,
  mailFooter,
  mailTimeRange,
  type MailLine,
  type OutgoingMail,
} from '@egov-box/platform';
import type { EntityManager } from 'typeorm';
import { enqueueBookingWaiting } from './booking-mail.js';
import type { Meeting } from './entities/meeting.entity.js';
import { buildMeetingRequest, type MailPerson } from './ical.js';
import { MeetingsRepository } from './meetings.repository.js';

type Change = 'created' | 'updated' | 'cancelled';

/**
 * What the library that owns a kind of meeting adds to its mails (e.g. the council: the agenda
 * and links to the materials), and under which kind of mail they go. Read in the transaction.
 */
export type MeetingMailContent = (
  meeting: Meeting,
  em: EntityManager,
) => Promise<{ kind: MailKind; lines: (lang: 'bg' | 'en') => MailLine[] } | null>;

const WORDS = {
  bg: {
    created: 'Покана за среща',
    updated: 'Промяна на среща',
    cancelled: 'Отменена среща',
    when: 'Кога',
    where: 'Къде',
    organizer: 'Организатор',
    reason: 'Причина',
    answer: 'Отговорете на поканата в портала eGov Box.',
  },
  en: {
    created: 'Meeting invitation',
    updated: 'Meeting changed',
    cancelled: 'Meeting cancelled',
    when: 'When',
    where: 'Where',
    organizer: 'Organizer',
    reason: 'Reason',
    answer: 'Answer the invitation in the eGov Box portal.',
  },
};

/**
 * Mails for the meetings a transaction created, changed or cancelled, written into the outbox
 * inside that same transaction (see `MeetingsService.run`): to every invitee who has not
 * declined, with a text/calendar part — METHOD:REQUEST for an invitation or a change,
 * METHOD:CANCEL for a cancellation — carrying the feed's UID and SEQUENCE. The organizer made
 * the change and gets nothing.
 */
export async function enqueueMeetingMails(
  mail: MailService,
  repo: MeetingsRepository,
  em: EntityManager,
  changes: { created: Set<string>; updated: Set<string>; cancelled: Set<string> },
  from: string,
  contents: Map<MeetingKind, MeetingMailContent> = new Map(),
): Promise<number> {
  if (!mail.enabled) return 0;
  const kinds = new Map<string, Change>();
  for (const id of changes.updated) kinds.set(id, 'updated');
  for (const id of changes.created) kinds.set(id, 'created');
  for (const id of changes.cancelled) kinds.set(id, 'cancelled');
  if (!kinds.size) return 0;
  const meetings = await repo.findByIds([...kinds.keys()], em);
  const participants = await repo.participants([...kinds.keys()], em);
  await enqueueBookingWaiting(
    mail,
    em,
    meetings.filter((m) => changes.created.has(m.id)),
  );
  const people = new Set<string>();
  for (const m of meetings) people.add(m.organizerId);
  for (const p of participants) people.add(p.userId);
  const rows: { id: string; display_name: string; email: string | null }[] = await em.query(
    `SELECT id, display_name, email FROM app_user WHERE id = ANY($1::uuid[])`,
    [[...people]],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: OutgoingMail[] = [];
  for (const m of meetings) {
    let change = kinds.get(m.id)!;
    if (m.status === 'cancelled') change = 'cancelled';
    const invitees = participants.filter(
      (p) => p.meetingId === m.id && p.role === 'invitee' && p.response !== 'declined',
    );
    if (!invitees.length) continue;
    const org = byId.get(m.organizerId);
    // ORGANIZER is required in a request; a person without an address is named with the portal's.
    const organizer: MailPerson = { name: org?.display_name ?? 'eGov Box', email: org?.email || mailAddress(from) };
    const attendees: MailPerson[] = invitees
      .map((p) => byId.get(p.userId))
      .filter((u): u is { id: string; display_name: string; email: string } => Boolean(u?.email))
      .map((u) => ({ name: u.display_name, email: u.email }));
    const method = change === 'cancelled' ? 'CANCEL' : 'REQUEST';
    const ics = buildMeetingRequest(m, method, organizer, attendees);
    const extra = change === 'cancelled' ? null : ((await contents.get(m.kind)?.(m, em)) ?? null);
    const kind = extra?.kind ?? 'meeting';
    const recipients = await mail.recipients(
      em,
      invitees.map((p) => p.userId),
      kind,
    );
    for (const r of recipients) {
      out.push({
        kind,
        userId: r.id,
        to: r.email,
        ...meetingMailText(r.language, change, m, organizer.name, extra?.lines(r.language) ?? []),
        calendar: { method, ics },
      });
    }
  }
  return mail.enqueue(em, out);
}

function meetingMailText(lang: 'bg' | 'en', change: Change, m: Meeting, organizer: string, extra: MailLine[]) {
  const w = WORDS[lang];
  const where = m.space ? [m.space.name, m.space.location].filter(Boolean).join(', ') : '';
  const lines = [
    { label: w.when, value: mailTimeRange(lang, m.startsAt, m.endsAt) },
    ...(where ? [{ label: w.where, value: where }] : []),
    { label: w.organizer, value: organizer },
    ...(m.description ? [m.description] : []),
    ...extra,
    ...(change === 'cancelled' && m.cancelReason ? [{ label: w.reason, value: m.cancelReason }] : []),
    ...(change === 'cancelled' ? [] : [w.answer]),
  ];
  const subject = `${w[change]}: ${m.title}`;
  return { subject, ...mailBodies(lang, subject, lines, mailFooter(lang)) };
}
