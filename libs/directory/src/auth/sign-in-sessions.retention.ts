import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig, RetentionService, deleteCounting } from '@egov-box/platform';

/**
 * Retention of sign-in sessions (`refresh_session`: who signed in, when, from which address and
 * browser): a session goes RETENTION_SESSIONS_DAYS after it ended — signed out or revoked,
 * past its absolute end, or idle longer than SESSION_IDLE_MINUTES. A live session never goes.
 */
@Injectable()
export class SignInSessionsRetention implements OnModuleInit {
  constructor(
    private readonly retention: RetentionService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.retention.register({
      kind: 'sessions',
      setting: 'RETENTION_SESSIONS_DAYS',
      days: this.config.retention.signInSessionsDays,
      remove: (cutoff, em) => {
        // Idle since before this moment means it ended (idle) before the cutoff.
        const idleBefore = new Date(cutoff.getTime() - this.config.signInSessionIdleMinutes * 60_000);
        return deleteCounting(
          em,
          `DELETE FROM refresh_session
            WHERE revoked_at < $1 OR expires_at < $1 OR last_used_at < $2 RETURNING 1`,
          [cutoff, idleBefore],
        );
      },
    });
  }
}
