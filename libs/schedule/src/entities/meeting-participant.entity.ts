import type { ParticipantResponse, ParticipantRole } from '@egov-box/contracts';
import { AppUser } from '@egov-box/directory';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Meeting } from './meeting.entity.js';

/** Someone taking part in a meeting (the organizer too), with their reply. */
@Entity('meeting_participant')
@Check('CHK_meeting_participant_role', `"role" IN ('organizer', 'invitee')`)
@Check('CHK_meeting_participant_response', `"response" IN ('needs_action', 'accepted', 'declined', 'tentative')`)
@Index('IDX_meeting_participant_user', ['userId', 'meetingId'])
@Index('IDX_meeting_participant_upcoming', ['userId', 'cancelled', 'startsAt', 'meetingId', 'endsAt'])
export class MeetingParticipant {
  @PrimaryColumn({ name: 'meeting_id', type: 'uuid', primaryKeyConstraintName: 'PK_meeting_participant' })
  meetingId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_meeting_participant' })
  userId!: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'FK_meeting_participant_meeting' })
  meeting?: Meeting;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_meeting_participant_user' })
  user?: AppUser;

  @Column({ type: 'text', default: 'invitee' })
  role!: ParticipantRole;

  @Column({ type: 'text', default: 'needs_action' })
  response!: ParticipantResponse;

  @Column({ name: 'responded_at', type: 'timestamptz', nullable: true })
  respondedAt!: Date | null;

  /**
   * The meeting's times and whether it is cancelled, copied by database triggers (migration
   * UpcomingMeetings) so that upcoming meetings come from one index in start order.
   * Never written by the application: whatever it sends, the trigger takes the meeting's.
   */
  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'boolean', default: false })
  cancelled!: boolean;
}
