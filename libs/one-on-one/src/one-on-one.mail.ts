import { MailService, mailBodies, mailFooter, mailTimeRange, type OutgoingMail } from '@egov-box/platform';
import type { DirectoryReader } from '@egov-box/directory';
import type { EntityManager } from 'typeorm';
import type { Range } from './free-slots.js';

const WORDS = {
  bg: {
    requested: (who: string) => `${who} иска среща на четири очи`,
    accepted: (who: string) => `${who} прие срещата на четири очи`,
    declined: (who: string) => `${who} отказа срещата на четири очи`,
    topic: 'Тема',
    slots: 'Предложени часове',
    time: 'Час',
    reason: 'Причина',
    answer: 'Отговорете в портала eGov Box (приемете един от часовете, предложете други или откажете).',
  },
  en: {
    requested: (who: string) => `${who} asks you for a one-on-one`,
    accepted: (who: string) => `${who} accepted the one-on-one`,
    declined: (who: string) => `${who} declined the one-on-one`,
    topic: 'Topic',
    slots: 'Proposed times',
    time: 'Time',
    reason: 'Reason',
    answer: 'Answer in the eGov Box portal (accept one of the times, propose others or decline).',
  },
};

/**
 * A one-on-one request to the person asked, or its answer (accepted / declined) to the other
 * side, written into the outbox in the transaction of the request or the answer. Kind
 * `one_on_one`; the agreed meeting's own invitation goes out as kind `meeting`. The sender's
 * name is the directory's (`accountName`), read in the same transaction.
 */
export async function enqueueOneOnOneMail(
  mail: MailService,
  directory: Pick<DirectoryReader, 'accountName'>,
  em: EntityManager,
  event:
    | { action: 'requested'; slots: Range[] }
    | { action: 'accepted'; slot: Range }
    | { action: 'declined'; reason: string | null },
  actorId: string,
  recipientId: string,
  topic: string,
): Promise<void> {
  const [recipient] = await mail.recipients(em, [recipientId], 'one_on_one');
  if (!recipient) return;
  const who = (await directory.accountName(actorId, em)) ?? '—';
  const lang = recipient.language;
  const w = WORDS[lang];
  const subject = `${w[event.action](who)}: ${topic}`;
  const lines =
    event.action === 'requested'
      ? [
          { label: w.topic, value: topic },
          w.slots + ':',
          ...event.slots.map((s) => `• ${mailTimeRange(lang, s.startsAt, s.endsAt)}`),
          w.answer,
        ]
      : event.action === 'accepted'
        ? [
            { label: w.topic, value: topic },
            { label: w.time, value: mailTimeRange(lang, event.slot.startsAt, event.slot.endsAt) },
          ]
        : [{ label: w.topic, value: topic }, ...(event.reason ? [{ label: w.reason, value: event.reason }] : [])];
  const out: OutgoingMail = {
    kind: 'one_on_one',
    userId: recipient.id,
    to: recipient.email,
    subject,
    ...mailBodies(lang, subject, lines, mailFooter(lang)),
  };
  await mail.enqueue(em, [out]);
}
