import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mail (issue 18, part 2). `mail_outbox`: every message the portal sends, written in the same
 * transaction as the change that causes it and sent afterwards by a worker — due rows are
 * claimed with FOR UPDATE SKIP LOCKED and a lease (`locked_until`), so one process sends each
 * row; a failure records the attempt and the error and sets the next attempt (exponential
 * backoff) until the row is given up as `failed`. `mail_preference`: the kinds of mail a
 * person has turned off (none by default).
 */
export class MailOutbox1795000300000 implements MigrationInterface {
  name = 'MailOutbox1795000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "mail_outbox" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "kind" text NOT NULL,
        "user_id" uuid,
        "to_address" text NOT NULL,
        "subject" text NOT NULL,
        "text_body" text NOT NULL,
        "html_body" text NOT NULL,
        "calendar" text,
        "calendar_method" text,
        "message_id" text NOT NULL,
        "status" text NOT NULL DEFAULT 'pending',
        "attempts" integer NOT NULL DEFAULT 0,
        "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "locked_until" TIMESTAMP WITH TIME ZONE,
        "last_error" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "sent_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_mail_outbox" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_mail_outbox_message_id" UNIQUE ("message_id"),
        CONSTRAINT "CHK_mail_outbox_status" CHECK ("status" IN ('pending', 'sent', 'failed'))
      )`);
    await q.query(`CREATE INDEX "IDX_mail_outbox_due" ON "mail_outbox" ("status", "next_attempt_at")`);
    await q.query(`CREATE INDEX "IDX_mail_outbox_user" ON "mail_outbox" ("user_id")`);
    await q.query(`
      CREATE TABLE "mail_preference" (
        "user_id" uuid NOT NULL,
        "disabled_kinds" text array NOT NULL DEFAULT '{}',
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_mail_preference" PRIMARY KEY ("user_id")
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "mail_preference"`);
    await q.query(`DROP TABLE "mail_outbox"`);
  }
}
