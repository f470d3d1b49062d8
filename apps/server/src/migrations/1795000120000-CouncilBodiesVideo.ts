import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Council bodies (the council itself, created here so that it exists on every install, and
 * standing committees with their members), sessions tied to a body (numbered per body), the
 * chair's order of the speakers' queue, changeable secret ballots (a per-vote key that lives
 * only while the vote is open; ballots keyed by an HMAC of the voter, cleared at close) and
 * LiveKit Egress recordings of sessions.
 */
export class CouncilBodiesVideo1795000120000 implements MigrationInterface {
  name = 'CouncilBodiesVideo1795000120000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "council_body" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "kind" text NOT NULL,
        "name" text NOT NULL,
        "chair_id" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_council_body" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_council_body_name" UNIQUE ("name"),
        CONSTRAINT "CHK_council_body_kind" CHECK ("kind" IN ('council', 'committee')),
        CONSTRAINT "FK_council_body_chair" FOREIGN KEY ("chair_id") REFERENCES "app_user"("id") ON DELETE SET NULL
      )`);
    await q.query(
      `CREATE UNIQUE INDEX "UQ_council_body_one_council" ON "council_body" ("kind") WHERE "kind" = 'council'`,
    );
    await q.query(`
      CREATE TABLE "council_body_member" (
        "body_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        CONSTRAINT "PK_council_body_member" PRIMARY KEY ("body_id", "user_id"),
        CONSTRAINT "FK_council_body_member_body" FOREIGN KEY ("body_id") REFERENCES "council_body"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_body_member_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_council_body_member_user" ON "council_body_member" ("user_id")`);
    // The council: its members are the councillors, its chair the user with council_chair.
    await q.query(`INSERT INTO "council_body" ("kind", "name") VALUES ('council', 'Общински съвет')`);

    await q.query(`ALTER TABLE "council_session" ADD "body_id" uuid`);
    await q.query(
      `UPDATE "council_session" SET "body_id" = (SELECT "id" FROM "council_body" WHERE "kind" = 'council')`,
    );
    await q.query(`ALTER TABLE "council_session" ALTER COLUMN "body_id" SET NOT NULL`);
    await q.query(
      `ALTER TABLE "council_session" ADD CONSTRAINT "FK_council_session_body" FOREIGN KEY ("body_id") REFERENCES "council_body"("id") ON DELETE RESTRICT`,
    );
    await q.query(`ALTER TABLE "council_session" DROP CONSTRAINT "UQ_council_session_number"`);
    await q.query(
      `ALTER TABLE "council_session" ADD CONSTRAINT "UQ_council_session_number" UNIQUE ("body_id", "number")`,
    );

    await q.query(`ALTER TABLE "council_speaker" ADD "queue_position" integer`);

    await q.query(`ALTER TABLE "council_vote" ADD "secret_key" text`);
    await q.query(`ALTER TABLE "council_secret_ballot" ADD "voter_key" text`);
    await q.query(
      `ALTER TABLE "council_secret_ballot" ADD CONSTRAINT "UQ_council_secret_ballot_voter" UNIQUE ("vote_id", "voter_key")`,
    );

    await q.query(`
      CREATE TABLE "council_recording" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "session_id" uuid NOT NULL,
        "egress_id" text,
        "status" text NOT NULL DEFAULT 'recording',
        "started_at" timestamptz NOT NULL DEFAULT now(),
        "ended_at" timestamptz,
        "url" text,
        "error" text,
        CONSTRAINT "PK_council_recording" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_council_recording_egress" UNIQUE ("egress_id"),
        CONSTRAINT "CHK_council_recording_status" CHECK ("status" IN ('recording', 'complete', 'failed')),
        CONSTRAINT "FK_council_recording_session" FOREIGN KEY ("session_id") REFERENCES "council_session"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_council_recording_session" ON "council_recording" ("session_id", "started_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "council_recording"`);
    await q.query(`ALTER TABLE "council_secret_ballot" DROP CONSTRAINT "UQ_council_secret_ballot_voter"`);
    await q.query(`ALTER TABLE "council_secret_ballot" DROP COLUMN "voter_key"`);
    await q.query(`ALTER TABLE "council_vote" DROP COLUMN "secret_key"`);
    await q.query(`ALTER TABLE "council_speaker" DROP COLUMN "queue_position"`);
    await q.query(`ALTER TABLE "council_session" DROP CONSTRAINT "UQ_council_session_number"`);
    await q.query(`ALTER TABLE "council_session" DROP CONSTRAINT "FK_council_session_body"`);
    await q.query(`ALTER TABLE "council_session" DROP COLUMN "body_id"`);
    await q.query(`ALTER TABLE "council_session" ADD CONSTRAINT "UQ_council_session_number" UNIQUE ("number")`);
    await q.query(`DROP TABLE "council_body_member"`);
    await q.query(`DROP TABLE "council_body"`);
  }
}
