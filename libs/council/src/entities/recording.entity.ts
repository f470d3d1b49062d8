import type { RecordingStatus } from '@egov-box/contracts';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CouncilSession } from './council-session.entity.js';

/** A LiveKit Egress room-composite recording of a session (started at open, stopped at close). */
@Entity('council_recording')
@Unique('UQ_council_recording_egress', ['egressId'])
@Check('CHK_council_recording_status', `"status" IN ('recording', 'complete', 'failed')`)
@Index('IDX_council_recording_session', ['sessionId', 'startedAt'])
export class CouncilRecording {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_council_recording' })
  id!: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => CouncilSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_council_recording_session' })
  session?: CouncilSession;

  /** LiveKit's egress id (null when the start itself failed). */
  @Column({ name: 'egress_id', type: 'text', nullable: true })
  egressId!: string | null;

  @Column({ type: 'text', default: 'recording' })
  status!: RecordingStatus;

  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt!: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  /** Where Egress stored the file (its `location`). */
  @Column({ type: 'text', nullable: true })
  url!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
