import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Who LiveKit says is in which room. A row is kept after the participant leaves
 * (present = false) with the time of the event that set it, so that a late, older event
 * (LiveKit does not promise order) cannot bring someone back.
 */
@Entity('livekit_participant')
export class LivekitParticipant {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_livekit_participant' })
  room!: string;

  @Index('IDX_livekit_participant_identity')
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_livekit_participant' })
  identity!: string;

  @Column({ type: 'boolean' })
  present!: boolean;

  @Column({ name: 'event_at', type: 'timestamptz' })
  eventAt!: Date;
}
