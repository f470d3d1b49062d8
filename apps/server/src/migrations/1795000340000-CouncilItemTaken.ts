import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each agenda item was taken up (issue 16, part 2: the recording's chapters).
 *
 * `council_item_taken` keeps one row per time the chair made an item the current one, written
 * in the activation's transaction from now on. Past sittings get theirs from the audit log:
 * every `council.item.activated` line (its `details.itemId`, its time) and every
 * `council.session.open` (a sitting opens on its first item), numbered per sitting in the order
 * they happened (pressing the current item again is no new taking). Lines naming an item that
 * no longer exists are left out; a sitting that already has rows is left as it is (the backfill
 * may run again).
 */
export const BACKFILL_ITEM_TAKEN = `
  INSERT INTO "council_item_taken" ("session_id", "sequence", "item_id", "taken_at")
  SELECT "session_id", row_number() OVER (PARTITION BY "session_id" ORDER BY "at", "id"), "item_id", "at"
    FROM (SELECT e.*, lag(e."item_id") OVER (PARTITION BY e."session_id" ORDER BY e."at", e."id") AS "before"
            FROM (SELECT i."session_id", i."id" AS "item_id", a."at", a."id"
                    FROM "audit_event" a
                    JOIN "council_agenda_item" i
                      ON i."id"::text = a."details" ->> 'itemId' AND i."session_id"::text = a."target_id"
                   WHERE a."action" = 'council.item.activated' AND a."target_type" = 'council_session'
                  UNION ALL
                  SELECT i."session_id", i."id", a."at", a."id"
                    FROM "audit_event" a
                    JOIN "council_agenda_item" i
                      ON i."session_id"::text = a."target_id"
                     AND i."position" = (SELECT min(j."position") FROM "council_agenda_item" j
                                          WHERE j."session_id" = i."session_id")
                   WHERE a."action" = 'council.session.open' AND a."target_type" = 'council_session') e
           WHERE NOT EXISTS (SELECT 1 FROM "council_item_taken" t WHERE t."session_id" = e."session_id")) x
   WHERE "before" IS DISTINCT FROM "item_id"`;

export class CouncilItemTaken1795000340000 implements MigrationInterface {
  name = 'CouncilItemTaken1795000340000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "council_item_taken" (
        "session_id" uuid NOT NULL,
        "sequence" integer NOT NULL,
        "item_id" uuid NOT NULL,
        "taken_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_council_item_taken" PRIMARY KEY ("session_id", "sequence"),
        CONSTRAINT "FK_council_item_taken_session" FOREIGN KEY ("session_id") REFERENCES "council_session"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_item_taken_item" FOREIGN KEY ("item_id") REFERENCES "council_agenda_item"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "IDX_council_item_taken_item" ON "council_item_taken" ("item_id")`);
    await q.query(BACKFILL_ITEM_TAKEN);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "council_item_taken"`);
  }
}
