import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notice and publication (issue 14).
 *
 * - `council_body.notice_days`: how long before a regular sitting its agenda must be
 *   published (the notice each council's rulebook sets under ЗМСМА чл. 21, ал. 3; 7 days
 *   by default, 0–60).
 * - `council_session.published_at`: when the clerk published the agenda ("обявено на …").
 *   Sittings published before the upgrade take the time of their `council.session.publish`
 *   audit line, or else their last change (the best record there is).
 * - `council_session.extraordinary` and `.extraordinary_reason`: an extraordinary sitting
 *   (извънредно заседание) may be published at shorter notice, with its reason recorded.
 */
export class SittingNotice1795000190000 implements MigrationInterface {
  name = 'SittingNotice1795000190000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "council_body" ADD "notice_days" integer NOT NULL DEFAULT 7`);
    await q.query(
      `ALTER TABLE "council_body" ADD CONSTRAINT "CHK_council_body_notice_days" CHECK ("notice_days" BETWEEN 0 AND 60)`,
    );
    await q.query(`ALTER TABLE "council_session" ADD "published_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "council_session" ADD "extraordinary" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "council_session" ADD "extraordinary_reason" text`);
    await q.query(
      `ALTER TABLE "council_session" ADD CONSTRAINT "CHK_council_session_extraordinary" CHECK ("extraordinary" = ("extraordinary_reason" IS NOT NULL))`,
    );
    await q.query(`
      UPDATE "council_session" s
         SET "published_at" = coalesce(
               (SELECT min(a."at") FROM "audit_event" a
                 WHERE a."action" = 'council.session.publish'
                   AND a."target_type" = 'council_session' AND a."target_id" = s."id"::text),
               s."updated_at")
       WHERE s."status" <> 'draft'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "council_session" DROP CONSTRAINT "CHK_council_session_extraordinary"`);
    await q.query(`ALTER TABLE "council_session" DROP COLUMN "extraordinary_reason"`);
    await q.query(`ALTER TABLE "council_session" DROP COLUMN "extraordinary"`);
    await q.query(`ALTER TABLE "council_session" DROP COLUMN "published_at"`);
    await q.query(`ALTER TABLE "council_body" DROP CONSTRAINT "CHK_council_body_notice_days"`);
    await q.query(`ALTER TABLE "council_body" DROP COLUMN "notice_days"`);
  }
}
