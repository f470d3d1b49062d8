import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An election round that elects someone is a decision of the council (issue 15, part 3): it
 * takes the next number of the register like an adopted vote. A register entry now comes from
 * a vote or from an election round — exactly one of them.
 */
export class CouncilDecisionElection1795000411000 implements MigrationInterface {
  name = 'CouncilDecisionElection1795000411000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "council_decision" ALTER COLUMN "vote_id" DROP NOT NULL`);
    await q.query(`ALTER TABLE "council_decision" ADD "election_id" uuid`);
    await q.query(
      `ALTER TABLE "council_decision" ADD CONSTRAINT "UQ_council_decision_election" UNIQUE ("election_id")`,
    );
    await q.query(
      `ALTER TABLE "council_decision" ADD CONSTRAINT "CHK_council_decision_source" CHECK (("vote_id" IS NULL) <> ("election_id" IS NULL))`,
    );
    await q.query(
      `ALTER TABLE "council_decision" ADD CONSTRAINT "FK_council_decision_election" FOREIGN KEY ("election_id") REFERENCES "council_election"("id") ON DELETE CASCADE`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "council_decision" WHERE "election_id" IS NOT NULL`);
    await q.query(`ALTER TABLE "council_decision" DROP CONSTRAINT "FK_council_decision_election"`);
    await q.query(`ALTER TABLE "council_decision" DROP CONSTRAINT "CHK_council_decision_source"`);
    await q.query(`ALTER TABLE "council_decision" DROP CONSTRAINT "UQ_council_decision_election"`);
    await q.query(`ALTER TABLE "council_decision" DROP COLUMN "election_id"`);
    await q.query(`ALTER TABLE "council_decision" ALTER COLUMN "vote_id" SET NOT NULL`);
  }
}
