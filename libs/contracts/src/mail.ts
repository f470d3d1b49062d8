import { z } from 'zod';
import { answer } from './answers.js';

/**
 * The kinds of mail the portal sends; each person may turn any of them off
 * (`PUT /api/me/mail-preferences`).
 * - `meeting`: invitations, changes and cancellations of meetings (with an iCalendar request)
 * - `meeting_reminder`: the reminder shortly before a meeting
 * - `one_on_one`: a one-on-one request and its answer
 * - `hall_booking`: a hall booking waiting for approval (clerks) and its decision
 * - `council`: invitations to a council or committee sitting with its agenda
 */
export const MAIL_KINDS = ['meeting', 'meeting_reminder', 'one_on_one', 'hall_booking', 'council'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** `GET/PUT /api/me/mail-preferences`: which kinds the signed-in person gets by mail. */
export const MailPreferencesSchema = z.strictObject({
  kinds: z.strictObject(Object.fromEntries(MAIL_KINDS.map((k) => [k, z.boolean()])) as Record<MailKind, z.ZodBoolean>),
});
export type MailPreferences = z.infer<typeof MailPreferencesSchema>;

/** The answer of `GET/PUT /api/me/mail-preferences`. */
export const MailPreferencesViewSchema = answer(
  'MailPreferencesView',
  {
    kinds: z.object(Object.fromEntries(MAIL_KINDS.map((k) => [k, z.boolean()])) as Record<MailKind, z.ZodBoolean>),
    /** Whether the portal sends mail at all (SMTP_URL set). */
    enabled: z.boolean().describe('Whether the portal sends mail at all (SMTP_URL set)'),
    /** The address mail goes to (null: none on file, nothing is sent). */
    address: z.string().nullable().describe('The address mail goes to (null: none on file, nothing is sent)'),
  },
  'Which kinds of mail the signed-in person gets',
);
export type MailPreferencesView = z.infer<typeof MailPreferencesViewSchema>;
