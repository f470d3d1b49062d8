import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A council session's meeting invites the body's members only when the clerk publishes the
 * session: a draft is seen by the clerks and the council's chair alone, and that includes
 * the members' calendars, upcoming lists, reminders and calendar feeds. Drafts made before
 * this change had their members invited at once; they are taken off those meetings here (the
 * organizer stays). A reply someone gave to a draft's meeting goes with it: publishing
 * invites every member again and asks anew — the session may still change before then.
 */
export class DraftSessionsPrivate1795000160000 implements MigrationInterface {
  name = 'DraftSessionsPrivate1795000160000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM "meeting_participant" p
       USING "council_session" s
       WHERE s."meeting_id" = p."meeting_id" AND s."status" = 'draft' AND p."role" <> 'organizer'`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Invite the members of each draft's body again (the council: every enabled councillor;
    // a committee: its members), and the body's chair, as before this change.
    await q.query(`
      INSERT INTO "meeting_participant" ("meeting_id", "user_id", "role", "response")
      SELECT s."meeting_id", u."id", 'invitee', 'needs_action'
        FROM "council_session" s
        JOIN "council_body" b ON b."id" = s."body_id"
        JOIN "app_user" u ON u."disabled_at" IS NULL AND (
             (b."kind" = 'council' AND ('councillor' = ANY(u."roles") OR 'council_chair' = ANY(u."roles")))
          OR (b."kind" = 'committee' AND (u."id" = b."chair_id" OR EXISTS (
               SELECT 1 FROM "council_body_member" m WHERE m."body_id" = b."id" AND m."user_id" = u."id"))))
       WHERE s."status" = 'draft'
      ON CONFLICT DO NOTHING`);
  }
}
