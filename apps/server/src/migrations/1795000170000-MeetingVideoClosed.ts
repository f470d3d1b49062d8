import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a booking or a one-on-one ends (or is cancelled while it is on), its participants are
 * taken out of the space's LiveKit room: LiveKit refreshes the tokens of connected
 * participants, so the end of a join token alone does not end anyone's stay. `video_closed_at`
 * records that this was done, once across processes. Meetings already over are marked closed
 * at their end, so the first sweep after the upgrade has nothing old to do.
 */
export class MeetingVideoClosed1795000170000 implements MigrationInterface {
  name = 'MeetingVideoClosed1795000170000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "meeting" ADD "video_closed_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`UPDATE "meeting" SET "video_closed_at" = "ends_at" WHERE "ends_at" <= now()`);
    await q.query(`CREATE INDEX "IDX_meeting_video_close" ON "meeting" ("video_closed_at", "ends_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "IDX_meeting_video_close"`);
    await q.query(`ALTER TABLE "meeting" DROP COLUMN "video_closed_at"`);
  }
}
