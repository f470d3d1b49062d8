import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts from the municipality's directory (issue 18, part 1).
 *
 * - `app_user.auth_source`: `local` (a portal password, the administrator made it) or
 *   `directory` (LDAP / Active Directory: the directory checks the password; the row's
 *   `password_hash` holds a marker no password matches, so a local password can never be used).
 * - `app_user.directory_id`: the directory's stable id of the person (entryUUID, objectGUID), so a
 *   username given to someone else in the directory is never taken for the old account. One
 *   portal account per directory id.
 * - `directory_sync`: one row; the process whose UPDATE moves `next_run_at` runs the periodic
 *   sync, the others skip it (once across processes).
 */
export class DirectoryAccounts1795000290000 implements MigrationInterface {
  name = 'DirectoryAccounts1795000290000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "app_user" ADD "auth_source" text NOT NULL DEFAULT 'local'`);
    await q.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "CHK_app_user_auth_source" CHECK ("auth_source" IN ('local', 'directory'))`,
    );
    await q.query(`ALTER TABLE "app_user" ADD "directory_id" text`);
    await q.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "CHK_app_user_directory_id" CHECK (("auth_source" = 'directory') = ("directory_id" IS NOT NULL))`,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_app_user_directory_id" ON "app_user" ("directory_id")`);
    await q.query(`
      CREATE TABLE "directory_sync" (
        "id" integer NOT NULL,
        "next_run_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "last_finished_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_directory_sync" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_directory_sync_one_row" CHECK ("id" = 1)
      )`);
    await q.query(`INSERT INTO "directory_sync" ("id", "next_run_at") VALUES (1, now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "directory_sync"`);
    await q.query(`DROP INDEX "UQ_app_user_directory_id"`);
    await q.query(`ALTER TABLE "app_user" DROP CONSTRAINT "CHK_app_user_directory_id"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "directory_id"`);
    await q.query(`ALTER TABLE "app_user" DROP CONSTRAINT "CHK_app_user_auth_source"`);
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "auth_source"`);
  }
}
