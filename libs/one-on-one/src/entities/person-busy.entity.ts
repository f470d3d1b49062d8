import { AppUser } from '@egov-box/directory';
import { Meeting } from '@egov-box/schedule';
import { Check, Column, Entity, Exclusion, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/**
 * A person's busy time from an accepted one-on-one, one row per person and meeting. The
 * exclusion constraint is the guard against booking a person twice: written in the same
 * transaction as the meeting, so two acceptances at the same instant cannot both commit.
 * A trigger on `meeting` (migration) drops the rows when the meeting is cancelled and moves
 * them when it moves.
 */
@Entity('person_busy')
@Check('CHK_person_busy_range', `"ends_at" > "starts_at"`)
@Exclusion('EXC_person_busy_overlap', `USING gist ("user_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&)`)
export class PersonBusy {
  @PrimaryColumn({ name: 'meeting_id', type: 'uuid', primaryKeyConstraintName: 'PK_person_busy' })
  meetingId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_person_busy' })
  userId!: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'FK_person_busy_meeting' })
  meeting?: Meeting;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_person_busy_user' })
  user?: AppUser;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;
}
