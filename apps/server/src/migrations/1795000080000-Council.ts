import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Council sessions: agenda, attendance (with its history), conflicts of interest, votes,
 * ballots and speakers. Secret votes keep who voted (council_secret_voter) and what was
 * chosen (council_secret_ballot: random key, no time, no voter) in two unlinked tables.
 */
export class Council1795000080000 implements MigrationInterface {
  name = 'Council1795000080000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "council_session" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "number" integer NOT NULL,
        "title" text NOT NULL,
        "description" text,
        "meeting_id" uuid NOT NULL,
        "space_id" uuid NOT NULL,
        "starts_at" timestamptz NOT NULL,
        "ends_at" timestamptz NOT NULL,
        "status" text NOT NULL DEFAULT 'draft',
        "current_item_id" uuid,
        "version" integer NOT NULL DEFAULT 1,
        "created_by" uuid NOT NULL,
        "opened_at" timestamptz,
        "closed_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_council_session" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_council_session_number" UNIQUE ("number"),
        CONSTRAINT "CHK_council_session_status" CHECK ("status" IN ('draft', 'published', 'open', 'paused', 'closed')),
        CONSTRAINT "FK_council_session_meeting" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_session_space" FOREIGN KEY ("space_id") REFERENCES "space"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_session_creator" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_council_session_starts" ON "council_session" ("starts_at")`);
    await q.query(`
      CREATE TABLE "council_agenda_item" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "session_id" uuid NOT NULL,
        "position" integer NOT NULL,
        "title" text NOT NULL,
        "rapporteur" text,
        "legal_basis" text,
        "vote_mode" text NOT NULL DEFAULT 'open',
        "majority" text NOT NULL DEFAULT 'present',
        CONSTRAINT "PK_council_agenda_item" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_council_agenda_item_position" UNIQUE ("session_id", "position"),
        CONSTRAINT "CHK_council_agenda_item_vote_mode" CHECK ("vote_mode" IN ('open', 'roll_call', 'secret')),
        CONSTRAINT "CHK_council_agenda_item_majority" CHECK ("majority" IN ('present', 'all', 'two_thirds_all')),
        CONSTRAINT "FK_council_agenda_item_session" FOREIGN KEY ("session_id") REFERENCES "council_session"("id") ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE "council_attendance" (
        "session_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "present" boolean NOT NULL,
        "checked_in_at" timestamptz,
        "checked_out_at" timestamptz,
        CONSTRAINT "PK_council_attendance" PRIMARY KEY ("session_id", "user_id"),
        CONSTRAINT "FK_council_attendance_session" FOREIGN KEY ("session_id") REFERENCES "council_session"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_attendance_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE "council_attendance_event" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "session_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "present" boolean NOT NULL,
        "recorded_by" uuid NOT NULL,
        "at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_council_attendance_event" PRIMARY KEY ("id"),
        CONSTRAINT "FK_council_attendance_event_session" FOREIGN KEY ("session_id") REFERENCES "council_session"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_attendance_event_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX "IDX_council_attendance_event_session" ON "council_attendance_event" ("session_id", "at")`,
    );
    await q.query(`
      CREATE TABLE "council_conflict" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "session_id" uuid NOT NULL,
        "item_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "reason" text NOT NULL,
        "declared_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_council_conflict" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_council_conflict_item_user" UNIQUE ("item_id", "user_id"),
        CONSTRAINT "FK_council_conflict_session" FOREIGN KEY ("session_id") REFERENCES "council_session"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_conflict_item" FOREIGN KEY ("item_id") REFERENCES "council_agenda_item"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_conflict_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_council_conflict_session" ON "council_conflict" ("session_id")`);
    await q.query(`
      CREATE TABLE "council_vote" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "session_id" uuid NOT NULL,
        "item_id" uuid NOT NULL,
        "mode" text NOT NULL,
        "majority" text NOT NULL,
        "status" text NOT NULL DEFAULT 'open',
        "opened_by" uuid NOT NULL,
        "opened_at" timestamptz NOT NULL DEFAULT now(),
        "closed_at" timestamptz,
        "result" jsonb,
        CONSTRAINT "PK_council_vote" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_council_vote_mode" CHECK ("mode" IN ('open', 'roll_call', 'secret')),
        CONSTRAINT "CHK_council_vote_majority" CHECK ("majority" IN ('present', 'all', 'two_thirds_all')),
        CONSTRAINT "CHK_council_vote_status" CHECK ("status" IN ('open', 'closed')),
        CONSTRAINT "FK_council_vote_session" FOREIGN KEY ("session_id") REFERENCES "council_session"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_vote_item" FOREIGN KEY ("item_id") REFERENCES "council_agenda_item"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_council_vote_session" ON "council_vote" ("session_id", "opened_at")`);
    await q.query(
      `CREATE UNIQUE INDEX "UQ_council_vote_one_open" ON "council_vote" ("session_id") WHERE "status" = 'open'`,
    );
    await q.query(`
      CREATE TABLE "council_ballot" (
        "vote_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "choice" text NOT NULL,
        "cast_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_council_ballot" PRIMARY KEY ("vote_id", "user_id"),
        CONSTRAINT "CHK_council_ballot_choice" CHECK ("choice" IN ('for', 'against', 'abstain')),
        CONSTRAINT "FK_council_ballot_vote" FOREIGN KEY ("vote_id") REFERENCES "council_vote"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_ballot_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE "council_secret_voter" (
        "vote_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        CONSTRAINT "PK_council_secret_voter" PRIMARY KEY ("vote_id", "user_id"),
        CONSTRAINT "FK_council_secret_voter_vote" FOREIGN KEY ("vote_id") REFERENCES "council_vote"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_secret_voter_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE "council_secret_ballot" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "vote_id" uuid NOT NULL,
        "choice" text NOT NULL,
        CONSTRAINT "PK_council_secret_ballot" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_council_secret_ballot_choice" CHECK ("choice" IN ('for', 'against', 'abstain')),
        CONSTRAINT "FK_council_secret_ballot_vote" FOREIGN KEY ("vote_id") REFERENCES "council_vote"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_council_secret_ballot_vote" ON "council_secret_ballot" ("vote_id", "choice")`);
    await q.query(`
      CREATE TABLE "council_speaker" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "session_id" uuid NOT NULL,
        "item_id" uuid,
        "user_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "status" text NOT NULL DEFAULT 'requested',
        "requested_at" timestamptz NOT NULL DEFAULT now(),
        "granted_at" timestamptz,
        "finished_at" timestamptz,
        CONSTRAINT "PK_council_speaker" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_council_speaker_kind" CHECK ("kind" IN ('speech', 'reply', 'counter_reply', 'procedural')),
        CONSTRAINT "CHK_council_speaker_status" CHECK ("status" IN ('requested', 'speaking', 'finished', 'withdrawn')),
        CONSTRAINT "FK_council_speaker_session" FOREIGN KEY ("session_id") REFERENCES "council_session"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_speaker_item" FOREIGN KEY ("item_id") REFERENCES "council_agenda_item"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_speaker_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_council_speaker_session" ON "council_speaker" ("session_id", "requested_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'council_speaker',
      'council_secret_ballot',
      'council_secret_voter',
      'council_ballot',
      'council_vote',
      'council_conflict',
      'council_attendance_event',
      'council_attendance',
      'council_agenda_item',
      'council_session',
    ])
      await q.query(`DROP TABLE "${t}"`);
  }
}
