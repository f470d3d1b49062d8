import type { BodyKind } from '@egov-box/contracts';
import { AppUser } from '@egov-box/directory';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';

/**
 * A body that meets: the council (exactly one, created by the migration; its members are
 * the users with the councillor role and its chair the user with council_chair) or a
 * standing committee (members chosen from the councillors, listed in council_body_member).
 */
@Entity('council_body')
@Unique('UQ_council_body_name', ['name'])
@Check('CHK_council_body_kind', `"kind" IN ('council', 'committee')`)
@Check('CHK_council_body_notice_days', `"notice_days" BETWEEN 0 AND 60`)
@Check('CHK_council_body_review_days', `"review_days" BETWEEN 0 AND 30`)
@Check('CHK_council_body_seats', `"seats" BETWEEN 1 AND 101`)
@Check(
  'CHK_council_body_speaking_limits',
  `"speech_seconds" BETWEEN 1 AND 3600 AND "reply_seconds" BETWEEN 1 AND 3600 AND "counter_reply_seconds" BETWEEN 1 AND 3600 AND "procedural_seconds" BETWEEN 1 AND 3600`,
)
@Index('UQ_council_body_one_council', ['kind'], { unique: true, where: `"kind" = 'council'` })
export class CouncilBody {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_council_body' })
  id!: string;

  @Column({ type: 'text' })
  kind!: BodyKind;

  @Column({ type: 'text' })
  name!: string;

  /**
   * The seats the body has by law (the council: ЗМСМА чл. 19, by the municipality's
   * population; a committee: as constituted). Quorum and the majorities "of all members" are
   * counted on the seats, an empty one included — never on the accounts that exist.
   */
  @Column({ type: 'int' })
  seats!: number;

  /**
   * Days of notice a regular sitting needs: its agenda is published at least this long
   * before it starts (an extraordinary sitting may be published later, with its reason).
   */
  @Column({ name: 'notice_days', type: 'int', default: 7 })
  noticeDays!: number;

  /**
   * Its rules require the first vote of a sitting to adopt the agenda (no item voted before):
   * on by default (the councils' rulebooks, ЗМСМА чл. 21, ал. 3: the agenda is adopted by the council when the sitting
   * opens; migration 1795000460000); an administrator turns it off for a body whose rulebook says so.
   */
  @Column({ name: 'agenda_vote', type: 'boolean', default: true })
  agendaVote!: boolean;

  /** Days after the closing in which members send correction requests to a sitting's minutes. */
  @Column({ name: 'review_days', type: 'int', default: 7 })
  reviewDays!: number;

  /**
   * Speaking time per kind of turn, seconds (the body's rulebook, ЗМСМА чл. 21, ал. 3): a
   * speech, a reply (реплика), a counter-reply (дуплика), a procedural point. Copied onto a
   * request when the floor is given.
   */
  @Column({ name: 'speech_seconds', type: 'int', default: 300 })
  speechSeconds!: number;

  @Column({ name: 'reply_seconds', type: 'int', default: 180 })
  replySeconds!: number;

  @Column({ name: 'counter_reply_seconds', type: 'int', default: 120 })
  counterReplySeconds!: number;

  @Column({ name: 'procedural_seconds', type: 'int', default: 60 })
  proceduralSeconds!: number;

  /** A committee's chair (the council's chair is the user with council_chair). */
  @Column({ name: 'chair_id', type: 'uuid', nullable: true })
  chairId!: string | null;

  @ManyToOne(() => AppUser, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'chair_id', foreignKeyConstraintName: 'FK_council_body_chair' })
  chair?: AppUser | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A member of a standing committee. */
@Entity('council_body_member')
@Index('IDX_council_body_member_user', ['userId'])
export class CouncilBodyMember {
  @PrimaryColumn({ name: 'body_id', type: 'uuid', primaryKeyConstraintName: 'PK_council_body_member' })
  bodyId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_council_body_member' })
  userId!: string;

  @ManyToOne(() => CouncilBody, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'body_id', foreignKeyConstraintName: 'FK_council_body_member_body' })
  body?: CouncilBody;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_council_body_member_user' })
  user?: AppUser;
}
