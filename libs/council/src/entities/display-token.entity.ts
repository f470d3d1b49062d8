import { AppUser } from '@egov-box/directory';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CouncilSession } from './council-session.entity.js';

/**
 * A display token: opens the chamber's screen of one sitting without a personal account.
 * Only the SHA-256 of the token is kept; a revoked token opens nothing.
 */
@Entity('council_display_token')
@Index('UQ_council_display_token_hash', ['tokenHash'], { unique: true })
@Index('IDX_council_display_token_session', ['sessionId'])
export class CouncilDisplayToken {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_council_display_token' })
  id!: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => CouncilSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_council_display_token_session' })
  session?: CouncilSession;

  /** SHA-256 (hex) of the token. */
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  @Column({ type: 'text', nullable: true })
  label!: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => AppUser, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_council_display_token_creator' })
  creator?: AppUser | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
