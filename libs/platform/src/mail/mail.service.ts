import { randomUUID } from 'node:crypto';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MAIL_KINDS, type MailKind } from '@egov-box/contracts';
import { createTransport, type Transporter } from 'nodemailer';
import { Counter } from 'prom-client';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { Metrics } from '../metrics/metrics.js';
import { Poller } from '../scheduling/poller.js';
import { RetentionService } from '../retention/retention.service.js';
import { deleteCounting } from '../retention/retention.js';

/** One message to one person, as the library that causes it writes it. */
export interface OutgoingMail {
  kind: MailKind;
  /** The recipient's account (for preferences, export and erasure). */
  userId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** A meeting request (`REQUEST`) or cancellation (`CANCEL`) as a text/calendar part. */
  calendar?: { method: 'REQUEST' | 'CANCEL'; ics: string };
}

/** Who may get a kind of mail: an enabled account with an address that did not turn the kind off. */
export interface MailRecipient {
  id: string;
  email: string;
  displayName: string;
  /** `en` for people whose language is English; Bulgarian otherwise. */
  language: 'bg' | 'en';
}

/** How long a sender holds a claimed row before another process may take it again. */
const LEASE_MS = 5 * 60_000;
/** The longest wait between two attempts. */
const MAX_BACKOFF_MS = 6 * 60 * 60_000;
/** Rows one poll claims at most. */
const BATCH = 20;

/** Exponential backoff: `base`, 2·base, 4·base … after the 1st, 2nd, 3rd failed attempt (at most 6 h). */
export function retryDelayMs(attempts: number, baseSeconds: number): number {
  return Math.min(baseSeconds * 1000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

/** The address part of `Name <a@b>` or `a@b`. */
export function mailAddress(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text safe inside HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * The mail outbox. Libraries call {@link MailService.enqueue} with their own transaction's
 * EntityManager, so a message exists exactly when the change that causes it is committed; the
 * worker in this class sends it afterwards. Without SMTP_URL nothing is written.
 *
 * Sending: every process polls; one statement claims due rows (`FOR UPDATE SKIP LOCKED`, then
 * a lease in `locked_until`), so two processes never take the same row. A send that fails
 * counts an attempt, keeps the error and waits `retryDelayMs` before the next; after
 * MAIL_MAX_ATTEMPTS the row stays as `failed`. A crash between the mail server's acceptance
 * and the row being marked sent would send that one message again when the lease ends
 * (at least once; the Message-ID stays the same, so clients show it once).
 */
@Injectable()
export class MailService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private readonly poller = new Poller(this.logger, 'mail outbox', () => this.sendDue());
  private transport?: Transporter;
  private readonly sent: Counter;
  private readonly failures: Counter;
  private readonly givenUp: Counter;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly retention: RetentionService,
    metrics: Metrics,
  ) {
    this.sent = new Counter({ name: 'egov_mail_sent_total', help: 'Mails sent', registers: [metrics.registry] });
    this.failures = new Counter({
      name: 'egov_mail_send_failures_total',
      help: 'Failed attempts to send a mail (retried later)',
      registers: [metrics.registry],
    });
    this.givenUp = new Counter({
      name: 'egov_mail_given_up_total',
      help: 'Mails given up after MAIL_MAX_ATTEMPTS attempts',
      registers: [metrics.registry],
    });
  }

  /** Whether mail is configured (SMTP_URL). */
  get enabled(): boolean {
    return this.config.mail !== undefined;
  }

  onModuleInit(): void {
    this.retention.register({
      kind: 'mail',
      setting: 'RETENTION_MAIL_DAYS',
      days: this.config.retention.mailDays,
      remove: (cutoff, em) =>
        deleteCounting(
          em,
          `DELETE FROM mail_outbox
            WHERE (status = 'sent' AND sent_at < $1) OR (status = 'failed' AND next_attempt_at < $1) RETURNING 1`,
          [cutoff],
        ),
    });
  }

  onApplicationBootstrap(): void {
    const mail = this.config.mail;
    if (!mail) return;
    this.transport = createTransport(mail.smtpUrl);
    this.poller.start(mail.pollMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
    this.transport?.close();
  }

  /**
   * The people among `userIds` who get mail of this kind: enabled, with an address, not having
   * turned the kind off. Empty without SMTP_URL. Read in the caller's transaction.
   */
  async recipients(em: EntityManager, userIds: string[], kind: MailKind): Promise<MailRecipient[]> {
    if (!this.enabled || userIds.length === 0) return [];
    const rows: { id: string; email: string; display_name: string; locale: string }[] = await em.query(
      `SELECT u.id, u.email, u.display_name, u.locale FROM app_user u
         LEFT JOIN mail_preference p ON p.user_id = u.id
        WHERE u.id = ANY($1::uuid[]) AND u.disabled_at IS NULL AND u.email IS NOT NULL AND u.email <> ''
          AND NOT ($2 = ANY(COALESCE(p.disabled_kinds, '{}'::text[])))
        ORDER BY u.id`,
      [[...new Set(userIds)], kind],
    );
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      displayName: r.display_name,
      language: r.locale === 'en' ? 'en' : 'bg',
    }));
  }

  /**
   * Writes messages into the outbox inside the caller's transaction (rolled back with it).
   * Nothing without SMTP_URL. Resolves with how many were written.
   */
  async enqueue(em: EntityManager, mails: OutgoingMail[]): Promise<number> {
    const mail = this.config.mail;
    if (!mail || mails.length === 0) return 0;
    const domain = mailAddress(mail.from).split('@')[1] ?? 'egov-box';
    const now = new Date();
    for (const m of mails) {
      const id = randomUUID();
      await em.query(
        `INSERT INTO mail_outbox (id, kind, user_id, to_address, subject, text_body, html_body, calendar,
                                  calendar_method, message_id, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
        [
          id,
          m.kind,
          m.userId,
          m.to,
          m.subject,
          m.text,
          m.html,
          m.calendar?.ics ?? null,
          m.calendar?.method ?? null,
          `<${id}@${domain}>`,
          now,
        ],
      );
    }
    return mails.length;
  }

  /** The kinds the person turned off. */
  async disabledKinds(userId: string): Promise<MailKind[]> {
    const rows: { disabled_kinds: string[] | string }[] = await this.db.query(
      `SELECT disabled_kinds FROM mail_preference WHERE user_id = $1`,
      [userId],
    );
    const raw = rows[0]?.disabled_kinds ?? [];
    const list = Array.isArray(raw)
      ? raw
      : raw
          .replace(/^\{|\}$/g, '')
          .split(',')
          .filter(Boolean);
    return list.filter((k): k is MailKind => (MAIL_KINDS as readonly string[]).includes(k));
  }

  /** Stores which kinds the person turned off (replaces the previous choice). */
  async setDisabledKinds(userId: string, kinds: MailKind[]): Promise<void> {
    await this.db.query(
      `INSERT INTO mail_preference (user_id, disabled_kinds, updated_at) VALUES ($1, $2::text[], $3)
       ON CONFLICT (user_id) DO UPDATE SET disabled_kinds = EXCLUDED.disabled_kinds, updated_at = EXCLUDED.updated_at`,
      [userId, [...new Set(kinds)].sort(), new Date()],
    );
  }

  /** Claims due rows and sends them; resolves with how many were sent. */
  async sendDue(now = new Date()): Promise<number> {
    const mail = this.config.mail;
    if (!mail || !this.transport) return 0;
    const claimed: {
      id: string;
      kind: string;
      to_address: string;
      subject: string;
      text_body: string;
      html_body: string;
      calendar: string | null;
      calendar_method: string | null;
      message_id: string;
      attempts: number;
    }[] = await this.db.query(
      `WITH claimed AS (
         UPDATE mail_outbox SET locked_until = $2, attempts = attempts + 1
          WHERE id IN (SELECT id FROM mail_outbox
                        WHERE status = 'pending' AND next_attempt_at <= $1 AND (locked_until IS NULL OR locked_until <= $1)
                        ORDER BY next_attempt_at, created_at LIMIT ${BATCH}
                        FOR UPDATE SKIP LOCKED)
          RETURNING id, kind, to_address, subject, text_body, html_body, calendar, calendar_method, message_id, attempts)
       SELECT * FROM claimed`,
      [now, new Date(now.getTime() + LEASE_MS)],
    );
    let sent = 0;
    for (const row of claimed) {
      try {
        await this.transport.sendMail({
          from: mail.from,
          to: row.to_address,
          subject: row.subject,
          text: row.text_body,
          html: row.html_body,
          messageId: row.message_id,
          icalEvent: row.calendar
            ? { method: row.calendar_method ?? 'REQUEST', content: row.calendar, filename: 'invite.ics' }
            : undefined,
        });
        await this.db.query(
          `UPDATE mail_outbox SET status = 'sent', sent_at = $2, locked_until = NULL, last_error = NULL WHERE id = $1`,
          [row.id, new Date()],
        );
        sent++;
        this.sent.inc();
        this.logger.log({ event: 'mail_sent', id: row.id, kind: row.kind, attempts: row.attempts }, 'mail sent');
      } catch (err) {
        const error = String(err).slice(0, 1000);
        const giveUp = row.attempts >= mail.maxAttempts;
        const next = new Date(Date.now() + retryDelayMs(row.attempts, mail.retryBaseSeconds));
        await this.db.query(
          `UPDATE mail_outbox SET status = $2, next_attempt_at = $3, locked_until = NULL, last_error = $4 WHERE id = $1`,
          [row.id, giveUp ? 'failed' : 'pending', next, error],
        );
        if (giveUp) {
          this.givenUp.inc();
          this.logger.error(
            { event: 'mail_given_up', id: row.id, kind: row.kind, attempts: row.attempts, error },
            'mail given up',
          );
        } else {
          this.failures.inc();
          this.logger.warn(
            { event: 'mail_send_failed', id: row.id, kind: row.kind, attempts: row.attempts, next, error },
            'mail send failed; will retry',
          );
        }
      }
    }
    return sent;
  }
}
