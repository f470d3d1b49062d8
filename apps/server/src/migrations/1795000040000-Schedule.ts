import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Meetings of every kind, their participants, calendar feeds and hall booking policies. */
export class Schedule1795000040000 implements MigrationInterface {
  name = 'Schedule1795000040000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`
      CREATE TABLE "meeting" (
        "id" uuid NOT NULL,
        "space_id" uuid NOT NULL,
        "kind" text NOT NULL,
        "title" text NOT NULL,
        "description" text,
        "organizer_id" uuid NOT NULL,
        "starts_at" timestamptz NOT NULL,
        "ends_at" timestamptz NOT NULL,
        "status" text NOT NULL DEFAULT 'confirmed',
        "series_id" uuid,
        "recurrence_rule" text,
        "ical_uid" text NOT NULL,
        "sequence" integer NOT NULL DEFAULT 0,
        "cancel_reason" text,
        "reminder_sent_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_meeting" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_meeting_ical_uid" UNIQUE ("ical_uid"),
        CONSTRAINT "CHK_meeting_kind" CHECK ("kind" IN ('booking', 'one_on_one', 'council_session', 'committee_meeting')),
        CONSTRAINT "CHK_meeting_status" CHECK ("status" IN ('pending', 'confirmed', 'cancelled')),
        CONSTRAINT "CHK_meeting_range" CHECK ("ends_at" > "starts_at"),
        CONSTRAINT "FK_meeting_space" FOREIGN KEY ("space_id") REFERENCES "space"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_meeting_organizer" FOREIGN KEY ("organizer_id") REFERENCES "app_user"("id") ON DELETE CASCADE,
        CONSTRAINT "EXC_meeting_space_overlap" EXCLUDE USING gist ("space_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&) WHERE ("status" <> 'cancelled')
      )`);
    await q.query(`CREATE INDEX "IDX_meeting_space_starts" ON "meeting" ("space_id", "starts_at")`);
    await q.query(`CREATE INDEX "IDX_meeting_reminder_due" ON "meeting" ("reminder_sent_at", "starts_at")`);
    await q.query(`CREATE INDEX "IDX_meeting_organizer" ON "meeting" ("organizer_id")`);
    await q.query(`CREATE INDEX "IDX_meeting_series" ON "meeting" ("series_id")`);
    await q.query(`
      CREATE TABLE "meeting_participant" (
        "meeting_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "role" text NOT NULL DEFAULT 'invitee',
        "response" text NOT NULL DEFAULT 'needs_action',
        "responded_at" timestamptz,
        CONSTRAINT "PK_meeting_participant" PRIMARY KEY ("meeting_id", "user_id"),
        CONSTRAINT "CHK_meeting_participant_role" CHECK ("role" IN ('organizer', 'invitee')),
        CONSTRAINT "CHK_meeting_participant_response" CHECK ("response" IN ('needs_action', 'accepted', 'declined', 'tentative')),
        CONSTRAINT "FK_meeting_participant_meeting" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_meeting_participant_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_meeting_participant_user" ON "meeting_participant" ("user_id", "meeting_id")`);
    await q.query(`
      CREATE TABLE "calendar_feed" (
        "user_id" uuid NOT NULL,
        "secret_hash" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_calendar_feed" PRIMARY KEY ("user_id"),
        CONSTRAINT "UQ_calendar_feed_secret_hash" UNIQUE ("secret_hash"),
        CONSTRAINT "FK_calendar_feed_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE "hall_policy" (
        "space_id" uuid NOT NULL,
        "bookable_hours" jsonb,
        "min_notice_minutes" integer NOT NULL DEFAULT 15,
        "max_duration_minutes" integer NOT NULL DEFAULT 480,
        "booking_window_days" integer NOT NULL DEFAULT 365,
        "buffer_minutes" integer NOT NULL DEFAULT 0,
        "requires_approval" boolean NOT NULL DEFAULT false,
        "allowed_roles" text array NOT NULL DEFAULT '{}',
        "allowed_department_ids" uuid array NOT NULL DEFAULT '{}',
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_hall_policy" PRIMARY KEY ("space_id"),
        CONSTRAINT "FK_hall_policy_space" FOREIGN KEY ("space_id") REFERENCES "space"("id") ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "hall_policy"`);
    await q.query(`DROP TABLE "calendar_feed"`);
    await q.query(`DROP TABLE "meeting_participant"`);
    await q.query(`DROP TABLE "meeting"`);
  }
}
