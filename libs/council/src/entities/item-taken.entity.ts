import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AgendaItem } from './agenda-item.entity.js';
import { CouncilSession } from './council-session.entity.js';

/**
 * When the chair took up an agenda item (made it the current one): one row per time, kept as a
 * fact in the same transaction as the activation — an item taken up again has a row for each
 * time. `sequence` counts the takings of a sitting from 1. The recording's chapters come from it.
 */
@Entity('council_item_taken')
@Index('IDX_council_item_taken_item', ['itemId'])
export class AgendaItemTaken {
  @PrimaryColumn({ name: 'session_id', type: 'uuid', primaryKeyConstraintName: 'PK_council_item_taken' })
  sessionId!: string;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'PK_council_item_taken' })
  sequence!: number;

  @ManyToOne(() => CouncilSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_council_item_taken_session' })
  session?: CouncilSession;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @ManyToOne(() => AgendaItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'FK_council_item_taken_item' })
  item?: AgendaItem;

  @Column({ name: 'taken_at', type: 'timestamptz' })
  takenAt!: Date;
}
