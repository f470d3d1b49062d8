import { AppUser } from '@egov-box/directory';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AgendaItem } from './agenda-item.entity.js';
import { CouncilSession } from './council-session.entity.js';

/** A file attached to an agenda item; the bytes live under DATA_DIR/materials/<sha256>. */
@Entity('agenda_material')
@Index('IDX_agenda_material_item', ['itemId'])
@Check('CHK_agenda_material_sha256', `"sha256" ~ '^[0-9a-f]{64}$'`)
export class AgendaMaterial {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_agenda_material' })
  id!: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => CouncilSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_agenda_material_session' })
  session?: CouncilSession;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @ManyToOne(() => AgendaItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id', foreignKeyConstraintName: 'FK_agenda_material_item' })
  item?: AgendaItem;

  @Column({ type: 'text' })
  filename!: string;

  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  @Column({ type: 'int' })
  size!: number;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ name: 'uploaded_by', type: 'uuid' })
  uploadedBy!: string;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'uploaded_by', foreignKeyConstraintName: 'FK_agenda_material_uploader' })
  uploader?: AppUser;

  @CreateDateColumn({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt!: Date;
}
