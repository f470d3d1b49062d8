import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The floor with time limits (issue 15, part 6).
 *
 * `council_body` keeps its speaking time per kind of turn (seconds; defaults: speech 5 minutes,
 * reply 3, counter-reply 2, procedural 1). `council_speaker` keeps the limit fixed when the
 * floor was given (`limit_seconds`: requests granted before this migration have none), the
 * speech a reply or counter-reply answers (`answers_id`), and when the chair was told the time
 * was up (`time_up_at`: claimed by one UPDATE, so one process tells, once).
 */
export class FloorTimeLimits1795000420000 implements MigrationInterface {
  name = 'FloorTimeLimits1795000420000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "council_body"
        ADD "speech_seconds" integer NOT NULL DEFAULT 300,
        ADD "reply_seconds" integer NOT NULL DEFAULT 180,
        ADD "counter_reply_seconds" integer NOT NULL DEFAULT 120,
        ADD "procedural_seconds" integer NOT NULL DEFAULT 60,
        ADD CONSTRAINT "CHK_council_body_speaking_limits" CHECK ("speech_seconds" BETWEEN 1 AND 3600 AND "reply_seconds" BETWEEN 1 AND 3600 AND "counter_reply_seconds" BETWEEN 1 AND 3600 AND "procedural_seconds" BETWEEN 1 AND 3600)`);
    await q.query(`
      ALTER TABLE "council_speaker"
        ADD "limit_seconds" integer,
        ADD "answers_id" uuid,
        ADD "time_up_at" TIMESTAMP WITH TIME ZONE,
        ADD CONSTRAINT "FK_council_speaker_answers" FOREIGN KEY ("answers_id") REFERENCES "council_speaker"("id") ON DELETE CASCADE`);
    await q.query(`CREATE INDEX "IDX_council_speaker_answers" ON "council_speaker" ("answers_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_council_speaker_answers"`);
    await q.query(`
      ALTER TABLE "council_speaker"
        DROP CONSTRAINT "FK_council_speaker_answers",
        DROP COLUMN "time_up_at", DROP COLUMN "answers_id", DROP COLUMN "limit_seconds"`);
    await q.query(`
      ALTER TABLE "council_body"
        DROP CONSTRAINT "CHK_council_body_speaking_limits",
        DROP COLUMN "procedural_seconds", DROP COLUMN "counter_reply_seconds",
        DROP COLUMN "reply_seconds", DROP COLUMN "speech_seconds"`);
  }
}
