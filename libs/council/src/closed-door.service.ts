import { Injectable } from '@nestjs/common';
import type { CouncilSessionView, SetClosedDoorRequest } from '@egov-box/contracts';
import { AccessService, AppError, type AuthUser } from '@egov-box/platform';
import { CouncilErrors } from './council.errors.js';
import { SittingsRepository } from './sittings.repository.js';
import { CouncilVideo } from './council-video.service.js';
import { CouncilViews } from './council-views.js';
import { AgendaItem, type CouncilSession } from './entities/index.js';
import { SittingSteps } from './sitting-steps.js';

/**
 * Records the council's decision that a sitting, or one item of it, be closed-door (ЗМСМА
 * чл. 28, ал. 2: „По изключение общинският съвет може да реши отделни заседания да бъдат
 * закрити“). The decision is the council's; the clerk records it with its reason (which may
 * cite the decision taken at an earlier sitting, or the procedural vote at this one), and who
 * recorded it and when are kept. We do not make it a motion kind of its own: the law does not
 * say when the council decides (often at the sitting before, when it adopts the next agenda),
 * and a closed-door sitting must be closed before it opens, when there is no vote to hold yet.
 *
 * Recorded until the sitting closes. Undone only on a draft: once the sitting is published
 * the public has been told it is closed-door and what was withheld stays withheld (the record
 * is never recomputed).
 */
@Injectable()
export class ClosedDoorService {
  constructor(
    private readonly sittingsRepo: SittingsRepository,
    private readonly steps: SittingSteps,
    private readonly views: CouncilViews,
    private readonly video: CouncilVideo,
    private readonly access: AccessService,
  ) {}

  /** `itemId` null: the whole sitting. */
  async set(
    actor: AuthUser,
    sittingId: string,
    itemId: string | null,
    req: SetClosedDoorRequest,
  ): Promise<CouncilSessionView> {
    await this.access.requireAccess(actor, 'council.closedDoor.record', sittingId);
    await this.steps.change(sittingId, async (s, em) => {
      if (s.status === 'closed') throw CouncilErrors.sessionClosed('The sitting has ended: its record stays as it was');
      if (!req.closed && s.status !== 'draft')
        throw CouncilErrors.closedDoor('Once published, a closed-door decision stays', {
          status: s.status,
        });
      const columns = req.closed
        ? { closedDoorReason: req.reason!, closedDoorAt: new Date(), closedDoorBy: actor.id }
        : { closedDoorReason: null, closedDoorAt: null, closedDoorBy: null };
      let sets: Partial<CouncilSession> = {};
      if (itemId) {
        const item = await this.sittingsRepo.item(sittingId, itemId, em);
        if (!item) throw AppError.notFound('Agenda item');
        await em.getRepository(AgendaItem).update({ id: itemId }, columns);
      } else sets = columns;
      return {
        result: undefined,
        sets,
        audit: [
          {
            actorId: actor.id,
            action: req.closed ? 'council.closed_door.recorded' : 'council.closed_door.lifted',
            targetType: 'council_session',
            targetId: sittingId,
            details: { itemId, reason: req.reason ?? null },
          },
        ],
      };
    });
    const s = (await this.sittingsRepo.sitting(sittingId))!;
    await this.video.followClosedDoor(s);
    // To the members; `/public` hears nothing of a closed-door sitting (CouncilPublicGateway).
    await this.steps.sittingChanged(s, 'closed_door');
    return this.views.sitting(s, actor.id);
  }
}
