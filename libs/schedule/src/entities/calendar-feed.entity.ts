import { AppUser } from '@egov-box/directory';
import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryColumn, Unique } from 'typeorm';

/** A user's secret calendar URL: only its SHA-256 is stored; one per user (rotation replaces it). */
@Entity('calendar_feed')
@Unique('UQ_calendar_feed_secret_hash', ['secretHash'])
export class CalendarFeed {
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_calendar_feed' })
  userId!: string;

  @OneToOne(() => AppUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_calendar_feed_user' })
  user?: AppUser;

  @Column({ name: 'secret_hash', type: 'text' })
  secretHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
