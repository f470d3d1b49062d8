import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mandates and who held each seat (issue 14, part 1).
 *
 * - `council_mandate`: the council's term (ЗМСМА чл. 24: four years), e.g. „2023–2027“. The
 *   mandate in force on a date is the latest one started on or before it. Sittings, their
 *   minutes („Протокол № N“) and the register („Решение № N“) are numbered within it.
 * - `council_seat_holder`: the membership history of the council: who held which seat of a
 *   mandate from when to when, and why a holding ended (ЗМСМА чл. 30, ал. 4: the mandate of a
 *   councillor ends early; ИК чл. 458: the next on the same list takes the seat). A seat has at
 *   most one holder at a time and a person holds at most one seat; an empty seat still counts
 *   for quorum and the majorities "of all" (the seats are `council_body.seats`).
 * - `council_session.mandate_id` and `council_decision.mandate_id`; numbers unique per body
 *   and mandate.
 *
 * An existing installation gets one mandate starting on the date of its first sitting (or
 * today), and its enabled councillors as the holders of seats 1…n by name — what it
 * counted as the council's members until now.
 */
export class CouncilMandates1795000230000 implements MigrationInterface {
  name = 'CouncilMandates1795000230000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "council_mandate" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "starts_on" date NOT NULL,
        "ends_on" date NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_council_mandate" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_council_mandate_name" UNIQUE ("name"),
        CONSTRAINT "UQ_council_mandate_starts" UNIQUE ("starts_on"),
        CONSTRAINT "CHK_council_mandate_dates" CHECK ("ends_on" > "starts_on")
      )`);
    await q.query(`
      CREATE TABLE "council_seat_holder" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "mandate_id" uuid NOT NULL,
        "seat" integer NOT NULL,
        "user_id" uuid NOT NULL,
        "display_name" text NOT NULL,
        "held_from" date NOT NULL,
        "held_until" date,
        "end_reason" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_council_seat_holder" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_council_seat_holder_seat" CHECK ("seat" BETWEEN 1 AND 101),
        CONSTRAINT "CHK_council_seat_holder_end" CHECK (("held_until" IS NULL) = ("end_reason" IS NULL) AND ("held_until" IS NULL OR "held_until" >= "held_from")),
        CONSTRAINT "FK_council_seat_holder_mandate" FOREIGN KEY ("mandate_id") REFERENCES "council_mandate"("id") ON DELETE CASCADE,
        CONSTRAINT "FK_council_seat_holder_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT
      )`);
    await q.query(
      `CREATE UNIQUE INDEX "UQ_council_seat_holder_seat" ON "council_seat_holder" ("mandate_id", "seat") WHERE "held_until" IS NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "UQ_council_seat_holder_user" ON "council_seat_holder" ("mandate_id", "user_id") WHERE "held_until" IS NULL`,
    );
    await q.query(`CREATE INDEX "IDX_council_seat_holder_user" ON "council_seat_holder" ("user_id")`);

    // The first mandate: from the first sitting (or today, in Sofia), four years.
    await q.query(`
      WITH s AS (
        SELECT LEAST(
          COALESCE(MIN((starts_at AT TIME ZONE 'Europe/Sofia')::date), (now() AT TIME ZONE 'Europe/Sofia')::date),
          (now() AT TIME ZONE 'Europe/Sofia')::date) AS d
        FROM council_session)
      INSERT INTO council_mandate (name, starts_on, ends_on)
      SELECT extract(year FROM d)::int || '–' || (extract(year FROM d)::int + 4), d, (d + interval '4 years')::date FROM s`);
    await q.query(`
      INSERT INTO council_seat_holder (mandate_id, seat, user_id, display_name, held_from)
      SELECT m.id, row_number() OVER (ORDER BY u.display_name, u.id), u.id, u.display_name, m.starts_on
      FROM app_user u CROSS JOIN council_mandate m
      WHERE 'councillor' = ANY(u.roles) AND u.disabled_at IS NULL`);
    // Seats were set to the councillors' count (or 11) by CouncilSeatsSnapshots; never fewer than held.
    await q.query(`
      UPDATE council_body SET seats = GREATEST(seats, (SELECT count(*) FROM council_seat_holder))
      WHERE kind = 'council'`);

    await q.query(`ALTER TABLE "council_session" ADD "mandate_id" uuid`);
    await q.query(`UPDATE "council_session" SET "mandate_id" = (SELECT id FROM council_mandate LIMIT 1)`);
    await q.query(`ALTER TABLE "council_session" ALTER COLUMN "mandate_id" SET NOT NULL`);
    await q.query(
      `ALTER TABLE "council_session" ADD CONSTRAINT "FK_council_session_mandate" FOREIGN KEY ("mandate_id") REFERENCES "council_mandate"("id") ON DELETE RESTRICT`,
    );
    await q.query(`ALTER TABLE "council_session" DROP CONSTRAINT "UQ_council_session_number"`);
    await q.query(
      `ALTER TABLE "council_session" ADD CONSTRAINT "UQ_council_session_number" UNIQUE ("body_id", "mandate_id", "number")`,
    );

    await q.query(`ALTER TABLE "council_decision" ADD "mandate_id" uuid`);
    await q.query(
      `UPDATE "council_decision" d SET "mandate_id" = s.mandate_id FROM council_session s WHERE s.id = d.session_id`,
    );
    await q.query(`ALTER TABLE "council_decision" ALTER COLUMN "mandate_id" SET NOT NULL`);
    await q.query(
      `ALTER TABLE "council_decision" ADD CONSTRAINT "FK_council_decision_mandate" FOREIGN KEY ("mandate_id") REFERENCES "council_mandate"("id") ON DELETE RESTRICT`,
    );
    await q.query(`DROP INDEX "UQ_council_decision_number"`);
    await q.query(
      `CREATE UNIQUE INDEX "UQ_council_decision_number" ON "council_decision" ("body_id", "mandate_id", "number") WHERE "number" IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "UQ_council_decision_number"`);
    await q.query(
      `CREATE UNIQUE INDEX "UQ_council_decision_number" ON "council_decision" ("body_id", "number") WHERE "number" IS NOT NULL`,
    );
    await q.query(`ALTER TABLE "council_decision" DROP CONSTRAINT "FK_council_decision_mandate"`);
    await q.query(`ALTER TABLE "council_decision" DROP COLUMN "mandate_id"`);
    await q.query(`ALTER TABLE "council_session" DROP CONSTRAINT "UQ_council_session_number"`);
    await q.query(
      `ALTER TABLE "council_session" ADD CONSTRAINT "UQ_council_session_number" UNIQUE ("body_id", "number")`,
    );
    await q.query(`ALTER TABLE "council_session" DROP CONSTRAINT "FK_council_session_mandate"`);
    await q.query(`ALTER TABLE "council_session" DROP COLUMN "mandate_id"`);
    await q.query(`DROP TABLE "council_seat_holder"`);
    await q.query(`DROP TABLE "council_mandate"`);
  }
}
