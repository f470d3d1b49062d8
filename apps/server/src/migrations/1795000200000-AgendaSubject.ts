import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an agenda item decides on (issue 14): `council_agenda_item.subject`. Items on the
 * budget, local taxes and fees, municipal property or municipal debt are voted by roll call
 * with a majority of all councillors (ЗМСМА чл. 27, ал. 5); the rule lives in the contracts
 * (`subjectRequirement`). Existing items become `other`: nothing about their votes changes.
 */
export class AgendaSubject1795000200000 implements MigrationInterface {
  name = 'AgendaSubject1795000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "council_agenda_item" ADD "subject" text NOT NULL DEFAULT 'other'`);
    await q.query(
      `ALTER TABLE "council_agenda_item" ADD CONSTRAINT "CHK_council_agenda_item_subject"
         CHECK ("subject" IN ('budget', 'local_taxes_fees', 'municipal_property', 'municipal_debt', 'other'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "council_agenda_item" DROP CONSTRAINT "CHK_council_agenda_item_subject"`);
    await q.query(`ALTER TABLE "council_agenda_item" DROP COLUMN "subject"`);
  }
}
