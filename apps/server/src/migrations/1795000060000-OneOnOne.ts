import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-on-ones: working hours, absences, requests, and people's busy time with an exclusion
 * constraint (a person is never in two overlapping one-on-ones). A trigger keeps the busy
 * time and the requests in step with their meeting when it is cancelled or moved by any
 * route (e.g. POST /api/meetings/:id/cancel).
 */
export class OneOnOne1795000060000 implements MigrationInterface {
  name = 'OneOnOne1795000060000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`
      CREATE TABLE "working_hours" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "weekday" integer NOT NULL,
        "start_minute" integer NOT NULL,
        "end_minute" integer NOT NULL,
        "time_zone" text NOT NULL DEFAULT 'Europe/Sofia',
        CONSTRAINT "PK_working_hours" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_working_hours_weekday" CHECK ("weekday" BETWEEN 1 AND 7),
        CONSTRAINT "CHK_working_hours_range" CHECK ("start_minute" >= 0 AND "end_minute" <= 1440 AND "start_minute" < "end_minute"),
        CONSTRAINT "FK_working_hours_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE,
        CONSTRAINT "EXC_working_hours_overlap" EXCLUDE USING gist ("user_id" WITH =, "weekday" WITH =, int4range("start_minute", "end_minute") WITH &&)
      )`);
    await q.query(`
      CREATE TABLE "absence" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "starts_on" date NOT NULL,
        "ends_on" date NOT NULL,
        "substitute_id" uuid,
        "note" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_absence" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_absence_kind" CHECK ("kind" IN ('leave', 'business_trip', 'other')),
        CONSTRAINT "CHK_absence_range" CHECK ("ends_on" >= "starts_on"),
        CONSTRAINT "CHK_absence_substitute" CHECK ("substitute_id" IS NULL OR "substitute_id" <> "user_id"),
        CONSTRAINT "FK_absence_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_absence_substitute" FOREIGN KEY ("substitute_id") REFERENCES "app_user"("id") ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX "IDX_absence_user" ON "absence" ("user_id", "starts_on")`);
    await q.query(`
      CREATE TABLE "person_busy" (
        "meeting_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "starts_at" timestamptz NOT NULL,
        "ends_at" timestamptz NOT NULL,
        CONSTRAINT "PK_person_busy" PRIMARY KEY ("meeting_id", "user_id"),
        CONSTRAINT "CHK_person_busy_range" CHECK ("ends_at" > "starts_at"),
        CONSTRAINT "FK_person_busy_meeting" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_person_busy_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE,
        CONSTRAINT "EXC_person_busy_overlap" EXCLUDE USING gist ("user_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&)
      )`);
    await q.query(`
      CREATE TABLE "one_on_one_request" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "requester_id" uuid NOT NULL,
        "invitee_id" uuid NOT NULL,
        "topic" text NOT NULL,
        "status" text NOT NULL DEFAULT 'pending',
        "slots" jsonb NOT NULL,
        "proposed_by_id" uuid NOT NULL,
        "awaiting_user_id" uuid,
        "accepted_starts_at" timestamptz,
        "accepted_ends_at" timestamptz,
        "meeting_id" uuid,
        "reason" text,
        "last_slot_starts_at" timestamptz NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_one_on_one_request" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_one_on_one_request_status" CHECK ("status" IN ('pending', 'accepted', 'declined', 'cancelled', 'expired')),
        CONSTRAINT "CHK_one_on_one_request_people" CHECK ("requester_id" <> "invitee_id"),
        CONSTRAINT "FK_one_on_one_request_requester" FOREIGN KEY ("requester_id") REFERENCES "app_user"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_one_on_one_request_invitee" FOREIGN KEY ("invitee_id") REFERENCES "app_user"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_one_on_one_request_meeting" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE SET NULL
      )`);
    await q.query(
      `CREATE INDEX "IDX_one_on_one_request_requester" ON "one_on_one_request" ("requester_id", "created_at")`,
    );
    await q.query(`CREATE INDEX "IDX_one_on_one_request_invitee" ON "one_on_one_request" ("invitee_id", "created_at")`);
    await q.query(`CREATE INDEX "IDX_one_on_one_request_meeting" ON "one_on_one_request" ("meeting_id")`);
    await q.query(`
      CREATE FUNCTION one_on_one_meeting_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = 'cancelled' THEN
          DELETE FROM person_busy WHERE meeting_id = NEW.id;
          UPDATE one_on_one_request SET status = 'cancelled', awaiting_user_id = NULL, updated_at = now()
            WHERE meeting_id = NEW.id AND status IN ('pending', 'accepted');
        ELSIF NEW.starts_at IS DISTINCT FROM OLD.starts_at OR NEW.ends_at IS DISTINCT FROM OLD.ends_at THEN
          UPDATE person_busy SET starts_at = NEW.starts_at, ends_at = NEW.ends_at WHERE meeting_id = NEW.id;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER one_on_one_meeting_changed AFTER UPDATE OF status, starts_at, ends_at ON meeting
      FOR EACH ROW WHEN (NEW.kind = 'one_on_one') EXECUTE FUNCTION one_on_one_meeting_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS one_on_one_meeting_changed ON meeting`);
    await q.query(`DROP FUNCTION IF EXISTS one_on_one_meeting_changed()`);
    await q.query(`DROP TABLE "one_on_one_request"`);
    await q.query(`DROP TABLE "person_busy"`);
    await q.query(`DROP TABLE "absence"`);
    await q.query(`DROP TABLE "working_hours"`);
  }
}
