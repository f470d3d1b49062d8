import type { SpeakerKind, SpeakerStatus } from '@egov-box/contracts';
import { AppUser } from '@egov-box/directory';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AgendaItem } from './agenda-item.entity.js';
import { CouncilSession } from './council-session.entity.js';

/** A request for the floor, and — once granted — the time spoken. */
@Entity('council_speaker')
@Check('CHK_council_speaker_kind', `"kind" IN ('speech', 'reply', 'counter_reply', 'procedural')`)
@Check('CHK_council_speaker_status', `"status" IN ('requested', 'speaking', 'finished', 'withdrawn')`)
@Index('IDX_council_speaker_session', ['sessionId', 'requestedAt'])
@Index('IDX_council_speaker_answers', ['answersId'])
export class SpeakerRequest {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_council_speaker' })
  id!: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => CouncilSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_council_speaker_session' })
  session?: CouncilSession;

  @Column({ name: 'item_id', type: 'uuid', nullable: true })
  itemId!: string | null;

  @ManyToOne(() => AgendaItem, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'FK_council_speaker_item' })
  item?: AgendaItem | null;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_council_speaker_user' })
  user?: AppUser;

  @Column({ type: 'text' })
  kind!: SpeakerKind;

  @Column({ type: 'text', default: 'requested' })
  status!: SpeakerStatus;

  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt!: Date;

  @Column({ name: 'granted_at', type: 'timestamptz', nullable: true })
  grantedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /** The time limit fixed when the floor was given (seconds; the body's limit for the kind then). */
  @Column({ name: 'limit_seconds', type: 'int', nullable: true })
  limitSeconds!: number | null;

  /** A reply or counter-reply: the speech it answers. */
  @Column({ name: 'answers_id', type: 'uuid', nullable: true })
  answersId!: string | null;

  @ManyToOne(() => SpeakerRequest, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'answers_id', foreignKeyConstraintName: 'FK_council_speaker_answers' })
  answers?: SpeakerRequest | null;

  /** When the chair was told the speaker's time was up (claimed once, by one process). */
  @Column({ name: 'time_up_at', type: 'timestamptz', nullable: true })
  timeUpAt!: Date | null;

  /** The chair's order of the waiting queue (null: in order of asking, after the ordered ones). */
  @Column({ name: 'queue_position', type: 'int', nullable: true })
  queuePosition!: number | null;
}
