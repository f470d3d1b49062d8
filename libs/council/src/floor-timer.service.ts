import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { CouncilFloorTimeUpEvent } from '@egov-box/contracts';
import { DirectoryReader } from '@egov-box/directory';
import { AppConfig, EventBus, Poller } from '@egov-box/platform';
import { councilChairId } from './council-access.js';
import { BodiesRepository } from './bodies.repository.js';
import { SittingsRepository } from './sittings.repository.js';
import { SpeakersRepository } from './speakers.repository.js';
import { CouncilViews } from './council-views.js';

/**
 * Tells the chair when a speaker's time is up (issue 15, part 6). The limit was fixed on the
 * request when the floor was given; every `COUNCIL_FLOOR_POLL_MS` each process claims, with one
 * UPDATE of `council_speaker.time_up_at`, the speakers over their limit whose chair was not told
 * yet — so with several processes only one tells, and once — and sends `council.floor.time_up`
 * to the sitting's chair (the council's chair; a committee's chair too). The state is in the
 * database: after a restart the first look tells whatever fell due meanwhile. Ending the speech
 * stays the chair's act (`POST /api/council/speakers/:id/finish`).
 */
@Injectable()
export class FloorTimer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('FloorTimer');
  private readonly poller = new Poller(this.logger, 'floor time limits', () => this.tellDue());

  constructor(
    private readonly bodiesRepo: BodiesRepository,
    private readonly sittingsRepo: SittingsRepository,
    private readonly speakersRepo: SpeakersRepository,
    private readonly views: CouncilViews,
    private readonly directory: DirectoryReader,
    private readonly bus: EventBus,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.poller.start(this.config.councilFloorPollMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller.stop();
  }

  /** Claims the speakers whose time is up and tells their chairs; how many were told. */
  async tellDue(): Promise<number> {
    const due = await this.speakersRepo.claimTimeUp();
    for (const row of due) {
      try {
        const sitting = await this.sittingsRepo.sitting(row.session_id);
        const body = sitting ? await this.bodiesRepo.body(sitting.bodyId) : null;
        const speaker = await this.speakersRepo.speaker(row.id);
        if (!sitting || !body || !speaker) continue;
        const chairs = new Set<string>();
        const councilChair = await councilChairId(this.directory);
        if (councilChair) chairs.add(councilChair);
        if (body.kind === 'committee' && body.chairId) chairs.add(body.chairId);
        const [view] = await this.views.speakers([speaker]);
        const event: CouncilFloorTimeUpEvent = { sessionId: sitting.id, speaker: view! };
        this.bus.publish('council.floor.time_up', event, { users: [...chairs] });
      } catch (err) {
        this.logger.warn(`telling the chair a speaker's time is up failed: ${String(err)}`);
      }
    }
    if (due.length) this.logger.log({ event: 'council_floor_time_up', count: due.length }, 'speaking time up');
    return due.length;
  }
}
