import { AppUser } from '@egov-box/directory';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { CouncilSession } from './council-session.entity.js';

/** Who is present now (one row per member and session). */
@Entity('council_attendance')
export class Attendance {
  @PrimaryColumn({ name: 'session_id', type: 'uuid', primaryKeyConstraintName: 'PK_council_attendance' })
  sessionId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_council_attendance' })
  userId!: string;

  @ManyToOne(() => CouncilSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_council_attendance_session' })
  session?: CouncilSession;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_council_attendance_user' })
  user?: AppUser;

  @Column({ type: 'boolean' })
  present!: boolean;

  @Column({ name: 'checked_in_at', type: 'timestamptz', nullable: true })
  checkedInAt!: Date | null;

  @Column({ name: 'checked_out_at', type: 'timestamptz', nullable: true })
  checkedOutAt!: Date | null;
}

/** Every check-in and check-out with its time and who recorded it (the minutes' presence list). */
@Entity('council_attendance_event')
@Index('IDX_council_attendance_event_session', ['sessionId', 'at'])
export class AttendanceEvent {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_council_attendance_event' })
  id!: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => CouncilSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_council_attendance_event_session' })
  session?: CouncilSession;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_council_attendance_event_user' })
  user?: AppUser;

  @Column({ type: 'boolean' })
  present!: boolean;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
