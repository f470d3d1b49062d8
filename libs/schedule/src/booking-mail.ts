import { MailService, mailBodies, mailFooter, mailTimeRange, type OutgoingMail } from '@egov-box/platform';
import type { EntityManager } from 'typeorm';
import type { Meeting } from './entities/meeting.entity.js';

const WORDS = {
  bg: {
    waiting: 'Резервация чака одобрение',
    approved: 'Резервацията е одобрена',
    rejected: 'Резервацията е отказана',
    hall: 'Зала',
    when: 'Кога',
    by: 'Заявена от',
    occurrences: 'Повторения',
    reason: 'Причина',
    decide: 'Одобрете или откажете я в портала eGov Box.',
  },
  en: {
    waiting: 'A booking waits for approval',
    approved: 'Booking approved',
    rejected: 'Booking rejected',
    hall: 'Hall',
    when: 'When',
    by: 'Requested by',
    occurrences: 'Occurrences',
    reason: 'Reason',
    decide: 'Approve or reject it in the eGov Box portal.',
  },
};

function text(
  lang: 'bg' | 'en',
  what: 'waiting' | 'approved' | 'rejected',
  m: Meeting,
  extra: { by?: string; count: number; reason?: string | null },
) {
  const w = WORDS[lang];
  const subject = `${w[what]}: ${m.title}`;
  const lines = [
    { label: w.hall, value: m.space?.name ?? '' },
    { label: w.when, value: mailTimeRange(lang, m.startsAt, m.endsAt) },
    ...(extra.count > 1 ? [{ label: w.occurrences, value: String(extra.count) }] : []),
    ...(extra.by ? [{ label: w.by, value: extra.by }] : []),
    ...(extra.reason ? [{ label: w.reason, value: extra.reason }] : []),
    ...(what === 'waiting' ? [w.decide] : []),
  ];
  return { subject, ...mailBodies(lang, subject, lines, mailFooter(lang)) };
}

/**
 * Hall bookings waiting for approval, to every clerk (kind `hall_booking`), in the booking's
 * own transaction: one mail per booking (a series: its first occurrence with the count).
 */
export async function enqueueBookingWaiting(mail: MailService, em: EntityManager, created: Meeting[]): Promise<void> {
  const waiting = created.filter((m) => m.kind === 'booking' && m.status === 'pending');
  if (!waiting.length) return;
  const groups = new Map<string, Meeting[]>();
  for (const m of waiting) groups.set(m.seriesId ?? m.id, [...(groups.get(m.seriesId ?? m.id) ?? []), m]);
  const clerks: { id: string }[] = await em.query(
    `SELECT id FROM app_user WHERE 'clerk' = ANY(roles) AND disabled_at IS NULL`,
  );
  const recipients = await mail.recipients(
    em,
    clerks.map((c) => c.id),
    'hall_booking',
  );
  if (!recipients.length) return;
  const out: OutgoingMail[] = [];
  for (const list of groups.values()) {
    const first = list.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0]!;
    const names: { display_name: string }[] = await em.query(`SELECT display_name FROM app_user WHERE id = $1`, [
      first.organizerId,
    ]);
    for (const r of recipients) {
      out.push({
        kind: 'hall_booking',
        userId: r.id,
        to: r.email,
        ...text(r.language, 'waiting', first, { by: names[0]?.display_name, count: list.length }),
      });
    }
  }
  await mail.enqueue(em, out);
}

/** A clerk's decision on a booking, to the person who booked (kind `hall_booking`), in the decision's transaction. */
export async function enqueueBookingDecision(
  mail: MailService,
  em: EntityManager,
  meeting: Meeting,
  decision: 'approved' | 'rejected',
  count: number,
  reason: string | null,
): Promise<void> {
  const [r] = await mail.recipients(em, [meeting.organizerId], 'hall_booking');
  if (!r) return;
  await mail.enqueue(em, [
    { kind: 'hall_booking', userId: r.id, to: r.email, ...text(r.language, decision, meeting, { count, reason }) },
  ]);
}
