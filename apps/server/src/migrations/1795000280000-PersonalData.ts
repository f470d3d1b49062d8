import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A person's rights (issue 23).
 *
 * - `app_user.public_name`: the name the law keeps public after a person is erased. Erasure
 *   replaces `display_name` with „Бивш служител …“; a person named in the council's public
 *   record (votes, attendance, speeches, mandates, minutes) keeps their name there, and only
 *   there: the council reads names as `COALESCE(public_name, display_name)`. Null for everyone
 *   who was never erased, and for an erased person with no public record.
 */
export class PersonalData1795000280000 implements MigrationInterface {
  name = 'PersonalData1795000280000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "app_user" ADD "public_name" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "public_name"`);
  }
}
