import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The council's record on a fixed base (issue 14).
 *
 * - `council_body.seats`: the number of seats the body has by law (ЗМСМА чл. 19: the council
 *   of the demo municipality has 51; a committee as constituted). Quorum and the majorities
 *   "of all" use it, an empty seat included — never the number of accounts. Filled from the
 *   members each body has at the upgrade.
 * - `council_session.seats` and `.roster`: the seats and the members (id, name) fixed when the
 *   sitting opens; everything shown later about that sitting reads them.
 * - `council_vote.at_open`: the snapshot when the vote opened (its `result` is the one at close).
 * - `council_ballot.recorded_by`: who entered the ballot — the member (an electronic ballot,
 *   theirs alone) or the clerk (a hand vote or a roll call taken in the hall).
 */
export class CouncilSeatsSnapshots1795000180000 implements MigrationInterface {
  name = 'CouncilSeatsSnapshots1795000180000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "council_body" ADD "seats" integer`);
    // With no councillors yet (a fresh install), the council gets the smallest council the law
    // knows (11) until the administrator sets its seats; the demo seed sets 51.
    await q.query(
      `UPDATE "council_body" b SET "seats" = COALESCE(NULLIF((
         SELECT count(*) FROM "app_user" u
          WHERE 'councillor' = ANY(u."roles") AND u."disabled_at" IS NULL
            AND (b."kind" = 'council'
              OR EXISTS (SELECT 1 FROM "council_body_member" m WHERE m."body_id" = b."id" AND m."user_id" = u."id"))), 0),
         CASE WHEN b."kind" = 'council' THEN 11 ELSE 1 END)`,
    );
    await q.query(`ALTER TABLE "council_body" ALTER COLUMN "seats" SET NOT NULL`);
    await q.query(
      `ALTER TABLE "council_body" ADD CONSTRAINT "CHK_council_body_seats" CHECK ("seats" BETWEEN 1 AND 101)`,
    );
    await q.query(`ALTER TABLE "council_session" ADD "seats" integer`);
    await q.query(`ALTER TABLE "council_session" ADD "roster" jsonb`);
    // Sittings opened before the upgrade: their body's seats and today's members are the best
    // record there is (they were never kept); from now on both are fixed at the opening.
    await q.query(
      `UPDATE "council_session" s SET "seats" = b."seats" FROM "council_body" b
        WHERE b."id" = s."body_id" AND s."opened_at" IS NOT NULL`,
    );
    await q.query(`ALTER TABLE "council_vote" ADD "at_open" jsonb`);
    await q.query(`ALTER TABLE "council_ballot" ADD "recorded_by" uuid`);
    await q.query(`UPDATE "council_ballot" SET "recorded_by" = "user_id"`);
    await q.query(`ALTER TABLE "council_ballot" ALTER COLUMN "recorded_by" SET NOT NULL`);
    await q.query(
      `ALTER TABLE "council_ballot" ADD CONSTRAINT "FK_council_ballot_recorder" FOREIGN KEY ("recorded_by") REFERENCES "app_user"("id") ON DELETE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "council_ballot" DROP CONSTRAINT "FK_council_ballot_recorder"`);
    await q.query(`ALTER TABLE "council_ballot" DROP COLUMN "recorded_by"`);
    await q.query(`ALTER TABLE "council_vote" DROP COLUMN "at_open"`);
    await q.query(`ALTER TABLE "council_session" DROP COLUMN "roster"`);
    await q.query(`ALTER TABLE "council_session" DROP COLUMN "seats"`);
    await q.query(`ALTER TABLE "council_body" DROP CONSTRAINT "CHK_council_body_seats"`);
    await q.query(`ALTER TABLE "council_body" DROP COLUMN "seats"`);
  }
}
