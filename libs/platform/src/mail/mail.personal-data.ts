import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  PersonalDataService,
  affectedRows,
  type PersonalDataProvider,
} from '../personal-data/personal-data.service.js';

/**
 * The mail outbox's part: the messages sent (or to be sent) to the person — address, subject,
 * text, state — and the kinds of mail they turned off. Erasure deletes both.
 */
@Injectable()
export class MailPersonalData implements PersonalDataProvider, OnModuleInit {
  readonly section = 'mail';

  constructor(private readonly registry: PersonalDataService) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async export(userId: string, em: EntityManager): Promise<unknown> {
    const messages: {
      id: string;
      kind: string;
      to_address: string;
      subject: string;
      text_body: string;
      status: string;
      attempts: number;
      created_at: Date;
      sent_at: Date | null;
    }[] = await em.query(
      `SELECT id, kind, to_address, subject, text_body, status, attempts, created_at, sent_at
         FROM mail_outbox WHERE user_id = $1 ORDER BY created_at, id`,
      [userId],
    );
    const prefs: { disabled_kinds: string[] }[] = await em.query(
      `SELECT disabled_kinds FROM mail_preference WHERE user_id = $1`,
      [userId],
    );
    return {
      turnedOff: prefs[0]?.disabled_kinds ?? [],
      messages: messages.map((m) => ({
        id: m.id,
        kind: m.kind,
        to: m.to_address,
        subject: m.subject,
        text: m.text_body,
        status: m.status,
        attempts: m.attempts,
        createdAt: new Date(m.created_at).toISOString(),
        sentAt: m.sent_at ? new Date(m.sent_at).toISOString() : null,
      })),
    };
  }

  async erase(userId: string, em: EntityManager): Promise<Record<string, number>> {
    const gone: unknown[] = await em.query(`DELETE FROM mail_outbox WHERE user_id = $1 RETURNING 1`, [userId]);
    const prefs: unknown[] = await em.query(`DELETE FROM mail_preference WHERE user_id = $1 RETURNING 1`, [userId]);
    return { messages: affectedRows(gone), preferences: affectedRows(prefs) };
  }
}
