import type { Role } from '@egov-box/contracts';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { Department } from './department.entity.js';

/** A person who signs in: civil servant, clerk, councillor, chair or administrator. */
@Entity('app_user')
@Unique('UQ_app_user_username', ['username'])
@Check('CHK_app_user_auth_source', `"auth_source" IN ('local', 'directory')`)
@Check('CHK_app_user_directory_id', `("auth_source" = 'directory') = ("directory_id" IS NOT NULL)`)
export class AppUser {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_app_user' })
  id!: string;

  @Column({ type: 'text' })
  username!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  /** The name the council's public record keeps after an erasure (else null; see PersonalData migration). */
  @Column({ name: 'public_name', type: 'text', nullable: true, select: false })
  publicName?: string | null;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Index('IDX_app_user_department')
  @Column({ name: 'department_id', type: 'uuid', nullable: true })
  departmentId!: string | null;

  @ManyToOne(() => Department, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'FK_app_user_department' })
  department?: Department | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles!: Role[];

  @Column({ name: 'password_hash', type: 'text', select: false })
  passwordHash!: string;

  /** `local`: the portal checks the password; `directory`: LDAP does (see DirectoryAccounts migration). */
  @Column({ name: 'auth_source', type: 'text', default: 'local' })
  authSource!: 'local' | 'directory';

  /** The directory's stable id of the person (entryUUID / objectGUID); null for local accounts. */
  @Index('UQ_app_user_directory_id', { unique: true })
  @Column({ name: 'directory_id', type: 'text', nullable: true })
  directoryId!: string | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @Column({ type: 'text', default: 'bg' })
  locale!: string;

  @Column({ name: 'time_zone', type: 'text', default: 'Europe/Sofia' })
  timeZone!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
