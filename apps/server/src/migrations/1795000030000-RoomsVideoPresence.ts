import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal rooms (a door, exactly one per user, made for every existing and every new user),
 * knocks, and what LiveKit tells us (processed webhook ids, who is in which room).
 *
 * New users get their personal room from a trigger on app_user: whatever creates a user
 * (administration, seed, a script) cannot forget it, and the room exists in the same
 * transaction as the user.
 */
export class RoomsVideoPresence1795000030000 implements MigrationInterface {
  name = 'RoomsVideoPresence1795000030000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "space" ADD "door" text`);
    await q.query(
      `ALTER TABLE "space" ADD CONSTRAINT "CHK_space_door" CHECK ("door" IS NULL OR "door" IN ('open', 'knock', 'closed'))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_space_personal_owner" ON "space" ("owner_id") WHERE "kind" = 'personal'`);
    await q.query(`
      INSERT INTO "space" ("kind", "name", "owner_id", "livekit_room", "door")
      SELECT 'personal', u."display_name", u."id", 'personal-' || u."id", 'knock' FROM "app_user" u
      ON CONFLICT DO NOTHING`);
    await q.query(`
      CREATE FUNCTION "egov_create_personal_room"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO "space" ("kind", "name", "owner_id", "livekit_room", "door")
        VALUES ('personal', NEW."display_name", NEW."id", 'personal-' || NEW."id", 'knock')
        ON CONFLICT DO NOTHING;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER "TRG_app_user_personal_room" AFTER INSERT ON "app_user"
      FOR EACH ROW EXECUTE FUNCTION "egov_create_personal_room"()`);

    await q.query(`
      CREATE TABLE "knock" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "space_id" uuid NOT NULL,
        "visitor_id" uuid NOT NULL,
        "message" text,
        "status" text NOT NULL DEFAULT 'pending',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "resolved_at" timestamptz,
        "admission_expires_at" timestamptz,
        "admission_used_at" timestamptz,
        CONSTRAINT "PK_knock" PRIMARY KEY ("id"),
        CONSTRAINT "FK_knock_space" FOREIGN KEY ("space_id") REFERENCES "space"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_knock_visitor" FOREIGN KEY ("visitor_id") REFERENCES "app_user"("id") ON DELETE CASCADE,
        CONSTRAINT "CHK_knock_status" CHECK ("status" IN ('pending', 'admitted', 'denied', 'expired'))
      )`);
    await q.query(`CREATE INDEX "IDX_knock_space_created" ON "knock" ("space_id", "created_at")`);
    await q.query(`CREATE INDEX "IDX_knock_visitor" ON "knock" ("visitor_id")`);
    await q.query(`CREATE INDEX "IDX_knock_expires" ON "knock" ("expires_at") WHERE "status" = 'pending'`);
    await q.query(
      `CREATE UNIQUE INDEX "UQ_knock_pending" ON "knock" ("space_id", "visitor_id") WHERE "status" = 'pending'`,
    );

    await q.query(`
      CREATE TABLE "livekit_event" (
        "id" text NOT NULL,
        "event" text NOT NULL,
        "received_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_livekit_event" PRIMARY KEY ("id")
      )`);
    await q.query(`
      CREATE TABLE "livekit_participant" (
        "room" text NOT NULL,
        "identity" text NOT NULL,
        "present" boolean NOT NULL,
        "event_at" timestamptz NOT NULL,
        CONSTRAINT "PK_livekit_participant" PRIMARY KEY ("room", "identity")
      )`);
    await q.query(`CREATE INDEX "IDX_livekit_participant_identity" ON "livekit_participant" ("identity")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "livekit_participant"`);
    await q.query(`DROP TABLE "livekit_event"`);
    await q.query(`DROP TABLE "knock"`);
    await q.query(`DROP TRIGGER "TRG_app_user_personal_room" ON "app_user"`);
    await q.query(`DROP FUNCTION "egov_create_personal_room"()`);
    await q.query(`DELETE FROM "space" WHERE "kind" = 'personal'`);
    await q.query(`DROP INDEX "UQ_space_personal_owner"`);
    await q.query(`ALTER TABLE "space" DROP CONSTRAINT "CHK_space_door"`);
    await q.query(`ALTER TABLE "space" DROP COLUMN "door"`);
  }
}
