import { Injectable, Logger } from '@nestjs/common';
import type { SpeakerView } from '@egov-box/contracts';
import { AccessService, AppError, AuditService, EventBus, type AuditEntry, type AuthUser } from '@egov-box/platform';
import type { EntityManager } from 'typeorm';
import { maySeeSitting } from './council-access.js';
import { CouncilErrors } from './council.errors.js';
import { BodiesRepository } from './bodies.repository.js';
import { SittingsRepository } from './sittings.repository.js';
import { ConflictsRepository } from './conflicts.repository.js';
import { SpeakersRepository } from './speakers.repository.js';
import { CouncilViews } from './council-views.js';
import type { CouncilSession } from './entities/index.js';
import { earliestRegularStart } from './rules.js';
import { closedScope, publicSpeakers } from './closed-door.js';

/** What a change to a sitting wrote: its answer, the audit lines to keep with it, and columns of the sitting it sets. */
export interface SittingChange<T> {
  result: T;
  audit?: AuditEntry[];
  sets?: Partial<CouncilSession>;
}

/**
 * What every change to a sitting shares, in one place: who may see it and who chairs it, and
 * the ceremony of a change — in one transaction, lock the sitting row (404 for an unknown one),
 * write, raise the sitting's version and keep the audit lines; the live events go out after the
 * commit, with the version the change made.
 */
@Injectable()
export class SittingSteps {
  private readonly logger = new Logger('Council');

  constructor(
    private readonly bodiesRepo: BodiesRepository,
    private readonly sittingsRepo: SittingsRepository,
    private readonly conflictsRepo: ConflictsRepository,
    private readonly speakersRepo: SpeakersRepository,
    private readonly views: CouncilViews,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
    private readonly access: AccessService,
  ) {}

  /** Locks the sitting row for the rest of the transaction; 404 for an unknown sitting. */
  async lock(id: string, em: EntityManager): Promise<CouncilSession> {
    const s = await this.sittingsRepo.lockSitting(id, em);
    if (!s) throw AppError.notFound('Council session');
    return s;
  }

  /**
   * A change to a sitting: `write` runs with the locked sitting inside the transaction; then
   * the version is raised (with the columns `write` sets) and the audit lines it returns are
   * written, all or nothing.
   */
  async change<T>(
    id: string,
    write: (s: CouncilSession, em: EntityManager) => Promise<SittingChange<T>>,
  ): Promise<{ version: number; sitting: CouncilSession; result: T }> {
    return this.sittingsRepo.transaction(async (em) => {
      const sitting = await this.lock(id, em);
      const { result, audit = [], sets = {} } = await write(sitting, em);
      const version = await this.sittingsRepo.bump(id, sets, em);
      for (const entry of audit) await this.audit.record(entry, em);
      return { version, sitting, result };
    });
  }

  /**
   * Whether the actor chairs the sitting (`council.sitting.chair`: the council_chair, or the
   * committee's chair), for a rule that lets the chair or someone else (404 for a draft they may not see).
   */
  async chairs(actor: AuthUser, sittingId: string): Promise<boolean> {
    await this.access.requireAccess(actor, 'council.sitting.read', sittingId);
    return (await this.access.allowed(actor, 'council.sitting.chair', [sittingId])).has(sittingId);
  }

  /** `council.speakers.updated` with the whole list, to the sitting's watchers (public). */
  async speakersChanged(sittingId: string, version: number): Promise<SpeakerView[] | undefined> {
    try {
      const speakers = await this.views.speakers(await this.speakersRepo.speakers(sittingId));
      const now = new Date().toISOString();
      // The public list leaves out the debate of closed-door items; a closed-door sitting's goes to nobody outside.
      const scope = await closedScope(this.sittingsRepo, sittingId);
      this.bus.publish(
        'council.speakers.updated',
        { sessionId: sittingId, version, speakers, now },
        { councilSessions: [sittingId] },
        {
          public: !scope.sitting,
          publicPayload: { sessionId: sittingId, version, speakers: publicSpeakers(speakers, scope.items), now },
        },
      );
      return speakers;
    } catch (err) {
      this.logger.error({ err }, 'speakers event not sent');
      return undefined;
    }
  }

  /** `council.session.updated` with the sitting's summary, to its watchers (and the public once published). */
  async sittingChanged(s: CouncilSession, change: string): Promise<void> {
    try {
      this.bus.publish(
        'council.session.updated',
        { ...(await this.views.summaryOf(s)), sessionId: s.id, change },
        { councilSessions: [s.id] },
        { public: maySeeSitting(null, s) },
      );
    } catch (err) {
      this.logger.error({ err }, 'session event not sent');
    }
  }

  /**
   * A regular sitting is announced at least its body's notice period before it starts
   * ({@link earliestRegularStart}): when it is published, and again when it is moved earlier
   * after publishing; else 409 `notice_period` with the notice and the earliest start it allows
   * now. An extraordinary sitting is exempt (its reason is on record).
   */
  async requireNotice(s: CouncilSession, startsAt: Date, now: Date, em: EntityManager): Promise<void> {
    if (s.extraordinary) return;
    const { noticeDays } = (await this.bodiesRepo.body(s.bodyId, em))!;
    const earliestStart = earliestRegularStart(now, noticeDays);
    if (startsAt.getTime() < earliestStart.getTime())
      throw CouncilErrors.noticePeriod(
        `A regular sitting is published at least ${noticeDays} days before it starts; move it, or make it extraordinary with its reason`,
        { noticeDays, earliestStart: earliestStart.toISOString(), startsAt: startsAt.toISOString() },
      );
  }

  /**
   * The agenda first: when its body's rules say so (`council_body.agenda_vote`, on by default —
   * the councils' rulebooks under ЗМСМА чл. 21, ал. 3 have the agenda adopted when the sitting
   * opens), nothing is voted in a sitting before its agenda — no item's vote, motion or election
   * round; else 409 `agenda_not_adopted` with what was asked (`kind`).
   */
  async requireAgendaAdopted(s: CouncilSession, kind: string, em: EntityManager): Promise<void> {
    if (s.agendaAdoptedAt) return;
    const body = await this.bodiesRepo.body(s.bodyId, em);
    if (body?.agendaVote) throw CouncilErrors.agendaNotAdopted('The sitting’s first vote adopts its agenda', { kind });
  }

  /**
   * Conflicts of interest (Закон за противодействие на корупцията; rules.ts): a member who declared
   * a private interest in the item takes no part in its debate, its votes or an election held on
   * it; else 403 `conflict_of_interest`. No item (a vote on none, no item taken up): nothing to check.
   */
  async requireNoConflict(itemId: string | null, userId: string, em: EntityManager): Promise<void> {
    if (itemId && (await this.conflictsRepo.hasConflict(itemId, userId, em)))
      throw CouncilErrors.conflictOfInterest('A conflict of interest was declared on this item');
  }
}
