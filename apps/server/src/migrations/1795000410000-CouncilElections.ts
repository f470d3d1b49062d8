import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Elections at a sitting (issue 15, part 3): a round of a secret vote with candidates, its
 * candidates, who voted, and the ballots — kept apart as secret votes are (no voter, no time
 * on a ballot; the HMAC key that finds a member's ballot while open is destroyed at close).
 * One election round open per sitting at a time.
 */
export class CouncilElections1795000410000 implements MigrationInterface {
  name = 'CouncilElections1795000410000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "council_election" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "session_id" uuid NOT NULL,
        "item_id" uuid NOT NULL,
        "office" text NOT NULL,
        "round" integer NOT NULL,
        "first_round_id" uuid,
        "mode" text NOT NULL,
        "status" text NOT NULL DEFAULT 'open',
        "opened_by" uuid NOT NULL,
        "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "closed_at" TIMESTAMP WITH TIME ZONE,
        "result" jsonb,
        "commission" jsonb,
        "secret_key" text,
        CONSTRAINT "PK_council_election" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_council_election_mode" CHECK ("mode" IN ('electronic', 'paper')),
        CONSTRAINT "CHK_council_election_status" CHECK ("status" IN ('open', 'closed')),
        CONSTRAINT "CHK_council_election_round" CHECK ("round" >= 1),
        CONSTRAINT "FK_council_election_session" FOREIGN KEY ("session_id") REFERENCES "council_session"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_election_item" FOREIGN KEY ("item_id") REFERENCES "council_agenda_item"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_election_first_round" FOREIGN KEY ("first_round_id") REFERENCES "council_election"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_council_election_session" ON "council_election" ("session_id", "opened_at")`);
    await q.query(
      `CREATE UNIQUE INDEX "UQ_council_election_one_open" ON "council_election" ("session_id") WHERE "status" = 'open'`,
    );
    await q.query(`
      CREATE TABLE "council_election_candidate" (
        "election_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "position" integer NOT NULL,
        CONSTRAINT "PK_council_election_candidate" PRIMARY KEY ("election_id", "user_id"),
        CONSTRAINT "UQ_council_election_candidate_position" UNIQUE ("election_id", "position"),
        CONSTRAINT "FK_council_election_candidate_election" FOREIGN KEY ("election_id") REFERENCES "council_election"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_election_candidate_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE "council_election_voter" (
        "election_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        CONSTRAINT "PK_council_election_voter" PRIMARY KEY ("election_id", "user_id"),
        CONSTRAINT "FK_council_election_voter_election" FOREIGN KEY ("election_id") REFERENCES "council_election"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_election_voter_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE "council_election_ballot" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "election_id" uuid NOT NULL,
        "candidate_id" uuid,
        "voter_key" text,
        CONSTRAINT "PK_council_election_ballot" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_council_election_ballot_voter" UNIQUE ("election_id", "voter_key"),
        CONSTRAINT "FK_council_election_ballot_election" FOREIGN KEY ("election_id") REFERENCES "council_election"("id") ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX "IDX_council_election_ballot_election" ON "council_election_ballot" ("election_id", "candidate_id")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'council_election_ballot',
      'council_election_voter',
      'council_election_candidate',
      'council_election',
    ])
      await q.query(`DROP TABLE "${t}"`);
  }
}
