import { Injectable } from '@nestjs/common';
import type {
  CouncilSessionView,
  RescheduleSittingRequest,
  SittingChangeView,
  SittingWhenWhere,
} from '@egov-box/contracts';
import { DirectoryReader } from '@egov-box/directory';
import { AccessService, AuditService, type AuthUser, CommonErrors } from '@egov-box/platform';
import { MeetingsService } from '@egov-box/schedule';
import type { EntityManager } from 'typeorm';
import { CouncilErrors } from './council.errors.js';
import { SittingsRepository } from './sittings.repository.js';
import { changeView, CouncilViews } from './council-views.js';
import type { AgendaItem, CouncilSession } from './entities/index.js';
import { SittingChangesRepository } from './sitting-changes.repository.js';
import { SittingSteps } from './sitting-steps.js';

/**
 * Changes to a sitting after it was published, announced to its members (issue 15, part 8).
 *
 * Publishing invites the members with the agenda and links to its materials (CouncilMail). From
 * then on, a new time or place and every item added or withdrawn at the sitting is kept as a
 * change (`council_session_change`, as it was announced) and announced: the sitting's meeting
 * is changed in the same transaction, so schedule mails each member a "meeting changed" request
 * (a higher SEQUENCE, the same UID: their calendar moves it) whose text lists the changes with
 * their reasons (CouncilMail), and the sitting's watchers get `council.session.updated`.
 *
 * The notice the council's rulebook sets for the invitation (ЗМСМА чл. 21, ал. 3; e.g. Хасково,
 * Правилник чл. 46, ал. 4: 7 days) holds for a regular sitting moved earlier: it cannot be moved
 * closer than the notice period from the moment of the change (rules.ts earliestRegularStart).
 */
@Injectable()
export class SittingChanges {
  constructor(
    private readonly sittingsRepo: SittingsRepository,
    private readonly changes: SittingChangesRepository,
    private readonly directory: DirectoryReader,
    private readonly views: CouncilViews,
    private readonly meetings: MeetingsService,
    private readonly audit: AuditService,
    private readonly steps: SittingSteps,
    private readonly access: AccessService,
  ) {}

  /**
   * The clerk moves a published sitting that has not opened: a new start and end, a new place
   * (the chamber or a hall; the room is checked by the database like every booking), or both.
   * A draft is edited instead (409 `not_published`), a sitting under way or over is not moved
   * (409 `not_published`); a new start in the past is 400.
   */
  async reschedule(actor: AuthUser, id: string, input: RescheduleSittingRequest): Promise<CouncilSessionView> {
    await this.access.requireAccess(actor, 'council.sitting.prepare', id);
    let spaceId: string | undefined;
    if (input.spaceId) {
      spaceId = (await this.directory.spaceOfKind(input.spaceId, ['chamber', 'hall']))?.id;
      if (!spaceId) throw CouncilErrors.invalidSpace('A session meets in the council chamber or a meeting hall');
    }
    const s = await this.meetings.transaction(async (tx) => {
      const s = await this.steps.lock(id, tx.em);
      if (s.status !== 'published')
        throw CouncilErrors.notPublished(
          s.status === 'draft'
            ? 'A draft is edited (PATCH), not moved'
            : 'Only a published sitting that has not opened is moved',
          { status: s.status },
        );
      const before = { startsAt: new Date(s.startsAt), endsAt: new Date(s.endsAt), spaceId: s.spaceId };
      const startsAt = input.startsAt ? new Date(input.startsAt) : before.startsAt;
      const endsAt = input.endsAt ? new Date(input.endsAt) : before.endsAt;
      if (endsAt.getTime() <= startsAt.getTime())
        throw CommonErrors.validationFailed('endsAt must be after startsAt', {
          issues: [{ path: ['endsAt'], message: 'endsAt must be after startsAt' }],
        });
      const now = new Date();
      if (startsAt.getTime() !== before.startsAt.getTime() && startsAt.getTime() <= now.getTime())
        throw CommonErrors.validationFailed('A sitting is moved to a time still to come', {
          issues: [{ path: ['startsAt'], message: 'startsAt must be in the future' }],
        });
      const after = { startsAt, endsAt, spaceId: spaceId ?? before.spaceId };
      if (
        after.startsAt.getTime() === before.startsAt.getTime() &&
        after.endsAt.getTime() === before.endsAt.getTime() &&
        after.spaceId === before.spaceId
      )
        throw CommonErrors.validationFailed('Nothing changes: give a new time or place', {
          issues: [{ path: ['startsAt'], message: 'the same time and place' }],
        });
      if (after.startsAt.getTime() < before.startsAt.getTime())
        await this.steps.requireNotice(s, after.startsAt, now, tx.em);
      await tx.change(
        { id: s.meetingId, spaceId: after.spaceId },
        { startsAt: after.startsAt, endsAt: after.endsAt, spaceId: after.spaceId },
      );
      await this.sittingsRepo.bump(
        id,
        { startsAt: after.startsAt, endsAt: after.endsAt, spaceId: after.spaceId },
        tx.em,
      );
      const names = await this.directory.spaceNames([before.spaceId, after.spaceId]);
      const whenWhere = (w: typeof before): SittingWhenWhere => ({
        startsAt: w.startsAt.toISOString(),
        endsAt: w.endsAt.toISOString(),
        place: names.get(w.spaceId) ?? null,
      });
      const details = { before: whenWhere(before), after: whenWhere(after) };
      await this.changes.add(
        { sessionId: id, changedBy: actor.id, kind: 'rescheduled', reason: input.reason, details },
        tx.em,
      );
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'council.session.rescheduled',
          targetType: 'council_session',
          targetId: id,
          details: { ...details, reason: input.reason },
        },
        tx.em,
      );
      return (await this.sittingsRepo.sitting(id, tx.em))!;
    }, actor);
    await this.steps.sittingChanged(s, 'rescheduled');
    return this.views.sitting(s, actor.id);
  }

  /**
   * Keeps an agenda change made at the sitting (an urgent item added, an item withdrawn) as it
   * stands, inside the transaction of the vote that made it; {@link announce} tells the members
   * after the commit.
   */
  async record(
    em: EntityManager,
    s: CouncilSession,
    kind: 'item_added' | 'item_withdrawn',
    item: Pick<AgendaItem, 'id' | 'position' | 'title'>,
    actorId: string,
  ): Promise<void> {
    await this.changes.add(
      {
        sessionId: s.id,
        changedBy: actorId,
        kind,
        reason: null,
        details: { item: { id: item.id, position: item.position, title: item.title } },
      },
      em,
    );
  }

  /**
   * Tells the members the agenda changed: the sitting's meeting is marked changed (a higher
   * SEQUENCE), so schedule mails each of them the renewed invitation headed by the changes.
   * Separate from the vote's transaction: a mail that cannot be queued never undoes a vote.
   */
  async announce(actor: AuthUser, sittingId: string): Promise<void> {
    const s = await this.sittingsRepo.sitting(sittingId);
    if (!s) return;
    await this.meetings.transaction((tx) => tx.change({ id: s.meetingId, spaceId: s.spaceId }, {}), actor);
  }

  /** A sitting's announced changes, oldest first, as they were announced. */
  async list(sittingId: string, em?: EntityManager): Promise<SittingChangeView[]> {
    return (await this.changes.list(sittingId, em)).map(changeView);
  }
}
