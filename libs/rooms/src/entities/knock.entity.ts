import { Space } from '@egov-box/directory';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AppUser } from '@egov-box/directory';
import type { KnockStatus } from '@egov-box/contracts';

/**
 * A visitor knocking on a personal room. Kept forever (history). At most one pending
 * knock per visitor and room (UQ_knock_pending); an admitted knock lets the visitor join
 * once before `admissionExpiresAt`.
 */
@Entity('knock')
@Check('CHK_knock_status', `"status" IN ('pending', 'admitted', 'denied', 'expired')`)
@Index('IDX_knock_space_created', ['spaceId', 'createdAt'])
@Index('UQ_knock_pending', ['spaceId', 'visitorId'], { unique: true, where: `"status" = 'pending'` })
@Index('IDX_knock_expires', ['expiresAt'], { where: `"status" = 'pending'` })
export class Knock {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_knock' })
  id!: string;

  @Column({ name: 'space_id', type: 'uuid' })
  spaceId!: string;

  @ManyToOne(() => Space, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'space_id', foreignKeyConstraintName: 'FK_knock_space' })
  space?: Space;

  @Index('IDX_knock_visitor')
  @Column({ name: 'visitor_id', type: 'uuid' })
  visitorId!: string;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'visitor_id', foreignKeyConstraintName: 'FK_knock_visitor' })
  visitor?: AppUser;

  @Column({ type: 'text', nullable: true })
  message!: string | null;

  @Column({ type: 'text', default: 'pending' })
  status!: KnockStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'admission_expires_at', type: 'timestamptz', nullable: true })
  admissionExpiresAt!: Date | null;

  @Column({ name: 'admission_used_at', type: 'timestamptz', nullable: true })
  admissionUsedAt!: Date | null;
}
