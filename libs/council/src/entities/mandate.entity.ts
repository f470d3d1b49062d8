import { AppUser } from '@egov-box/directory';
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

/**
 * The council's term (ЗМСМА чл. 24: four years), e.g. „2023–2027“. The mandate in force on a
 * date is the latest one started on or before it; sittings, minutes and decisions are
 * numbered within their mandate.
 */
@Entity('council_mandate')
@Unique('UQ_council_mandate_name', ['name'])
@Unique('UQ_council_mandate_starts', ['startsOn'])
@Check('CHK_council_mandate_dates', `"ends_on" > "starts_on"`)
export class CouncilMandate {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_council_mandate' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** The first day (Sofia calendar date, `YYYY-MM-DD`). */
  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  /** The last day by law; the next mandate starts when the new council is constituted. */
  @Column({ name: 'ends_on', type: 'date' })
  endsOn!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * Who held a seat of the council in a mandate, from when to when (the membership history).
 * A holding ends early (ЗМСМА чл. 30, ал. 4) with its reason; the next on the same list takes
 * the seat (Изборен кодекс чл. 458) as a new holding of the same seat. The name is kept as it
 * was, so the history reads the same after an account is renamed or disabled.
 */
@Entity('council_seat_holder')
@Index('UQ_council_seat_holder_seat', ['mandateId', 'seat'], { unique: true, where: `"held_until" IS NULL` })
@Index('UQ_council_seat_holder_user', ['mandateId', 'userId'], { unique: true, where: `"held_until" IS NULL` })
@Index('IDX_council_seat_holder_user', ['userId'])
@Check('CHK_council_seat_holder_seat', `"seat" BETWEEN 1 AND 101`)
@Check(
  'CHK_council_seat_holder_end',
  `("held_until" IS NULL) = ("end_reason" IS NULL) AND ("held_until" IS NULL OR "held_until" >= "held_from")`,
)
export class CouncilSeatHolder {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_council_seat_holder' })
  id!: string;

  @Column({ name: 'mandate_id', type: 'uuid' })
  mandateId!: string;

  @ManyToOne(() => CouncilMandate, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'mandate_id', foreignKeyConstraintName: 'FK_council_seat_holder_mandate' })
  mandate?: CouncilMandate;

  @Column({ type: 'int' })
  seat!: number;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => AppUser, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_council_seat_holder_user' })
  user?: AppUser;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ name: 'held_from', type: 'date' })
  heldFrom!: string;

  /** The last day held; null while held. */
  @Column({ name: 'held_until', type: 'date', nullable: true })
  heldUntil!: string | null;

  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
