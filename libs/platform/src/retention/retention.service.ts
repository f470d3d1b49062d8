import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { Metrics } from '../metrics/metrics.js';
import { Poller } from '../scheduling/poller.js';
import { retentionCutoff, sofiaDay, type RetentionSweep } from './retention.js';

/** What one day's run removed (per kind) and which sweeps failed (per kind, the error). */
export interface RetentionRun {
  day: string;
  removed: Record<string, number>;
  failed: Record<string, string>;
}

/**
 * Removes personal data past its retention period, once a day across all processes.
 *
 * Libraries register a {@link RetentionSweep} for each kind of data they own (at module init).
 * Every process polls; the first poll of a Sofia calendar day claims the day with an
 * `INSERT … ON CONFLICT DO NOTHING` into `retention_run`, and only the process whose insert
 * went in runs the sweeps — each in its own transaction, with a cutoff computed here from the
 * process's clock — and writes what it removed into that row. A sweep that fails is logged and
 * recorded; the next day's run takes what it left (cutoffs only move forward). The audit log is
 * never touched: the day's row is the record of the run.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private readonly sweeps: RetentionSweep[] = [];
  private readonly poller = new Poller(this.logger, 'retention', () => this.runIfDue());
  private readonly removedTotal: Counter<'kind'>;
  /** The last day this process claimed or saw claimed. */
  private dayNoted?: string;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    metrics: Metrics,
  ) {
    this.removedTotal = new Counter({
      name: 'egov_retention_removed_total',
      help: 'Rows of personal data removed by the daily retention job, by kind',
      labelNames: ['kind'],
      registers: [metrics.registry],
    });
  }

  /** Adds a kind of data to the daily run. One sweep per kind. */
  register(sweep: RetentionSweep): void {
    if (this.sweeps.some((s) => s.kind === sweep.kind)) throw new Error(`retention: ${sweep.kind} registered twice`);
    retentionCutoff(new Date(), sweep.days); // refuses a wrong period at boot
    this.sweeps.push(sweep);
  }

  /** The registered kinds with their settings and periods. */
  kinds(): { kind: string; setting: string; days: number }[] {
    return this.sweeps.map(({ kind, setting, days }) => ({ kind, setting, days }));
  }

  onApplicationBootstrap(): void {
    this.poller.start(this.config.retention.pollMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  /**
   * Runs the sweeps if no process has run them today (Sofia); resolves with this process's
   * run, or undefined when the day was already claimed.
   */
  async runIfDue(now = new Date()): Promise<RetentionRun | undefined> {
    const day = sofiaDay(now);
    const claimed: unknown[] = await this.db.query(
      `INSERT INTO retention_run (day, started_at) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING RETURNING day`,
      [day, now],
    );
    if (claimed.length === 0) {
      // Said once a day per process: the day's run is (being) made by another process, or was already made here.
      if (this.dayNoted !== day) {
        this.dayNoted = day;
        this.logger.log({ event: 'retention_day_taken', day }, "today's retention run was already claimed");
      }
      return undefined;
    }
    this.dayNoted = day;
    const run: RetentionRun = { day, removed: {}, failed: {} };
    for (const sweep of this.sweeps) {
      const cutoff = retentionCutoff(now, sweep.days);
      try {
        const n = await this.db.transaction((em) => sweep.remove(cutoff, em));
        run.removed[sweep.kind] = n;
        if (n > 0) this.removedTotal.inc({ kind: sweep.kind }, n);
      } catch (err) {
        run.failed[sweep.kind] = String(err);
        this.logger.error(
          { event: 'retention_sweep_failed', kind: sweep.kind, cutoff: cutoff.toISOString(), error: String(err) },
          'retention sweep failed',
        );
      }
    }
    await this.db.query(
      `UPDATE retention_run SET finished_at = $2, removed = $3::jsonb, failed = $4::jsonb WHERE day = $1`,
      [day, new Date(), JSON.stringify(run.removed), JSON.stringify(run.failed)],
    );
    this.logger.log({ event: 'retention_run', day, removed: run.removed, failed: run.failed }, 'retention run');
    return run;
  }
}
