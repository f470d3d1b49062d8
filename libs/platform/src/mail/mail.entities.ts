import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One message of the outbox (see migration MailOutbox): written in the transaction of the change
 * that causes it, sent later by {@link MailOutboxWorker}. It holds the address and the text as
 * sent (personal data: exported and erased with the person, removed some days after sending).
 */
@Entity('mail_outbox')
@Unique('UQ_mail_outbox_message_id', ['messageId'])
@Check('CHK_mail_outbox_status', `"status" IN ('pending', 'sent', 'failed')`)
@Index('IDX_mail_outbox_due', ['status', 'nextAttemptAt'])
@Index('IDX_mail_outbox_user', ['userId'])
export class MailOutboxEntry {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_mail_outbox' })
  id!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ name: 'to_address', type: 'text' })
  toAddress!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'text_body', type: 'text' })
  textBody!: string;

  @Column({ name: 'html_body', type: 'text' })
  htmlBody!: string;

  /** An iCalendar object sent as the text/calendar part (a meeting request or cancellation). */
  @Column({ type: 'text', nullable: true })
  calendar!: string | null;

  @Column({ name: 'calendar_method', type: 'text', nullable: true })
  calendarMethod!: string | null;

  /** The Message-ID header, fixed when the row is written: a retried message keeps it. */
  @Column({ name: 'message_id', type: 'text' })
  messageId!: string;

  @Column({ type: 'text', default: 'pending' })
  status!: 'pending' | 'sent' | 'failed';

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt!: Date;

  /** While a process sends the row, no other claims it (a crashed sender's lease runs out). */
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}

/** The kinds of mail a person turned off (every kind is on until they do). */
@Entity('mail_preference')
export class MailPreference {
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_mail_preference' })
  userId!: string;

  @Column({ name: 'disabled_kinds', type: 'text', array: true, default: () => "'{}'" })
  disabledKinds!: string[];

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
