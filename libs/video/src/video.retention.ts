import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig, RetentionService, deleteCounting } from '@egov-box/platform';

/**
 * Retention of LiveKit's records, both after RETENTION_LIVEKIT_DAYS: who was in which room
 * (`livekit_participant`, kept after they left so that a late older webhook cannot bring them
 * back) goes once they left; processed webhook ids (`livekit_event`, kept to ignore
 * redeliveries) go after they were received. Someone LiveKit says is in a room stays.
 */
@Injectable()
export class VideoRetention implements OnModuleInit {
  constructor(
    private readonly retention: RetentionService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const days = this.config.retention.livekitDays;
    this.retention.register({
      kind: 'livekit_participants',
      setting: 'RETENTION_LIVEKIT_DAYS',
      days,
      remove: (cutoff, em) =>
        deleteCounting(em, `DELETE FROM livekit_participant WHERE NOT present AND event_at < $1 RETURNING 1`, [cutoff]),
    });
    this.retention.register({
      kind: 'livekit_events',
      setting: 'RETENTION_LIVEKIT_DAYS',
      days,
      remove: (cutoff, em) =>
        deleteCounting(em, `DELETE FROM livekit_event WHERE received_at < $1 RETURNING 1`, [cutoff]),
    });
  }
}
