import { AppUser } from '@egov-box/directory';
import { Check, Column, Entity, Exclusion, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One working interval of a weekday (1 = Monday … 7 = Sunday), minutes of the day in the
 * user's zone. A user without rows works the defaults. Intervals of a day never overlap.
 */
@Entity('working_hours')
@Check('CHK_working_hours_weekday', `"weekday" BETWEEN 1 AND 7`)
@Check('CHK_working_hours_range', `"start_minute" >= 0 AND "end_minute" <= 1440 AND "start_minute" < "end_minute"`)
@Exclusion(
  'EXC_working_hours_overlap',
  `USING gist ("user_id" WITH =, "weekday" WITH =, int4range("start_minute", "end_minute") WITH &&)`,
)
export class WorkingHours {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_working_hours' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_working_hours_user' })
  user?: AppUser;

  @Column({ type: 'int' })
  weekday!: number;

  @Column({ name: 'start_minute', type: 'int' })
  startMinute!: number;

  @Column({ name: 'end_minute', type: 'int' })
  endMinute!: number;

  @Column({ name: 'time_zone', type: 'text', default: 'Europe/Sofia' })
  timeZone!: string;
}
