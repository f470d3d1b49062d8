import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The register of the council's decisions (issue 14).
 *
 * - `council_agenda_item.draft_decision`: the text of the draft decision (проект на решение).
 * - `council_decision`: one row per closed vote of the council on an agenda item, with what
 *   was decided as it was decided (the text, the item's title, the counts and majority from
 *   the vote's result). An adopted decision has the next number of the council's register
 *   ("Решение № N"), never reused and never skipped; a draft not adopted (or a vote without a
 *   quorum) is recorded without a number. The times it was sent to the mayor and to the
 *   regional governor and made public are filled in by the clerk (ЗМСМА чл. 22: within 7 days).
 */
export class DecisionRegister1795000220000 implements MigrationInterface {
  name = 'DecisionRegister1795000220000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "council_agenda_item" ADD "draft_decision" text`);
    await q.query(`
      CREATE TABLE "council_decision" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "body_id" uuid NOT NULL,
        "number" integer,
        "vote_id" uuid NOT NULL,
        "session_id" uuid NOT NULL,
        "item_id" uuid NOT NULL,
        "outcome" text NOT NULL,
        "title" text NOT NULL,
        "text" text,
        "protocol_number" integer NOT NULL,
        "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "result" jsonb NOT NULL,
        "sent_to_mayor_at" TIMESTAMP WITH TIME ZONE,
        "sent_to_governor_at" TIMESTAMP WITH TIME ZONE,
        "published_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_council_decision" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_council_decision_vote" UNIQUE ("vote_id"),
        CONSTRAINT "CHK_council_decision_outcome" CHECK ("outcome" IN ('adopted', 'rejected', 'no_quorum')),
        CONSTRAINT "CHK_council_decision_number" CHECK (("number" IS NOT NULL) = ("outcome" = 'adopted')),
        CONSTRAINT "FK_council_decision_body" FOREIGN KEY ("body_id") REFERENCES "council_body"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_decision_vote" FOREIGN KEY ("vote_id") REFERENCES "council_vote"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_decision_session" FOREIGN KEY ("session_id") REFERENCES "council_session"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_decision_item" FOREIGN KEY ("item_id") REFERENCES "council_agenda_item"("id") ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE UNIQUE INDEX "UQ_council_decision_number" ON "council_decision" ("body_id", "number") WHERE "number" IS NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "UQ_council_decision_item_adopted" ON "council_decision" ("item_id") WHERE "outcome" = 'adopted'`,
    );
    await q.query(`CREATE INDEX "IDX_council_decision_session" ON "council_decision" ("session_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "council_decision"`);
    await q.query(`ALTER TABLE "council_agenda_item" DROP COLUMN "draft_decision"`);
  }
}
