import type { CouncilSessionStatus } from '@egov-box/contracts';
import { AppUser, Space } from '@egov-box/directory';
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
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { CouncilBody } from './body.entity.js';

/** A council session: a meeting in the chamber with its own procedure and a rising version. */
@Entity('council_session')
@Unique('UQ_council_session_number', ['bodyId', 'number'])
@Check('CHK_council_session_status', `"status" IN ('draft', 'published', 'open', 'paused', 'closed')`)
@Index('IDX_council_session_starts', ['startsAt'])
export class CouncilSession {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_council_session' })
  id!: string;

  /** Numbered per body. */
  @Column({ type: 'int' })
  number!: number;

  /** The council or the committee that meets. */
  @Column({ name: 'body_id', type: 'uuid' })
  bodyId!: string;

  @ManyToOne(() => CouncilBody, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'body_id', foreignKeyConstraintName: 'FK_council_session_body' })
  body?: CouncilBody;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId!: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'FK_council_session_meeting' })
  meeting?: Meeting;

  @Column({ name: 'space_id', type: 'uuid' })
  spaceId!: string;

  @ManyToOne(() => Space, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'space_id', foreignKeyConstraintName: 'FK_council_session_space' })
  space?: Space;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'text', default: 'draft' })
  status!: CouncilSessionStatus;

  @Column({ name: 'current_item_id', type: 'uuid', nullable: true })
  currentItemId!: string | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy!: string;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_council_session_creator' })
  creator?: AppUser;

  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /** When the clerk published the minutes (null: not public yet). */
  @Column({ name: 'minutes_published_at', type: 'timestamptz', nullable: true })
  minutesPublishedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
