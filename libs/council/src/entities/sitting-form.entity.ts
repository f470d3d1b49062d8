import { Check, Column, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryColumn } from 'typeorm';
import { CouncilSession } from './council-session.entity.js';

/**
 * How a sitting is held: its check-in secret (the chamber's 30-second code is made from it) and,
 * once the chair declares it, the remote form under ЗМСМА чл. 28а with the declared emergency or
 * epidemic situation it refers to, who declared it and when. One row per sitting, made the first
 * time either is needed.
 */
@Entity('council_sitting_form')
@Check('CHK_council_sitting_form_remote', `"remote" = ("emergency_reference" IS NOT NULL)`)
export class SittingForm {
  @PrimaryColumn({ name: 'session_id', type: 'uuid', primaryKeyConstraintName: 'PK_council_sitting_form' })
  sessionId!: string;

  @OneToOne(() => CouncilSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_council_sitting_form_session' })
  session?: CouncilSession;

  @Column({ name: 'check_in_secret', type: 'text' })
  checkInSecret!: string;

  @Column({ type: 'boolean', default: false })
  remote!: boolean;

  @Column({ name: 'emergency_reference', type: 'text', nullable: true })
  emergencyReference!: string | null;

  @Column({ name: 'declared_by', type: 'uuid', nullable: true })
  declaredBy!: string | null;

  @Column({ name: 'declared_at', type: 'timestamptz', nullable: true })
  declaredAt!: Date | null;
}

/** The clerk's confirmation, by sight and voice, of a member's identity in a remote sitting. */
@Entity('council_identification')
export class MemberIdentification {
  @PrimaryColumn({ name: 'session_id', type: 'uuid', primaryKeyConstraintName: 'PK_council_identification' })
  sessionId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_council_identification' })
  userId!: string;

  @ManyToOne(() => CouncilSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_council_identification_session' })
  session?: CouncilSession;

  @Column({ name: 'confirmed_by', type: 'uuid' })
  confirmedBy!: string;

  @Column({ name: 'confirmed_at', type: 'timestamptz' })
  confirmedAt!: Date;
}
