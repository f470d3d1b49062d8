import type { CouncilMemberRef, CouncilSessionStatus } from '@egov-box/contracts';
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
import { CouncilMandate } from './mandate.entity.js';

/** A council session: a meeting in the chamber with its own procedure and a rising version. */
@Entity('council_session')
@Unique('UQ_council_session_number', ['bodyId', 'mandateId', 'number'])
@Check('CHK_council_session_status', `"status" IN ('draft', 'published', 'open', 'paused', 'closed')`)
@Check('CHK_council_session_extraordinary', `"extraordinary" = ("extraordinary_reason" IS NOT NULL)`)
@Index('IDX_council_session_starts', ['startsAt'])
@Check('CHK_council_session_closed_door', `("closed_door_reason" IS NULL) = ("closed_door_at" IS NULL)`)
export class CouncilSession {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_council_session' })
  id!: string;

  /** Numbered per body within the mandate („Протокол № N“ of its minutes). */
  @Column({ type: 'int' })
  number!: number;

  /** The mandate in force on the day the sitting starts, fixed when it is created. */
  @Column({ name: 'mandate_id', type: 'uuid' })
  mandateId!: string;

  @ManyToOne(() => CouncilMandate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'mandate_id', foreignKeyConstraintName: 'FK_council_session_mandate' })
  mandate?: CouncilMandate;

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

  /** When the clerk published the agenda (null: a draft). */
  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  /** An extraordinary sitting (извънредно заседание): published at shorter notice than the body's. */
  @Column({ type: 'boolean', default: false })
  extraordinary!: boolean;

  /** Why it is extraordinary (set exactly when `extraordinary`). */
  @Column({ name: 'extraordinary_reason', type: 'text', nullable: true })
  extraordinaryReason!: string | null;

  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true })
  openedAt!: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /** When the sitting adopted its agenda, and by which vote (null: not adopted). */
  @Column({ name: 'agenda_adopted_at', type: 'timestamptz', nullable: true })
  agendaAdoptedAt!: Date | null;

  @Column({ name: 'agenda_vote_id', type: 'uuid', nullable: true })
  agendaVoteId!: string | null;

  /** The body's seats, fixed when the sitting opened (quorum and "of all" majorities use them). */
  @Column({ type: 'int', nullable: true })
  seats!: number | null;

  /** The body's members when the sitting opened: who is listed as present or absent. */
  @Column({ type: 'jsonb', nullable: true })
  roster!: CouncilMemberRef[] | null;

  /** When the clerk published the minutes (null: not public yet). */
  @Column({ name: 'minutes_published_at', type: 'timestamptz', nullable: true })
  minutesPublishedAt!: Date | null;

  /** The minute-taker (протоколчик) the clerk named; signs the minutes with the chair. */
  @Column({ name: 'minute_taker_id', type: 'uuid', nullable: true })
  minuteTakerId!: string | null;

  @ManyToOne(() => AppUser, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'minute_taker_id', foreignKeyConstraintName: 'FK_council_session_minute_taker' })
  minuteTaker?: AppUser | null;

  /** The version of the minutes being drafted (1; a later correction after publication: 2, 3, …). */
  @Column({ name: 'minutes_version', type: 'int', default: 1 })
  minutesVersion!: number;

  /** Since when that version is drafted (null: version 1, since the closing). */
  @Column({ name: 'minutes_draft_since', type: 'timestamptz', nullable: true })
  minutesDraftSince!: Date | null;

  /** Why that version was started (null: version 1). */
  @Column({ name: 'minutes_reason', type: 'text', nullable: true })
  minutesReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /**
   * Closed-door (закрито, ЗМСМА чл. 28, ал. 2): the council's decision to close, as the clerk
   * recorded it — its reason (set: closed-door), when and by whom (closed-door.service.ts).
   */
  @Column({ name: 'closed_door_reason', type: 'text', nullable: true })
  closedDoorReason!: string | null;

  @Column({ name: 'closed_door_at', type: 'timestamptz', nullable: true })
  closedDoorAt!: Date | null;

  @Column({ name: 'closed_door_by', type: 'uuid', nullable: true })
  closedDoorBy!: string | null;

  @ManyToOne(() => AppUser, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'closed_door_by', foreignKeyConstraintName: 'FK_council_session_closed_door_by' })
  closedDoorRecorder?: AppUser | null;
}
