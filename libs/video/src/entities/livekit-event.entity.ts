import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A LiveKit webhook already processed (its id), so that a redelivery changes nothing. */
@Entity('livekit_event')
export class LivekitEvent {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_livekit_event' })
  id!: string;

  @Column({ type: 'text' })
  event!: string;

  @Column({ name: 'received_at', type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;
}
