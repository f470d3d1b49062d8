import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Slot } from '@egov-box/contracts';
import { refusedBy } from '@egov-box/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { OneOnOneRequestRow } from './entities/one-on-one-request.entity.js';
import { PersonBusy } from './entities/person-busy.entity.js';
import { OneOnOneErrors } from './one-on-one.errors.js';
import type { Range } from './free-slots.js';

/**
 * The only code that reads and writes one-on-one requests and their busy rows (working hours,
 * absences and free time: `AvailabilityRepository`).
 */
@Injectable()
export class OneOnOneRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Other people's and other kinds' meetings in the way of a new one-on-one (checked in its transaction). */
  async otherMeetingsInTheWay(
    userIds: string[],
    range: Range,
    excludeMeetingId: string | null,
    em: EntityManager,
  ): Promise<Range[]> {
    const rows: { starts_at: Date; ends_at: Date }[] = await em.query(
      `SELECT m.starts_at, m.ends_at FROM meeting m
       WHERE m.status <> 'cancelled' AND m.kind <> 'one_on_one'
         AND ($4::uuid IS NULL OR m.id <> $4::uuid)
         AND tstzrange(m.starts_at, m.ends_at, '[)') && tstzrange($2::timestamptz, $3::timestamptz, '[)')
         AND (m.organizer_id = ANY($1::uuid[]) OR EXISTS (
               SELECT 1 FROM meeting_participant p
               WHERE p.meeting_id = m.id AND p.user_id = ANY($1::uuid[]) AND p.response = 'accepted'))
       ORDER BY m.starts_at`,
      [userIds, range.startsAt.toISOString(), range.endsAt.toISOString(), excludeMeetingId],
    );
    return rows.map((r) => ({ startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at) }));
  }

  /** Both people's busy rows for a one-on-one meeting; `person_busy` when either is already booked. */
  async insertBusy(meetingId: string, userIds: string[], range: Range, em: EntityManager): Promise<void> {
    await refusedBy(
      em
        .getRepository(PersonBusy)
        .insert(userIds.map((userId) => ({ meetingId, userId, startsAt: range.startsAt, endsAt: range.endsAt }))),
      // Nobody is in two one-on-ones at once.
      { EXC_person_busy_overlap: OneOnOneErrors.personBusy },
    );
  }

  // ---- requests ----

  async insertRequest(
    row: Pick<
      OneOnOneRequestRow,
      'requesterId' | 'inviteeId' | 'topic' | 'slots' | 'proposedById' | 'awaitingUserId' | 'lastSlotStartsAt'
    >,
    em: EntityManager = this.db.manager,
  ): Promise<string> {
    const result = await em.getRepository(OneOnOneRequestRow).insert({ ...row, status: 'pending' });
    return (result.identifiers[0] as { id: string }).id;
  }

  findRequest(id: string, em: EntityManager = this.db.manager): Promise<OneOnOneRequestRow | null> {
    return em.getRepository(OneOnOneRequestRow).findOneBy({ id });
  }

  /** The request, locked for the rest of the transaction (answers to it are serialised). */
  lockRequest(id: string, em: EntityManager): Promise<OneOnOneRequestRow | null> {
    return em
      .getRepository(OneOnOneRequestRow)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id', { id })
      .getOne();
  }

  listFor(userId: string, limit = 200): Promise<OneOnOneRequestRow[]> {
    return this.db
      .getRepository(OneOnOneRequestRow)
      .createQueryBuilder('r')
      .where('r.requester_id = :userId OR r.invitee_id = :userId', { userId })
      .orderBy('r.updated_at', 'DESC')
      .addOrderBy('r.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  async updateRequest(
    id: string,
    changes: Partial<
      Pick<
        OneOnOneRequestRow,
        | 'status'
        | 'slots'
        | 'proposedById'
        | 'awaitingUserId'
        | 'acceptedStartsAt'
        | 'acceptedEndsAt'
        | 'meetingId'
        | 'reason'
        | 'lastSlotStartsAt'
      >
    >,
    em: EntityManager = this.db.manager,
  ): Promise<void> {
    await em.getRepository(OneOnOneRequestRow).update({ id }, changes);
  }

  /**
   * Claims pending requests whose every slot has started (once across processes): a new
   * request expires; a reschedule of an agreed one falls back to the agreed time.
   */
  async expireDue(filter: { id?: string; userId?: string } = {}): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `UPDATE one_on_one_request
       SET status = CASE WHEN meeting_id IS NULL THEN 'expired' ELSE 'accepted' END,
           awaiting_user_id = NULL, updated_at = now()
       WHERE status = 'pending' AND last_slot_starts_at <= now()
         AND ($1::uuid IS NULL OR id = $1::uuid)
         AND ($2::uuid IS NULL OR requester_id = $2::uuid OR invitee_id = $2::uuid)
       RETURNING id`,
      [filter.id ?? null, filter.userId ?? null],
    );
    // PGlite and node-postgres differ in what an UPDATE … RETURNING gives back.
    const list = (Array.isArray(rows[0]) ? rows[0] : rows) as { id: string }[];
    return list.map((r) => r.id);
  }

  static slotsOf(slots: Slot[]): Range[] {
    return slots.map((s) => ({ startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt) }));
  }
}
