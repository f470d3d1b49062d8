import type { Logger } from '@nestjs/common';

/**
 * Runs `work` every `everyMs` in this process, one run at a time (a tick that finds the last
 * run still going is skipped); a failed run is logged and the next one goes on. The first run
 * waits one interval. `stop` waits for a run under way, so a shutdown never cuts one short.
 * Used by the schedule's pollers, whose rows are claimed by one UPDATE across processes.
 */
export class Poller {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
    private readonly work: () => Promise<unknown>,
  ) {}

  start(everyMs: number): void {
    this.timer = setInterval(() => void this.tick(), everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.work()
      .then(() => undefined)
      .catch((err: unknown) => this.logger.warn(`${this.what} failed: ${String(err)}`))
      .finally(() => (this.running = undefined));
    await this.running;
  }
}
