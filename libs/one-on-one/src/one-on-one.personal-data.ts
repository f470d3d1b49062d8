import { Injectable, type OnModuleInit } from '@nestjs/common';
import { affectedRows, PersonalDataService, type ErasureContext, type PersonalDataProvider } from '@egov-box/platform';
import type { EntityManager } from 'typeorm';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/**
 * One-on-ones, working hours and absences. Erasure: requests still open are cancelled; the
 * topic and reason of every request the person took part in (the messages) are replaced by
 * „—“ / removed, the request itself stays as a dated fact in the other person's history;
 * working hours and absences are deleted; where the person stood in for someone, the
 * substitute is cleared.
 */
@Injectable()
export class OneOnOnePersonalData implements PersonalDataProvider, OnModuleInit {
  readonly section = 'oneOnOnes';

  constructor(private readonly registry: PersonalDataService) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async export(userId: string, em: EntityManager): Promise<unknown> {
    const requests: Record<string, unknown>[] = await em.query(
      `SELECT id, requester_id, invitee_id, topic, status, slots, accepted_starts_at, accepted_ends_at,
              meeting_id, reason, created_at, updated_at
         FROM one_on_one_request WHERE requester_id = $1 OR invitee_id = $1 ORDER BY created_at, id`,
      [userId],
    );
    const hours: Record<string, unknown>[] = await em.query(
      `SELECT weekday, start_minute, end_minute, time_zone FROM working_hours WHERE user_id = $1
        ORDER BY weekday, start_minute`,
      [userId],
    );
    const absences: Record<string, unknown>[] = await em.query(
      `SELECT id, kind, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on,
              substitute_id, note, created_at FROM absence WHERE user_id = $1
        ORDER BY starts_on, id`,
      [userId],
    );
    return {
      requests: requests.map((r) => ({
        id: r.id,
        role: r.requester_id === userId ? 'requester' : 'invitee',
        otherPersonId: r.requester_id === userId ? r.invitee_id : r.requester_id,
        topic: r.topic,
        status: r.status,
        slots: r.slots,
        acceptedStartsAt: iso(r.accepted_starts_at as Date | null),
        acceptedEndsAt: iso(r.accepted_ends_at as Date | null),
        meetingId: r.meeting_id,
        reason: r.reason,
        createdAt: iso(r.created_at as Date),
        updatedAt: iso(r.updated_at as Date),
      })),
      workingHours: hours.map((h) => ({
        weekday: h.weekday,
        startMinute: h.start_minute,
        endMinute: h.end_minute,
        timeZone: h.time_zone,
      })),
      absences: absences.map((a) => ({
        id: a.id,
        kind: a.kind,
        startsOn: a.starts_on,
        endsOn: a.ends_on,
        substituteId: a.substitute_id,
        note: a.note,
        createdAt: iso(a.created_at as Date),
      })),
    };
  }

  async erase(userId: string, em: EntityManager, ctx: ErasureContext): Promise<Record<string, number>> {
    const cancelled = await em.query(
      `UPDATE one_on_one_request SET status = 'cancelled', awaiting_user_id = NULL, updated_at = $2
        WHERE (requester_id = $1 OR invitee_id = $1) AND status = 'pending' RETURNING id`,
      [userId, ctx.now],
    );
    const anonymised = await em.query(
      `UPDATE one_on_one_request SET topic = '—', reason = NULL, updated_at = $2
        WHERE requester_id = $1 OR invitee_id = $1 RETURNING id`,
      [userId, ctx.now],
    );
    const hours = await em.query(`DELETE FROM working_hours WHERE user_id = $1 RETURNING id`, [userId]);
    const absences = await em.query(`DELETE FROM absence WHERE user_id = $1 RETURNING id`, [userId]);
    const substitute = await em.query(`UPDATE absence SET substitute_id = NULL WHERE substitute_id = $1 RETURNING id`, [
      userId,
    ]);
    return {
      requestsCancelled: affectedRows(cancelled),
      requestsAnonymised: affectedRows(anonymised),
      workingHoursDeleted: affectedRows(hours),
      absencesDeleted: affectedRows(absences),
      substituteCleared: affectedRows(substitute),
    };
  }
}
