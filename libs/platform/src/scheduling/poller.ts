import type { Logger } from '@nestjs/common';

/**
 * Runs `work` about every `everyMs` in this process, one run at a time; a failed run is logged
 * and the next one goes on. Each wait is drawn between half and one and a half intervals (the
 * first too): processes started together do not stay in step, so rows claimed by one UPDATE
 * across processes go to whichever happens to look first, not always to the same one (two
 * processes in lockstep left one of them claiming every reminder). `stop` waits for a run
 * under way, so a shutdown never cuts one short. Used by the schedule's pollers and the retention job.
 */
export class Poller {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
    private readonly work: () => Promise<unknown>,
    private readonly random: () => number = Math.random,
  ) {}

  start(everyMs: number): void {
    this.stopped = false;
    const next = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => void this.tick().finally(next), Math.round(everyMs * (0.5 + this.random())));
      this.timer.unref();
    };
    next();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
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
