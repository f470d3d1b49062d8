import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessService } from '@egov-box/platform';
import { DataSource } from 'typeorm';

/**
 * The meetings' object checks for `requireAccess` (rules in libs/platform/src/access/
 * permissions.ts): each answers, in one query, which of the given meetings the actor may act
 * on. `anyObject` (a clerk or an administrator): every meeting that exists.
 */
@Injectable()
export class ScheduleAccessRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    access: AccessService,
  ) {
    access.provide('meeting.exists', (_actor, ids) => this.ids(`TRUE`, ids, []));
    access.provide('meeting.visible', (actor, ids, any) =>
      this.ids(
        `$3 OR m.organizer_id = $2
           OR EXISTS (SELECT 1 FROM meeting_participant p WHERE p.meeting_id = m.id AND p.user_id = $2)`,
        ids,
        [actor.id, any],
      ),
    );
    access.provide('meeting.organizer', (actor, ids, any) =>
      this.ids(`$3 OR m.organizer_id = $2`, ids, [actor.id, any]),
    );
    access.provide('meeting.participant', (actor, ids) =>
      this.ids(`EXISTS (SELECT 1 FROM meeting_participant p WHERE p.meeting_id = m.id AND p.user_id = $2)`, ids, [
        actor.id,
      ]),
    );
    // Someone who declined is not coming (the hall's own door says the same); accepting again lets them in.
    access.provide('meeting.attendee', (actor, ids) =>
      this.ids(
        `m.organizer_id = $2
           OR EXISTS (SELECT 1 FROM meeting_participant p
                       WHERE p.meeting_id = m.id AND p.user_id = $2 AND p.response <> 'declined')`,
        ids,
        [actor.id],
      ),
    );
  }

  private async ids(condition: string, ids: string[], params: unknown[]): Promise<Set<string>> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT m.id FROM meeting m WHERE m.id = ANY($1::uuid[]) AND (${condition})`,
      [ids, ...params],
    );
    return new Set(rows.map((r) => r.id));
  }
}
