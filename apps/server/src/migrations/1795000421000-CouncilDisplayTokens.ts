import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The chamber's screen (issue 15, part 7): display tokens, one sitting each, kept as their
 * SHA-256 only; a revoked one (`revoked_at`) opens nothing.
 */
export class CouncilDisplayTokens1795000421000 implements MigrationInterface {
  name = 'CouncilDisplayTokens1795000421000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "council_display_token" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "session_id" uuid NOT NULL,
        "token_hash" text NOT NULL,
        "label" text,
        "created_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_council_display_token" PRIMARY KEY ("id"),
        CONSTRAINT "FK_council_display_token_session" FOREIGN KEY ("session_id") REFERENCES "council_session"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_display_token_creator" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE SET NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX "UQ_council_display_token_hash" ON "council_display_token" ("token_hash")`);
    await q.query(`CREATE INDEX "IDX_council_display_token_session" ON "council_display_token" ("session_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "council_display_token"`);
  }
}
