import { Injectable, type OnModuleInit } from '@nestjs/common';
import { affectedRows, PersonalDataService, type ErasureContext, type PersonalDataProvider } from '@egov-box/platform';
import type { EntityManager } from 'typeorm';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/**
 * Meetings the person organised or was invited to, and their calendar feed. Erasure: the
 * bookings and one-on-ones they organise or take part in that have not started are cancelled
 * (their organiser is gone), their answers to other people's future bookings become
 * „declined“, the calendar feed is deleted. Meetings in the past stay as they were (they name
 * the person by id; the account behind it is anonymised). Council sittings are the council's
 * record and are not touched.
 */
@Injectable()
export class SchedulePersonalData implements PersonalDataProvider, OnModuleInit {
  readonly section = 'meetings';

  constructor(private readonly registry: PersonalDataService) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async export(userId: string, em: EntityManager): Promise<unknown> {
    const rows: Record<string, unknown>[] = await em.query(
      `SELECT m.id, m.kind, m.title, m.description, m.space_id, s.name AS space_name, m.starts_at, m.ends_at,
              m.status, m.cancel_reason, m.organizer_id = $1 AS organizer, p.role, p.response, p.responded_at
         FROM meeting m JOIN space s ON s.id = m.space_id
         LEFT JOIN meeting_participant p ON p.meeting_id = m.id AND p.user_id = $1
        WHERE m.organizer_id = $1 OR p.user_id IS NOT NULL
        ORDER BY m.starts_at, m.id`,
      [userId],
    );
    const feeds: Record<string, unknown>[] = await em.query(`SELECT created_at FROM calendar_feed WHERE user_id = $1`, [
      userId,
    ]);
    return {
      meetings: rows.map((m) => ({
        id: m.id,
        kind: m.kind,
        title: m.title,
        description: m.description,
        spaceId: m.space_id,
        spaceName: m.space_name,
        startsAt: iso(m.starts_at as Date),
        endsAt: iso(m.ends_at as Date),
        status: m.status,
        cancelReason: m.cancel_reason,
        organizer: m.organizer,
        role: m.role,
        response: m.response,
        respondedAt: iso(m.responded_at as Date | null),
      })),
      // The feed's secret is stored only as a hash and is never shown again.
      calendarFeed: feeds[0] ? { createdAt: iso(feeds[0].created_at as Date) } : null,
    };
  }

  async erase(userId: string, em: EntityManager, ctx: ErasureContext): Promise<Record<string, number>> {
    const cancelled = await em.query(
      `UPDATE meeting m SET status = 'cancelled', sequence = sequence + 1, updated_at = $2
        WHERE m.kind IN ('booking', 'one_on_one') AND m.status <> 'cancelled' AND m.starts_at > $2
          AND (m.organizer_id = $1
            OR (m.kind = 'one_on_one' AND EXISTS (
              SELECT 1 FROM meeting_participant p WHERE p.meeting_id = m.id AND p.user_id = $1)))
        RETURNING m.id`,
      [userId, ctx.now],
    );
    const declined = await em.query(
      `UPDATE meeting_participant SET response = 'declined', responded_at = $2
        WHERE user_id = $1 AND role <> 'organizer' AND NOT cancelled AND starts_at > $2 AND response <> 'declined'
          AND meeting_id IN (SELECT id FROM meeting WHERE kind = 'booking')
        RETURNING meeting_id`,
      [userId, ctx.now],
    );
    const feeds = await em.query(`DELETE FROM calendar_feed WHERE user_id = $1 RETURNING user_id`, [userId]);
    return {
      meetingsCancelled: affectedRows(cancelled),
      invitationsDeclined: affectedRows(declined),
      calendarFeedsDeleted: affectedRows(feeds),
    };
  }
}
