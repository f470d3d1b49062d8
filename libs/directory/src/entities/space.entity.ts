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
} from 'typeorm';
import { AppUser } from './app-user.entity.js';

export const SPACE_KINDS = ['personal', 'hall', 'chamber'] as const;
export type SpaceKind = (typeof SPACE_KINDS)[number];

/**
 * A place where people meet: someone's personal room, a meeting hall or the council
 * chamber. Every space is also a LiveKit room (`livekitRoom`).
 */
@Entity('space')
@Unique('UQ_space_livekit_room', ['livekitRoom'])
@Check('CHK_space_kind', `"kind" IN ('personal', 'hall', 'chamber')`)
@Check('CHK_space_door', `"door" IS NULL OR "door" IN ('open', 'knock', 'closed')`)
// Exactly one personal room per user (rooms migration; the room is made by a trigger on app_user).
@Index('UQ_space_personal_owner', ['ownerId'], { unique: true, where: `"kind" = 'personal'` })
export class Space {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_space' })
  id!: string;

  @Index('IDX_space_kind')
  @Column({ type: 'text' })
  kind!: SpaceKind;

  @Column({ type: 'text' })
  name!: string;

  @Index('IDX_space_owner')
  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId!: string | null;

  @ManyToOne(() => AppUser, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'FK_space_owner' })
  owner?: AppUser | null;

  @Column({ type: 'int', nullable: true })
  capacity!: number | null;

  @Column({ type: 'text', nullable: true })
  location!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  equipment!: string[];

  @Column({ name: 'livekit_room', type: 'text' })
  livekitRoom!: string;

  /** Personal rooms only (null otherwise): `open`, `knock` or `closed`. Owned by libs/rooms. */
  @Column({ type: 'text', nullable: true })
  door!: 'open' | 'knock' | 'closed' | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
