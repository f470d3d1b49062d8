import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@egov-box/platform';
import { VideoService } from '@egov-box/video';
import { MeetingsRepository } from './meetings.repository.js';
import { Poller } from './poller.js';
import { userIds } from './reminders.service.js';

/**
 * When a booking or a one-on-one ends — or is cancelled while it is on — its people leave the
 * space's video room: the portal removes them on LiveKit. A join token ends with its meeting,
 * but LiveKit refreshes the tokens of connected participants, so without this they would stay
 * into the next booking of the hall. Kept in: the space's owner (a personal room is theirs),
 * and anyone invited to another meeting in the same space that is on now. Polled with the
 * reminders' interval; each meeting is claimed by one process (`meeting.video_closed_at`).
 */
@Injectable()
export class MeetingVideoService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MeetingVideo');
  private readonly poller = new Poller(this.logger, 'closing ended meetings', () => this.closeEnded());

  constructor(
    private readonly repo: MeetingsRepository,
    private readonly video: VideoService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.video.available) this.poller.start(this.config.meetingReminderPollMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  /** Claims the meetings that ended and removes their people from the rooms; how many removals. */
  async closeEnded(): Promise<number> {
    let removed = 0;
    for (const m of await this.repo.claimEndedMeetings()) {
      const staying = new Set([...userIds(m.staying), ...(m.owner_id ? [m.owner_id] : [])]);
      for (const identity of userIds(m.user_ids)) {
        if (staying.has(identity)) continue;
        try {
          await this.video.removeParticipant(m.livekit_room, identity);
          removed += 1;
        } catch (err) {
          // Most were never in the room, or left already (404): nothing to do.
          if ((err as { status?: number }).status !== 404)
            this.logger.warn(`could not remove ${identity} from ${m.livekit_room}: ${String(err)}`);
        }
      }
    }
    if (removed) this.logger.log({ event: 'meeting_video_closed', removed }, 'ended meetings left their rooms');
    return removed;
  }
}
