import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Minutes: draft, review, signatures, frozen (issue 14).
 *
 * - `council_body.review_days`: the review period of a sitting's minutes (0–30 days, 7 by
 *   default): councillors send correction requests from the closing until then.
 * - `council_session.minute_taker_id`: the minute-taker (протоколчик) the clerk names.
 * - `council_session.minutes_version` / `.minutes_draft_since` / `.minutes_reason`: the version
 *   of the minutes being drafted (1, or a later correction with its reason) and since when.
 * - `council_minutes_correction`: a member's correction request and the clerk's answer.
 * - `council_minutes_signature`: the chair's and the minute-taker's signature of a version:
 *   who, when, and the SHA-256 of the canonical content they signed.
 * - `council_minutes_version`: a published version, frozen: the JSON, HTML and PDF bytes as
 *   published, served byte for byte from then on.
 */
export class MinutesSigned1795000210000 implements MigrationInterface {
  name = 'MinutesSigned1795000210000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "council_body" ADD "review_days" integer NOT NULL DEFAULT 7`);
    await q.query(
      `ALTER TABLE "council_body" ADD CONSTRAINT "CHK_council_body_review_days" CHECK ("review_days" BETWEEN 0 AND 30)`,
    );
    await q.query(`ALTER TABLE "council_session" ADD "minute_taker_id" uuid`);
    await q.query(
      `ALTER TABLE "council_session" ADD CONSTRAINT "FK_council_session_minute_taker" FOREIGN KEY ("minute_taker_id") REFERENCES "app_user"("id") ON DELETE SET NULL`,
    );
    await q.query(`ALTER TABLE "council_session" ADD "minutes_version" integer NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE "council_session" ADD "minutes_draft_since" timestamptz`);
    await q.query(`ALTER TABLE "council_session" ADD "minutes_reason" text`);
    await q.query(`
      CREATE TABLE "council_minutes_correction" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "session_id" uuid NOT NULL,
        "version" integer NOT NULL,
        "user_id" uuid NOT NULL,
        "text" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "answered_by" uuid,
        "answer" text,
        "accepted" boolean,
        "answered_at" timestamptz,
        CONSTRAINT "PK_council_minutes_correction" PRIMARY KEY ("id"),
        CONSTRAINT "FK_council_minutes_correction_session" FOREIGN KEY ("session_id") REFERENCES "council_session"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_minutes_correction_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE NO ACTION,
        CONSTRAINT "FK_council_minutes_correction_answerer" FOREIGN KEY ("answered_by") REFERENCES "app_user"("id") ON DELETE NO ACTION
      )`);
    await q.query(
      `CREATE INDEX "IDX_council_minutes_correction_session" ON "council_minutes_correction" ("session_id", "version")`,
    );
    await q.query(`
      CREATE TABLE "council_minutes_signature" (
        "session_id" uuid NOT NULL,
        "version" integer NOT NULL,
        "role" text NOT NULL,
        "user_id" uuid NOT NULL,
        "sha256" text NOT NULL,
        "signed_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_council_minutes_signature" PRIMARY KEY ("session_id", "version", "role"),
        CONSTRAINT "CHK_council_minutes_signature_role" CHECK ("role" IN ('chair', 'minute_taker')),
        CONSTRAINT "CHK_council_minutes_signature_sha256" CHECK ("sha256" ~ '^[0-9a-f]{64}$'),
        CONSTRAINT "FK_council_minutes_signature_session" FOREIGN KEY ("session_id") REFERENCES "council_session"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_minutes_signature_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE NO ACTION
      )`);
    await q.query(`
      CREATE TABLE "council_minutes_version" (
        "session_id" uuid NOT NULL,
        "version" integer NOT NULL,
        "number" integer NOT NULL,
        "reason" text,
        "sha256" text NOT NULL,
        "json" bytea NOT NULL,
        "html" bytea NOT NULL,
        "pdf" bytea NOT NULL,
        "json_sha256" text NOT NULL,
        "html_sha256" text NOT NULL,
        "pdf_sha256" text NOT NULL,
        "published_at" timestamptz NOT NULL DEFAULT now(),
        "published_by" uuid NOT NULL,
        CONSTRAINT "PK_council_minutes_version" PRIMARY KEY ("session_id", "version"),
        CONSTRAINT "CHK_council_minutes_version_sha256" CHECK ("sha256" ~ '^[0-9a-f]{64}$'),
        CONSTRAINT "FK_council_minutes_version_session" FOREIGN KEY ("session_id") REFERENCES "council_session"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_minutes_version_publisher" FOREIGN KEY ("published_by") REFERENCES "app_user"("id") ON DELETE NO ACTION
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "council_minutes_version"`);
    await q.query(`DROP TABLE "council_minutes_signature"`);
    await q.query(`DROP TABLE "council_minutes_correction"`);
    await q.query(`ALTER TABLE "council_session" DROP COLUMN "minutes_reason"`);
    await q.query(`ALTER TABLE "council_session" DROP COLUMN "minutes_draft_since"`);
    await q.query(`ALTER TABLE "council_session" DROP COLUMN "minutes_version"`);
    await q.query(`ALTER TABLE "council_session" DROP CONSTRAINT "FK_council_session_minute_taker"`);
    await q.query(`ALTER TABLE "council_session" DROP COLUMN "minute_taker_id"`);
    await q.query(`ALTER TABLE "council_body" DROP CONSTRAINT "CHK_council_body_review_days"`);
    await q.query(`ALTER TABLE "council_body" DROP COLUMN "review_days"`);
  }
}
