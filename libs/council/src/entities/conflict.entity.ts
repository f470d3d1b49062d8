import { AppUser } from '@egov-box/directory';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { AgendaItem } from './agenda-item.entity.js';
import { CouncilSession } from './council-session.entity.js';

/** A member's declared conflict of interest on an agenda item: they cannot vote on it. */
@Entity('council_conflict')
@Unique('UQ_council_conflict_item_user', ['itemId', 'userId'])
export class ConflictDeclaration {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_council_conflict' })
  id!: string;

  @Index('IDX_council_conflict_session')
  @Column({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => CouncilSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_council_conflict_session' })
  session?: CouncilSession;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @ManyToOne(() => AgendaItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'FK_council_conflict_item' })
  item?: AgendaItem;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_council_conflict_user' })
  user?: AppUser;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'declared_at', type: 'timestamptz', default: () => 'now()' })
  declaredAt!: Date;
}
