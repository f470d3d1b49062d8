import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The procedure at a sitting (issue 15, parts 1 and 2).
 *
 * - `council_vote` gets its kind (`agenda`, `agenda_change`, `amendment`, `decision`,
 *   `procedural`), a label, the text put to the vote (an amendment; a decision as amended), the
 *   motion or agenda change, and its proposer. Every existing vote was an item's decision vote:
 *   it becomes kind `decision` (the column's default), so the register keeps its numbering.
 *   `item_id` may be empty for the agenda's adoption and a motion with no item.
 * - `council_agenda_item` gets its state (an urgent item proposed at the sitting, rejected,
 *   withdrawn, postponed; every existing item is `scheduled`), who proposed it when, and the
 *   place asked for.
 * - `council_session` records when and by which vote its agenda was adopted.
 * - `council_body.agenda_vote`: the body's rules require the sitting's first vote to adopt the
 *   agenda (existing bodies: off, so that sittings already held and under way keep their course).
 */
export class CouncilProcedure1795000400000 implements MigrationInterface {
  name = 'CouncilProcedure1795000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "council_vote" ADD "kind" text NOT NULL DEFAULT 'decision'`);
    await q.query(`ALTER TABLE "council_vote" ADD "label" text`);
    await q.query(`ALTER TABLE "council_vote" ADD "text" text`);
    await q.query(`ALTER TABLE "council_vote" ADD "motion" text`);
    await q.query(`ALTER TABLE "council_vote" ADD "change" text`);
    await q.query(`ALTER TABLE "council_vote" ADD "proposer_id" uuid`);
    await q.query(`ALTER TABLE "council_vote" ALTER COLUMN "item_id" DROP NOT NULL`);
    await q.query(
      `ALTER TABLE "council_vote" ADD CONSTRAINT "CHK_council_vote_kind" CHECK ("kind" IN ('agenda', 'agenda_change', 'amendment', 'decision', 'procedural'))`,
    );
    await q.query(
      `ALTER TABLE "council_vote" ADD CONSTRAINT "CHK_council_vote_item" CHECK ("item_id" IS NOT NULL OR "kind" IN ('agenda', 'procedural'))`,
    );
    await q.query(
      `ALTER TABLE "council_vote" ADD CONSTRAINT "CHK_council_vote_motion" CHECK (("motion" IS NOT NULL) = ("kind" = 'procedural') AND ("motion" IS NULL OR "motion" IN ('close_debate', 'break', 'postpone')))`,
    );
    await q.query(
      `ALTER TABLE "council_vote" ADD CONSTRAINT "CHK_council_vote_change" CHECK (("change" IS NOT NULL) = ("kind" = 'agenda_change') AND ("change" IS NULL OR "change" IN ('add', 'withdraw')))`,
    );
    await q.query(
      `ALTER TABLE "council_vote" ADD CONSTRAINT "FK_council_vote_proposer" FOREIGN KEY ("proposer_id") REFERENCES "app_user"("id") ON DELETE SET NULL`,
    );

    await q.query(`ALTER TABLE "council_agenda_item" ADD "state" text NOT NULL DEFAULT 'scheduled'`);
    await q.query(`ALTER TABLE "council_agenda_item" ADD "proposed_by" uuid`);
    await q.query(`ALTER TABLE "council_agenda_item" ADD "proposed_at" timestamptz`);
    await q.query(`ALTER TABLE "council_agenda_item" ADD "proposed_position" int`);
    await q.query(
      `ALTER TABLE "council_agenda_item" ADD CONSTRAINT "CHK_council_agenda_item_state" CHECK ("state" IN ('proposed', 'scheduled', 'rejected', 'withdrawn', 'postponed'))`,
    );
    await q.query(
      `ALTER TABLE "council_agenda_item" ADD CONSTRAINT "FK_council_agenda_item_proposer" FOREIGN KEY ("proposed_by") REFERENCES "app_user"("id") ON DELETE SET NULL`,
    );

    await q.query(`ALTER TABLE "council_session" ADD "agenda_adopted_at" timestamptz`);
    await q.query(`ALTER TABLE "council_session" ADD "agenda_vote_id" uuid`);
    await q.query(`ALTER TABLE "council_body" ADD "agenda_vote" boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "council_body" DROP COLUMN "agenda_vote"`);
    await q.query(`ALTER TABLE "council_session" DROP COLUMN "agenda_vote_id"`);
    await q.query(`ALTER TABLE "council_session" DROP COLUMN "agenda_adopted_at"`);
    await q.query(`ALTER TABLE "council_agenda_item" DROP CONSTRAINT "FK_council_agenda_item_proposer"`);
    await q.query(`ALTER TABLE "council_agenda_item" DROP CONSTRAINT "CHK_council_agenda_item_state"`);
    await q.query(`ALTER TABLE "council_agenda_item" DROP COLUMN "proposed_position"`);
    await q.query(`ALTER TABLE "council_agenda_item" DROP COLUMN "proposed_at"`);
    await q.query(`ALTER TABLE "council_agenda_item" DROP COLUMN "proposed_by"`);
    await q.query(`ALTER TABLE "council_agenda_item" DROP COLUMN "state"`);
    await q.query(`DELETE FROM "council_vote" WHERE "item_id" IS NULL`);
    await q.query(`ALTER TABLE "council_vote" DROP CONSTRAINT "FK_council_vote_proposer"`);
    await q.query(`ALTER TABLE "council_vote" DROP CONSTRAINT "CHK_council_vote_change"`);
    await q.query(`ALTER TABLE "council_vote" DROP CONSTRAINT "CHK_council_vote_motion"`);
    await q.query(`ALTER TABLE "council_vote" DROP CONSTRAINT "CHK_council_vote_item"`);
    await q.query(`ALTER TABLE "council_vote" DROP CONSTRAINT "CHK_council_vote_kind"`);
    await q.query(`ALTER TABLE "council_vote" ALTER COLUMN "item_id" SET NOT NULL`);
    for (const c of ['proposer_id', 'change', 'motion', 'text', 'label', 'kind'])
      await q.query(`ALTER TABLE "council_vote" DROP COLUMN "${c}"`);
  }
}
