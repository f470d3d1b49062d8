import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig, RetentionService, deleteCounting } from '@egov-box/platform';

/**
 * Retention of knocks (`knock`: who knocked on whose door, when, with what message): a knock
 * goes RETENTION_KNOCKS_DAYS after it was admitted, denied or expired, and after an admission
 * it gave ran out. A pending knock never goes.
 */
@Injectable()
export class KnocksRetention implements OnModuleInit {
  constructor(
    private readonly retention: RetentionService,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.retention.register({
      kind: 'knocks',
      setting: 'RETENTION_KNOCKS_DAYS',
      days: this.config.retention.knocksDays,
      remove: (cutoff, em) =>
        deleteCounting(
          em,
          `DELETE FROM knock
            WHERE status <> 'pending' AND COALESCE(resolved_at, expires_at) < $1
              AND (admission_expires_at IS NULL OR admission_expires_at < $1) RETURNING 1`,
          [cutoff],
        ),
    });
  }
}
