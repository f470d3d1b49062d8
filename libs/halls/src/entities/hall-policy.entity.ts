import type { BookableHours, Role } from '@egov-box/contracts';
import { Space } from '@egov-box/directory';
import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The booking policy of a hall or chamber. A hall without a row follows the defaults. */
@Entity('hall_policy')
export class HallPolicyRow {
  @PrimaryColumn({ name: 'space_id', type: 'uuid', primaryKeyConstraintName: 'PK_hall_policy' })
  spaceId!: string;

  @OneToOne(() => Space, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'space_id', foreignKeyConstraintName: 'FK_hall_policy_space' })
  space?: Space;

  /** Europe/Sofia wall-clock intervals per weekday; null = Monday–Friday 08:00–20:00. */
  @Column({ name: 'bookable_hours', type: 'jsonb', nullable: true })
  bookableHours!: BookableHours[] | null;

  @Column({ name: 'min_notice_minutes', type: 'int', default: 15 })
  minNoticeMinutes!: number;

  @Column({ name: 'max_duration_minutes', type: 'int', default: 480 })
  maxDurationMinutes!: number;

  @Column({ name: 'booking_window_days', type: 'int', default: 365 })
  bookingWindowDays!: number;

  @Column({ name: 'buffer_minutes', type: 'int', default: 0 })
  bufferMinutes!: number;

  @Column({ name: 'requires_approval', type: 'boolean', default: false })
  requiresApproval!: boolean;

  @Column({ name: 'allowed_roles', type: 'text', array: true, default: () => "'{}'" })
  allowedRoles!: Role[];

  @Column({ name: 'allowed_department_ids', type: 'uuid', array: true, default: () => "'{}'" })
  allowedDepartmentIds!: string[];

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
