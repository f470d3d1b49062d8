import type { OneOnOneStatus, Slot } from '@egov-box/contracts';
import { AppUser } from '@egov-box/directory';
import { Meeting } from '@egov-box/schedule';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/**
 * A request for a one-on-one and its negotiation: the slots on the table, who proposed them
 * and who has to answer. Accepted: the meeting in the invitee's personal room.
 */
@Entity('one_on_one_request')
@Check('CHK_one_on_one_request_status', `"status" IN ('pending', 'accepted', 'declined', 'cancelled', 'expired')`)
@Check('CHK_one_on_one_request_people', `"requester_id" <> "invitee_id"`)
@Index('IDX_one_on_one_request_requester', ['requesterId', 'createdAt'])
@Index('IDX_one_on_one_request_invitee', ['inviteeId', 'createdAt'])
@Index('IDX_one_on_one_request_meeting', ['meetingId'])
export class OneOnOneRequestRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_one_on_one_request' })
  id!: string;

  @Column({ name: 'requester_id', type: 'uuid' })
  requesterId!: string;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'requester_id', foreignKeyConstraintName: 'FK_one_on_one_request_requester' })
  requester?: AppUser;

  @Column({ name: 'invitee_id', type: 'uuid' })
  inviteeId!: string;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invitee_id', foreignKeyConstraintName: 'FK_one_on_one_request_invitee' })
  invitee?: AppUser;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'text', default: 'pending' })
  status!: OneOnOneStatus;

  /** The slots on the table (ISO instants). */
  @Column({ type: 'jsonb' })
  slots!: Slot[];

  @Column({ name: 'proposed_by_id', type: 'uuid' })
  proposedById!: string;

  @Column({ name: 'awaiting_user_id', type: 'uuid', nullable: true })
  awaitingUserId!: string | null;

  @Column({ name: 'accepted_starts_at', type: 'timestamptz', nullable: true })
  acceptedStartsAt!: Date | null;

  @Column({ name: 'accepted_ends_at', type: 'timestamptz', nullable: true })
  acceptedEndsAt!: Date | null;

  @Column({ name: 'meeting_id', type: 'uuid', nullable: true })
  meetingId!: string | null;

  @ManyToOne(() => Meeting, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'FK_one_on_one_request_meeting' })
  meeting?: Meeting | null;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** The last slot's start: once past, a pending request expires. */
  @Column({ name: 'last_slot_starts_at', type: 'timestamptz' })
  lastSlotStartsAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
