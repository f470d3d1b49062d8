/**
 * One check shared by the callers that ask while it runs, and never older than the caller:
 * whoever asks while a check is running waits for the next one, which starts when that one
 * ends and answers everyone who asked in between. So a load balancer (or a benchmark) polling
 * health from many connections costs the database at most two `SELECT 1` at a time, and every
 * answer still comes from a check that began after the question was asked — a database lost
 * a moment ago is reported at once.
 */
export class SharedProbe {
  private running?: Promise<void>;
  private queued?: Promise<void>;

  constructor(private readonly check: () => Promise<void>) {}

  run(): Promise<void> {
    if (!this.running) return this.start();
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  private start(): Promise<void> {
    const p: Promise<void> = this.check().finally(() => {
      if (this.running === p) this.running = undefined;
    });
    this.running = p;
    return p;
  }
}
