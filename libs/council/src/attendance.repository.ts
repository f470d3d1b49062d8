import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CouncilTables } from './council-tables.js';
import { Attendance, AttendanceEvent } from './entities/index.js';

/** Who is present at a sitting: `council_attendance` and its history `council_attendance_event`. */
@Injectable()
export class AttendanceRepository extends CouncilTables {
  constructor(@InjectDataSource() db: DataSource) {
    super(db);
  }

  attendance(sittingId: string, em?: EntityManager): Promise<Attendance[]> {
    return this.m(em).getRepository(Attendance).findBy({ sessionId: sittingId });
  }

  /** Which of these users are registered present at the sitting now. */
  async presentAmong(sittingId: string, userIds: string[], em?: EntityManager): Promise<Set<string>> {
    const rows: { user_id: string }[] = await this.m(em).query(
      `SELECT user_id FROM council_attendance WHERE session_id = $1 AND present AND user_id = ANY($2::uuid[])`,
      [sittingId, userIds],
    );
    return new Set(rows.map((r) => r.user_id));
  }

  attendanceOf(sittingId: string, userId: string, em?: EntityManager): Promise<Attendance | null> {
    return this.m(em).getRepository(Attendance).findOneBy({ sessionId: sittingId, userId });
  }

  /**
   * Members present now: those registered present (only members of the body are registered).
   * An account disabled or a role taken away later changes nothing in a sitting's record.
   */
  async presentMemberIds(sittingId: string, em?: EntityManager): Promise<string[]> {
    const rows: { user_id: string }[] = await this.m(em).query(
      `SELECT user_id FROM council_attendance WHERE session_id = $1 AND present ORDER BY user_id`,
      [sittingId],
    );
    return rows.map((r) => r.user_id);
  }

  async setAttendance(
    sittingId: string,
    userId: string,
    present: boolean,
    recordedBy: string,
    em: EntityManager,
  ): Promise<void> {
    await em.query(
      `INSERT INTO council_attendance (session_id, user_id, present, checked_in_at, checked_out_at)
       VALUES ($1, $2, $3, CASE WHEN $3 THEN now() END, CASE WHEN NOT $3 THEN now() END)
       ON CONFLICT (session_id, user_id) DO UPDATE SET
         present = EXCLUDED.present,
         checked_in_at = CASE WHEN EXCLUDED.present THEN now() ELSE council_attendance.checked_in_at END,
         checked_out_at = CASE WHEN EXCLUDED.present THEN NULL ELSE now() END`,
      [sittingId, userId, present],
    );
    await em.getRepository(AttendanceEvent).insert({ sessionId: sittingId, userId, present, recordedBy });
  }

  attendanceEvents(sittingId: string): Promise<AttendanceEvent[]> {
    return this.db
      .getRepository(AttendanceEvent)
      .find({ where: { sessionId: sittingId }, order: { at: 'ASC', id: 'ASC' } });
  }
}
