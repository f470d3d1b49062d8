import type { MigrationInterface, QueryRunner } from 'typeorm';

/** btree_gist (for the exclusion constraints that come later), directory and spaces. */
export class Foundation1795000000000 implements MigrationInterface {
  name = 'Foundation1795000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`
      CREATE TABLE "department" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "code" text NOT NULL,
        "name" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_department" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_department_code" UNIQUE ("code")
      )`);
    await q.query(`
      CREATE TABLE "app_user" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "username" text NOT NULL,
        "display_name" text NOT NULL,
        "email" text,
        "department_id" uuid,
        "roles" text array NOT NULL DEFAULT '{}',
        "password_hash" text NOT NULL,
        "disabled_at" timestamptz,
        "locale" text NOT NULL DEFAULT 'bg',
        "time_zone" text NOT NULL DEFAULT 'Europe/Sofia',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_app_user" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_app_user_username" UNIQUE ("username"),
        CONSTRAINT "FK_app_user_department" FOREIGN KEY ("department_id") REFERENCES "department"("id") ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX "IDX_app_user_department" ON "app_user" ("department_id")`);
    await q.query(`
      CREATE TABLE "refresh_session" (
        "id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "token_hash" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "last_used_at" timestamptz NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "revoked_at" timestamptz,
        "revoked_reason" text,
        "user_agent" text,
        "ip" text,
        CONSTRAINT "PK_refresh_session" PRIMARY KEY ("id"),
        CONSTRAINT "FK_refresh_session_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_refresh_session_user" ON "refresh_session" ("user_id")`);
    await q.query(`
      CREATE TABLE "space" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "kind" text NOT NULL,
        "name" text NOT NULL,
        "owner_id" uuid,
        "capacity" integer,
        "location" text,
        "equipment" text array NOT NULL DEFAULT '{}',
        "livekit_room" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_space" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_space_livekit_room" UNIQUE ("livekit_room"),
        CONSTRAINT "FK_space_owner" FOREIGN KEY ("owner_id") REFERENCES "app_user"("id") ON DELETE CASCADE,
        CONSTRAINT "CHK_space_kind" CHECK ("kind" IN ('personal', 'hall', 'chamber'))
      )`);
    await q.query(`CREATE INDEX "IDX_space_kind" ON "space" ("kind")`);
    await q.query(`CREATE INDEX "IDX_space_owner" ON "space" ("owner_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "space"`);
    await q.query(`DROP TABLE "refresh_session"`);
    await q.query(`DROP TABLE "app_user"`);
    await q.query(`DROP TABLE "department"`);
  }
}
