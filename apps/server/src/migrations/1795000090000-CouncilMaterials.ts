import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Council: minutes published to the public (council_session.minutes_published_at) and the
 * materials of agenda items (PDF/DOCX/ODT files stored by SHA-256 under DATA_DIR/materials).
 */
export class CouncilMaterials1795000090000 implements MigrationInterface {
  name = 'CouncilMaterials1795000090000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "council_session" ADD "minutes_published_at" timestamptz`);
    await q.query(`
      CREATE TABLE "agenda_material" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "session_id" uuid NOT NULL,
        "item_id" uuid NOT NULL,
        "filename" text NOT NULL,
        "content_type" text NOT NULL,
        "size" integer NOT NULL,
        "sha256" text NOT NULL,
        "uploaded_by" uuid NOT NULL,
        "uploaded_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_agenda_material" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_agenda_material_sha256" CHECK ("sha256" ~ '^[0-9a-f]{64}$'),
        CONSTRAINT "FK_agenda_material_session" FOREIGN KEY ("session_id") REFERENCES "council_session"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_agenda_material_item" FOREIGN KEY ("item_id") REFERENCES "council_agenda_item"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_agenda_material_uploader" FOREIGN KEY ("uploaded_by") REFERENCES "app_user"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_agenda_material_item" ON "agenda_material" ("item_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "agenda_material"`);
    await q.query(`ALTER TABLE "council_session" DROP COLUMN "minutes_published_at"`);
  }
}
