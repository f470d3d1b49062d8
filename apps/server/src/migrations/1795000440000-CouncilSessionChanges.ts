import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Changes to a published sitting announced to its members (issue 15, part 8). */
export class CouncilSessionChanges1795000440000 implements MigrationInterface {
  name = 'CouncilSessionChanges1795000440000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "council_session_change" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "session_id" uuid NOT NULL,
        "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "changed_by" uuid,
        "kind" text NOT NULL,
        "reason" text,
        "details" jsonb NOT NULL,
        CONSTRAINT "PK_council_session_change" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_council_session_change_kind" CHECK ("kind" IN ('rescheduled', 'item_added', 'item_withdrawn')),
        CONSTRAINT "FK_council_session_change_session" FOREIGN KEY ("session_id") REFERENCES "council_session"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_session_change_user" FOREIGN KEY ("changed_by") REFERENCES "app_user"("id") ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX "IDX_council_session_change_session" ON "council_session_change" ("session_id", "at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "council_session_change"`);
  }
}
