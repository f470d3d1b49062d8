import { MailService, mailBodies, mailFooter, mailTimeRange, type OutgoingMail } from '@egov-box/platform';
import type { EntityManager } from 'typeorm';
import type { ReminderRow } from './meetings.repository.js';
import { userIds } from './reminder-ids.js';

const WORDS = {
  bg: { subject: 'Напомняне', soon: 'Срещата започва скоро.', when: 'Кога', where: 'Къде' },
  en: { subject: 'Reminder', soon: 'The meeting starts soon.', when: 'When', where: 'Where' },
};

/**
 * The reminder shortly before a meeting, by mail (kind `meeting_reminder`) to everyone taking
 * part who has not declined, written in the transaction that claimed the reminder.
 */
export async function enqueueReminderMails(mail: MailService, em: EntityManager, due: ReminderRow[]): Promise<void> {
  if (!mail.enabled) return;
  const out: OutgoingMail[] = [];
  for (const r of due) {
    const where = [r.space_name, r.space_location].filter(Boolean).join(', ');
    for (const p of await mail.recipients(em, userIds(r.user_ids), 'meeting_reminder')) {
      const w = WORDS[p.language];
      const subject = `${w.subject}: ${r.title}`;
      out.push({
        kind: 'meeting_reminder',
        userId: p.id,
        to: p.email,
        subject,
        ...mailBodies(
          p.language,
          subject,
          [
            w.soon,
            { label: w.when, value: mailTimeRange(p.language, new Date(r.starts_at), new Date(r.ends_at)) },
            { label: w.where, value: where },
          ],
          mailFooter(p.language),
        ),
      });
    }
  }
  await mail.enqueue(em, out);
}
