import type { BodyKind } from '@egov-box/contracts';
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
  Unique,
} from 'typeorm';

/**
 * A body that meets: the council (exactly one, created by the migration; its members are
 * the users with the councillor role and its chair the user with council_chair) or a
 * standing committee (members chosen from the councillors, listed in council_body_member).
 */
@Entity('council_body')
@Unique('UQ_council_body_name', ['name'])
@Check('CHK_council_body_kind', `"kind" IN ('council', 'committee')`)
@Index('UQ_council_body_one_council', ['kind'], { unique: true, where: `"kind" = 'council'` })
export class CouncilBody {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_council_body' })
  id!: string;

  @Column({ type: 'text' })
  kind!: BodyKind;

  @Column({ type: 'text' })
  name!: string;

  /** A committee's chair (the council's chair is the user with council_chair). */
  @Column({ name: 'chair_id', type: 'uuid', nullable: true })
  chairId!: string | null;

  @ManyToOne(() => AppUser, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'chair_id', foreignKeyConstraintName: 'FK_council_body_chair' })
  chair?: AppUser | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A member of a standing committee. */
@Entity('council_body_member')
@Index('IDX_council_body_member_user', ['userId'])
export class CouncilBodyMember {
  @PrimaryColumn({ name: 'body_id', type: 'uuid', primaryKeyConstraintName: 'PK_council_body_member' })
  bodyId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_council_body_member' })
  userId!: string;

  @ManyToOne(() => CouncilBody, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'body_id', foreignKeyConstraintName: 'FK_council_body_member_body' })
  body?: CouncilBody;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_council_body_member_user' })
  user?: AppUser;
}
