import type { AbsenceKind } from '@egov-box/contracts';
import { AppUser } from '@egov-box/directory';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/** A leave, business trip or other absence: whole days, both inclusive, in the user's zone. */
@Entity('absence')
@Check('CHK_absence_kind', `"kind" IN ('leave', 'business_trip', 'other')`)
@Check('CHK_absence_range', `"ends_on" >= "starts_on"`)
@Check('CHK_absence_substitute', `"substitute_id" IS NULL OR "substitute_id" <> "user_id"`)
@Index('IDX_absence_user', ['userId', 'startsOn'])
export class Absence {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_absence' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_absence_user' })
  user?: AppUser;

  @Column({ type: 'text' })
  kind!: AbsenceKind;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn!: string;

  @Column({ name: 'substitute_id', type: 'uuid', nullable: true })
  substituteId!: string | null;

  @ManyToOne(() => AppUser, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'substitute_id', foreignKeyConstraintName: 'FK_absence_substitute' })
  substitute?: AppUser | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
