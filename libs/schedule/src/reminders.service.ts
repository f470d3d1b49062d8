import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, EventBus, MailService } from '@egov-box/platform';
import { MeetingsRepository } from './meetings.repository.js';
import { Poller } from './poller.js';
import { enqueueReminderMails } from './reminder-mail.js';
import { userIds } from './reminder-ids.js';
import { REMINDER_LEAD_MINUTES } from './schedule.errors.js';

/**
 * `meeting.reminder` 10 minutes before each meeting, exactly once however many server
 * processes poll: the state lives in `meeting.reminder_sent_at`, claimed by one UPDATE.
 * A restart loses nothing — the next poll claims what is due.
 */
@Injectable()
export class RemindersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reminders');
  private readonly poller = new Poller(this.logger, 'reminder poll', () => this.sendDue());

  constructor(
    private readonly repo: MeetingsRepository,
    private readonly bus: EventBus,
    private readonly config: AppConfig,
    private readonly mail: MailService,
  ) {}

  onApplicationBootstrap(): void {
    // The first poll waits one interval: clients reconnecting after a deploy get the chance
    // to be connected when the reminders that fell due meanwhile go out.
    this.poller.start(this.config.meetingReminderPollMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  /** Claims and sends every due reminder; returns how many meetings were reminded. */
  async sendDue(): Promise<number> {
    // The claim and the reminders' mails are one transaction: a claimed reminder always has its mail.
    const due = await this.repo.transaction(async (em) => {
      const claimed = await this.repo.claimDueReminders(REMINDER_LEAD_MINUTES, em);
      await enqueueReminderMails(this.mail, em, claimed);
      return claimed;
    });
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

export { userIds } from './reminder-ids.js';
