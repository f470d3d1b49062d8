import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Closed-door sittings and items (закрито заседание, ЗМСМА чл. 28, ал. 2): the council's
 * decision to close, as the clerk records it (the reason, who recorded it, when), and the
 * public copy of minutes that leave the closed debate out (null: the same as the full one).
 */
export class ClosedDoor1795000450000 implements MigrationInterface {
  name = 'ClosedDoor1795000450000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['council_session', 'council_agenda_item']) {
      await q.query(`ALTER TABLE "${table}" ADD "closed_door_reason" text`);
      await q.query(`ALTER TABLE "${table}" ADD "closed_door_at" TIMESTAMP WITH TIME ZONE`);
      await q.query(`ALTER TABLE "${table}" ADD "closed_door_by" uuid`);
      await q.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "CHK_${table}_closed_door" CHECK (("closed_door_reason" IS NULL) = ("closed_door_at" IS NULL))`,
      );
      await q.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "FK_${table}_closed_door_by" FOREIGN KEY ("closed_door_by") REFERENCES "app_user"("id") ON DELETE SET NULL`,
      );
    }
    for (const col of ['public_json', 'public_html', 'public_pdf'])
      await q.query(`ALTER TABLE "council_minutes_version" ADD "${col}" bytea`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const col of ['public_json', 'public_html', 'public_pdf'])
      await q.query(`ALTER TABLE "council_minutes_version" DROP COLUMN "${col}"`);
    for (const table of ['council_session', 'council_agenda_item']) {
      await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "FK_${table}_closed_door_by"`);
      await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "CHK_${table}_closed_door"`);
      for (const col of ['closed_door_by', 'closed_door_at', 'closed_door_reason'])
        await q.query(`ALTER TABLE "${table}" DROP COLUMN "${col}"`);
    }
  }
}
