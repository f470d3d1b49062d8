import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Absence } from './entities/absence.entity.js';
import { WorkingHours } from './entities/working-hours.entity.js';
import type { DayInterval, Range } from './free-slots.js';

/**
 * The only code that reads and writes working hours and absences, and reads what keeps a
 * person busy (meetings they organize or accepted, one-on-one busy rows).
 */
@Injectable()
export class AvailabilityRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // ---- working hours ----

  workingHours(userId: string): Promise<WorkingHours[]> {
    return this.db
      .getRepository(WorkingHours)
      .find({ where: { userId }, order: { weekday: 'ASC', startMinute: 'ASC' } });
  }

  async replaceWorkingHours(userId: string, zone: string, intervals: DayInterval[]): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.getRepository(WorkingHours).delete({ userId });
      await em.getRepository(WorkingHours).insert(intervals.map((i) => ({ userId, timeZone: zone, ...i })));
    });
  }

  // ---- absences ----

  absences(userId: string): Promise<Absence[]> {
    return this.db.getRepository(Absence).find({ where: { userId }, order: { startsOn: 'ASC', id: 'ASC' } });
  }

  /** Absences of a user touching the days [fromDay, toDay]. */
  absencesBetween(userId: string, fromDay: string, toDay: string): Promise<Absence[]> {
    return this.db
      .getRepository(Absence)
      .createQueryBuilder('a')
      .where('a.user_id = :userId AND a.starts_on <= :toDay AND a.ends_on >= :fromDay', { userId, fromDay, toDay })
      .orderBy('a.starts_on', 'ASC')
      .getMany();
  }

  async insertAbsence(row: Pick<Absence, 'userId' | 'kind' | 'startsOn' | 'endsOn' | 'substituteId' | 'note'>) {
    const result = await this.db.getRepository(Absence).insert(row);
    const id = (result.identifiers[0] as { id: string }).id;
    return (await this.db.getRepository(Absence).findOneBy({ id }))!;
  }

  async deleteAbsence(id: string, userId: string): Promise<boolean> {
    const result = await this.db.getRepository(Absence).delete({ id, userId });
    return (result.affected ?? 0) > 0;
  }

  // ---- busy time ----

  /**
   * What keeps a person busy between two instants: every non-cancelled meeting they
   * organize or have accepted (one-on-ones included, in both people's busy rows).
   */
  async busyOf(userId: string, from: Date, to: Date, em: EntityManager = this.db.manager): Promise<Range[]> {
    const rows: { starts_at: Date; ends_at: Date }[] = await em.query(
      `SELECT m.starts_at, m.ends_at FROM meeting m
       WHERE m.status <> 'cancelled'
         AND tstzrange(m.starts_at, m.ends_at, '[)') && tstzrange($2::timestamptz, $3::timestamptz, '[)')
         AND (m.organizer_id = $1 OR EXISTS (
               SELECT 1 FROM meeting_participant p
               WHERE p.meeting_id = m.id AND p.user_id = $1 AND p.response = 'accepted'))
       UNION ALL
       SELECT b.starts_at, b.ends_at FROM person_busy b
       WHERE b.user_id = $1
         AND tstzrange(b.starts_at, b.ends_at, '[)') && tstzrange($2::timestamptz, $3::timestamptz, '[)')
       ORDER BY 1`,
      [userId, from.toISOString(), to.toISOString()],
    );
    return rows.map((r) => ({ startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at) }));
  }

  /**
   * Meetings a person is invited to and has not answered, or has answered „maybe“
   * (needs_action, tentative), not cancelled, between two instants: they may yet come, so
   * free slots touching them are marked tentative. Accepted ones are in `busyOf`.
   */
  async unansweredOf(userId: string, from: Date, to: Date): Promise<Range[]> {
    const rows: { starts_at: Date; ends_at: Date }[] = await this.db.query(
      `SELECT m.starts_at, m.ends_at FROM meeting m
       JOIN meeting_participant p ON p.meeting_id = m.id AND p.user_id = $1
       WHERE m.status <> 'cancelled' AND m.organizer_id <> $1
         AND p.response IN ('needs_action', 'tentative')
         AND tstzrange(m.starts_at, m.ends_at, '[)') && tstzrange($2::timestamptz, $3::timestamptz, '[)')
       ORDER BY 1`,
      [userId, from.toISOString(), to.toISOString()],
    );
    return rows.map((r) => ({ startsAt: new Date(r.starts_at), endsAt: new Date(r.ends_at) }));
  }
}
