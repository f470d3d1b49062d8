import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first vote of a sitting adopts its agenda (issue 15, part 1), for the council and its
 * committees by default: the councils' rulebooks (ЗМСМА чл. 21, ал. 3) have the council adopt
 * the agenda by vote when the sitting opens, before anything else is voted. Every existing body takes the rule and it becomes the column's default;
 * an administrator may still turn it off for a body whose rulebook says otherwise
 * (PATCH /api/council/bodies/:id {agendaVote: false}).
 *
 * `down` restores the earlier default only; it cannot know which bodies had the rule on before,
 * so it leaves each body's setting as it is.
 */
export class AgendaVoteByDefault1795000460000 implements MigrationInterface {
  name = 'AgendaVoteByDefault1795000460000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "council_body" ALTER COLUMN "agenda_vote" SET DEFAULT true`);
    await q.query(`UPDATE "council_body" SET "agenda_vote" = true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "council_body" ALTER COLUMN "agenda_vote" SET DEFAULT false`);
  }
}
