import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention of personal data (issue 23, item 2): one row per Sofia calendar day on which the
 * daily run was claimed. The process whose INSERT … ON CONFLICT DO NOTHING put the day's row in
 * runs the sweeps; the others see the row and do nothing. The row records when the run started
 * and finished, how many rows of each kind it removed and which sweeps failed — the record of
 * the run, kept out of the append-only audit log.
 */
export class RetentionRun1795000270000 implements MigrationInterface {
  name = 'RetentionRun1795000270000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "retention_run" (
        "day" date NOT NULL,
        "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "finished_at" TIMESTAMP WITH TIME ZONE,
        "removed" jsonb NOT NULL DEFAULT '{}',
        "failed" jsonb NOT NULL DEFAULT '{}',
        CONSTRAINT "PK_retention_run" PRIMARY KEY ("day")
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "retention_run"`);
  }
}
