import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, part 5: the chamber's check-in secret and remote sittings under ЗМСМА чл. 28а
 * (`council_sitting_form`), and the clerk's identification of each member in a remote sitting
 * (`council_identification`). Existing sittings get their row the first time it is needed.
 */
export class RemoteSittings1795000430000 implements MigrationInterface {
  name = 'RemoteSittings1795000430000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "council_sitting_form" (
        "session_id" uuid NOT NULL,
        "check_in_secret" text NOT NULL,
        "remote" boolean NOT NULL DEFAULT false,
        "emergency_reference" text,
        "declared_by" uuid,
        "declared_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_council_sitting_form" PRIMARY KEY ("session_id"),
        CONSTRAINT "CHK_council_sitting_form_remote" CHECK ("remote" = ("emergency_reference" IS NOT NULL)),
        CONSTRAINT "FK_council_sitting_form_session" FOREIGN KEY ("session_id") REFERENCES "council_session"("id") ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE "council_identification" (
        "session_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "confirmed_by" uuid NOT NULL,
        "confirmed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_council_identification" PRIMARY KEY ("session_id", "user_id"),
        CONSTRAINT "FK_council_identification_session" FOREIGN KEY ("session_id") REFERENCES "council_session"("id") ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "council_identification"`);
    await q.query(`DROP TABLE "council_sitting_form"`);
  }
}
