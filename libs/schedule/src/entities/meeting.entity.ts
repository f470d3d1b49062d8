import type { MeetingKind, MeetingStatus } from '@egov-box/contracts';
import { AppUser, Space } from '@egov-box/directory';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Exclusion,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

/**
 * One meeting of any kind in one space. The exclusion constraint is the only guard
 * against double bookings: two non-cancelled meetings in a space never overlap
 * (half-open ranges, so back-to-back meetings are fine).
 */
@Entity('meeting')
@Unique('UQ_meeting_ical_uid', ['icalUid'])
@Check('CHK_meeting_kind', `"kind" IN ('booking', 'one_on_one', 'council_session', 'committee_meeting')`)
@Check('CHK_meeting_status', `"status" IN ('pending', 'confirmed', 'cancelled')`)
@Check('CHK_meeting_range', `"ends_at" > "starts_at"`)
@Exclusion(
  'EXC_meeting_space_overlap',
  `USING gist ("space_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&) WHERE ("status" <> 'cancelled')`,
)
@Index('IDX_meeting_space_starts', ['spaceId', 'startsAt'])
@Index('IDX_meeting_reminder_due', ['reminderSentAt', 'startsAt'])
@Index('IDX_meeting_video_close', ['videoClosedAt', 'endsAt'])
export class Meeting {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_meeting' })
  id!: string;

  @Column({ name: 'space_id', type: 'uuid' })
  spaceId!: string;

  @ManyToOne(() => Space, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'space_id', foreignKeyConstraintName: 'FK_meeting_space' })
  space?: Space;

  @Column({ type: 'text' })
  kind!: MeetingKind;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Index('IDX_meeting_organizer')
  @Column({ name: 'organizer_id', type: 'uuid' })
  organizerId!: string;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organizer_id', foreignKeyConstraintName: 'FK_meeting_organizer' })
  organizer?: AppUser;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'text', default: 'confirmed' })
  status!: MeetingStatus;

  /** Occurrences of one recurring booking share a series id; each is its own row. */
  @Index('IDX_meeting_series')
  @Column({ name: 'series_id', type: 'uuid', nullable: true })
  seriesId!: string | null;

  @Column({ name: 'recurrence_rule', type: 'text', nullable: true })
  recurrenceRule!: string | null;

  @Column({ name: 'ical_uid', type: 'text' })
  icalUid!: string;

  /** iCalendar SEQUENCE: rises with every significant change. */
  @Column({ type: 'int', default: 0 })
  sequence!: number;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason!: string | null;

  /** Set by the one process that claimed the reminder. */
  @Column({ name: 'reminder_sent_at', type: 'timestamptz', nullable: true })
  reminderSentAt!: Date | null;

  /**
   * Set by the one process that, once the meeting ended (or was cancelled while on), took its
   * participants out of the video room. Meetings that had ended before this column existed
   * carry their end time.
   */
  @Column({ name: 'video_closed_at', type: 'timestamptz', nullable: true })
  videoClosedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
