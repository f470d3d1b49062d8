import type { MinutesSignerRole } from '@egov-box/contracts';
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
} from 'typeorm';
import { CouncilSession } from './council-session.entity.js';

/** A member's correction request to a version of the minutes, and the clerk's answer. */
@Entity('council_minutes_correction')
@Index('IDX_council_minutes_correction_session', ['sessionId', 'version'])
export class MinutesCorrection {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_council_minutes_correction' })
  id!: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => CouncilSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_council_minutes_correction_session' })
  session?: CouncilSession;

  @Column({ type: 'int' })
  version!: number;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => AppUser, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_council_minutes_correction_user' })
  user?: AppUser;

  @Column({ type: 'text' })
  text!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'answered_by', type: 'uuid', nullable: true })
  answeredBy!: string | null;

  @ManyToOne(() => AppUser, { onDelete: 'NO ACTION', nullable: true })
  @JoinColumn({ name: 'answered_by', foreignKeyConstraintName: 'FK_council_minutes_correction_answerer' })
  answerer?: AppUser | null;

  @Column({ type: 'text', nullable: true })
  answer!: string | null;

  @Column({ type: 'boolean', nullable: true })
  accepted!: boolean | null;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;
}

/** The chair's or the minute-taker's signature of a version: who, when, and the SHA-256 signed. */
@Entity('council_minutes_signature')
@Check('CHK_council_minutes_signature_role', `"role" IN ('chair', 'minute_taker')`)
@Check('CHK_council_minutes_signature_sha256', `"sha256" ~ '^[0-9a-f]{64}$'`)
export class MinutesSignature {
  @PrimaryColumn({ name: 'session_id', type: 'uuid', primaryKeyConstraintName: 'PK_council_minutes_signature' })
  sessionId!: string;

  @ManyToOne(() => CouncilSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_council_minutes_signature_session' })
  session?: CouncilSession;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'PK_council_minutes_signature' })
  version!: number;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_council_minutes_signature' })
  role!: MinutesSignerRole;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => AppUser, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_council_minutes_signature_user' })
  user?: AppUser;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ name: 'signed_at', type: 'timestamptz', default: () => 'now()' })
  signedAt!: Date;
}

/** A published version of the minutes, frozen: the bytes as published, served as they are. */
@Entity('council_minutes_version')
@Check('CHK_council_minutes_version_sha256', `"sha256" ~ '^[0-9a-f]{64}$'`)
export class MinutesVersion {
  @PrimaryColumn({ name: 'session_id', type: 'uuid', primaryKeyConstraintName: 'PK_council_minutes_version' })
  sessionId!: string;

  @ManyToOne(() => CouncilSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_council_minutes_version_session' })
  session?: CouncilSession;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'PK_council_minutes_version' })
  version!: number;

  /** "Протокол № N": the sitting's number within its body. */
  @Column({ type: 'int' })
  number!: number;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** SHA-256 of the canonical content the chair and the minute-taker signed. */
  @Column({ type: 'text' })
  sha256!: string;

  @Column({ type: 'bytea' })
  json!: Buffer;

  @Column({ type: 'bytea' })
  html!: Buffer;

  @Column({ type: 'bytea' })
  pdf!: Buffer;

  /**
   * The public copy when the sitting had closed-door items (ЗМСМА чл. 28): the same minutes
   * without their debate; null: the public reads the minutes above.
   */
  @Column({ name: 'public_json', type: 'bytea', nullable: true })
  publicJson!: Buffer | null;

  @Column({ name: 'public_html', type: 'bytea', nullable: true })
  publicHtml!: Buffer | null;

  @Column({ name: 'public_pdf', type: 'bytea', nullable: true })
  publicPdf!: Buffer | null;

  @Column({ name: 'json_sha256', type: 'text' })
  jsonSha256!: string;

  @Column({ name: 'html_sha256', type: 'text' })
  htmlSha256!: string;

  @Column({ name: 'pdf_sha256', type: 'text' })
  pdfSha256!: string;

  @Column({ name: 'published_at', type: 'timestamptz', default: () => 'now()' })
  publishedAt!: Date;

  @Column({ name: 'published_by', type: 'uuid' })
  publishedBy!: string;

  @ManyToOne(() => AppUser, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'published_by', foreignKeyConstraintName: 'FK_council_minutes_version_publisher' })
  publisher?: AppUser;
}
