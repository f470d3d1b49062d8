import type { SittingChangeKind } from '@egov-box/contracts';
import { AppUser } from '@egov-box/directory';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CouncilSession } from './council-session.entity.js';

/**
 * A change to a published sitting, announced to its members (a new time or place, an item
 * added or withdrawn at the sitting). `details` is the change as it was announced — the times
 * and the place's name before and after, or the item as it stood — and is never recomputed.
 */
@Entity('council_session_change')
@Check('CHK_council_session_change_kind', `"kind" IN ('rescheduled', 'item_added', 'item_withdrawn')`)
@Index('IDX_council_session_change_session', ['sessionId', 'at'])
export class SittingChange {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_council_session_change' })
  id!: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => CouncilSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_council_session_change_session' })
  session?: CouncilSession;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  /** Who made it (the clerk; the chair for an agenda change at the sitting); kept when they leave. */
  @Column({ name: 'changed_by', type: 'uuid', nullable: true })
  changedBy!: string | null;

  @ManyToOne(() => AppUser, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'changed_by', foreignKeyConstraintName: 'FK_council_session_change_user' })
  user?: AppUser;

  @Column({ type: 'text' })
  kind!: SittingChangeKind;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;
}
