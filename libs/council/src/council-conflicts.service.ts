import { Injectable } from '@nestjs/common';
import type { ConflictRequest, CouncilSessionView } from '@egov-box/contracts';
import { AccessService, AppError, type AuthUser } from '@egov-box/platform';
import { CouncilErrors } from './council.errors.js';
import { BodiesRepository } from './bodies.repository.js';
import { SittingsRepository } from './sittings.repository.js';
import { ConflictsRepository } from './conflicts.repository.js';
import { VotesRepository } from './votes.repository.js';
import { SpeakersRepository } from './speakers.repository.js';
import { CouncilViews } from './council-views.js';
import { SittingSteps } from './sitting-steps.js';

/** Conflicts of interest declared on agenda items (who then takes no part in the item). */
@Injectable()
export class CouncilConflicts {
  constructor(
    private readonly bodiesRepo: BodiesRepository,
    private readonly sittingsRepo: SittingsRepository,
    private readonly conflictsRepo: ConflictsRepository,
    private readonly votesRepo: VotesRepository,
    private readonly speakersRepo: SpeakersRepository,
    private readonly views: CouncilViews,
    private readonly steps: SittingSteps,
    private readonly access: AccessService,
  ) {}

  /**
   * A member declares a private interest in an item (Закон за противодействие на корупцията:
   * they take no part in its debate or vote) — or the clerk records one declared orally in the
   * hall (`userId`). Their waiting requests for the floor on the item are withdrawn.
   */
  async declareConflict(
    actor: AuthUser,
    id: string,
    itemId: string,
    input: ConflictRequest,
  ): Promise<CouncilSessionView> {
    const memberId = input.userId ?? actor.id;
    const byClerk = memberId !== actor.id;
    // One's own: a member of the sitting's body (403 not_a_member); the clerk's for a member: that member (400).
    await this.access.requireAccess(actor, byClerk ? 'council.conflict.record' : 'council.conflict.declare', id);
    const sitting = (await this.sittingsRepo.sitting(id))!;
    if (byClerk && !(await this.bodiesRepo.isMember(sitting.bodyId, memberId, undefined, sitting.mandateId)))
      throw CouncilErrors.namedNotAMember('Only members of the body declare a conflict of interest');
    const { version, result: withdrawn } = await this.steps.change(id, async (s, em) => {
      if (s.status === 'closed') throw CouncilErrors.sessionClosed('The session is closed');
      if (!(await this.sittingsRepo.item(id, itemId, em))) throw AppError.notFound('Agenda item');
      if (await this.votesRepo.votedOnOpenVote(itemId, memberId, em))
        throw CouncilErrors.alreadyVoted('The member has already voted on this item');
      await this.conflictsRepo.declareConflict(id, itemId, memberId, input.reason, em);
      // A member with a conflict takes no part in the item's debate: their waiting requests go.
      const withdrawn = (await this.speakersRepo.pendingSpeakers(id, memberId, em)).filter(
        (r) => r.itemId === itemId && r.status === 'requested',
      );
      for (const r of withdrawn) await this.speakersRepo.updateSpeaker(r.id, { status: 'withdrawn' }, em);
      return {
        result: withdrawn.length,
        audit: [
          {
            actorId: actor.id,
            action: 'council.conflict.declared',
            targetType: 'council_agenda_item',
            targetId: itemId,
            details: byClerk
              ? { sessionId: id, userId: memberId, byClerk: true, reason: input.reason }
              : { sessionId: id, userId: memberId },
          },
        ],
      };
    });
    const s = (await this.sittingsRepo.sitting(id))!;
    await this.steps.sittingChanged(s, 'conflict');
    if (withdrawn) await this.steps.speakersChanged(id, version);
    return this.views.sitting(s, actor.id);
  }
}
