import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, EventBus } from '@egov-box/platform';
import { MeetingsRepository } from './meetings.repository.js';
import { REMINDER_LEAD_MINUTES } from './schedule.errors.js';

/**
 * `meeting.reminder` 10 minutes before each meeting, exactly once however many server
 * processes poll: the state lives in `meeting.reminder_sent_at`, claimed by one UPDATE.
 * A restart loses nothing — the next poll claims what is due.
 */
@Injectable()
export class RemindersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reminders');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly repo: MeetingsRepository,
    private readonly bus: EventBus,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.meetingReminderPollMs);
    // The first poll waits one interval: clients reconnecting after a deploy get the chance
    // to be connected when the reminders that fell due meanwhile go out.
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.sendDue()
      .then(() => undefined)
      .catch((err: unknown) => this.logger.warn(`reminder poll failed: ${String(err)}`))
      .finally(() => (this.running = undefined));
    await this.running;
  }

  /** Claims and sends every due reminder; returns how many meetings were reminded. */
  async sendDue(): Promise<number> {
    const due = await this.repo.claimDueReminders(REMINDER_LEAD_MINUTES);
    for (const r of due) {
      this.bus.publish(
        'meeting.reminder',
        {
          meetingId: r.id,
          title: r.title,
          startsAt: new Date(r.starts_at).toISOString(),
          endsAt: new Date(r.ends_at).toISOString(),
          space: { id: r.space_id, kind: r.space_kind, name: r.space_name, location: r.space_location },
        },
        { users: userIds(r.user_ids) },
      );
    }
    if (due.length) this.logger.log({ event: 'meeting_reminders_sent', count: due.length }, 'reminders sent');
    return due.length;
  }
}

/** uuid[] comes back as an array from pg, but as text `{a,b}` from some drivers. */
export function userIds(v: string[] | string): string[] {
  if (Array.isArray(v)) return v;
  return v
    .replace(/^\{|\}$/g, '')
    .split(',')
    .filter(Boolean);
}
