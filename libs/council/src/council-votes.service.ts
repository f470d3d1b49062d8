import { Injectable, Logger } from '@nestjs/common';
import type { BallotRequest, Majority, OpenVoteInput, VoteView } from '@egov-box/contracts';
import { AccessService, AuditService, CommonErrors, EventBus, type AuthUser } from '@egov-box/platform';
import type { EntityManager } from 'typeorm';
import { newBallotKey, voterKey } from './ballot-secrecy.js';
import { closedScope, publicAbout } from './closed-door.js';
import { CouncilErrors } from './council.errors.js';
import { BodiesRepository } from './bodies.repository.js';
import { SittingsRepository } from './sittings.repository.js';
import { DecisionsRepository } from './decisions.repository.js';
import { AttendanceRepository } from './attendance.repository.js';
import { ConflictsRepository } from './conflicts.repository.js';
import { VotesRepository } from './votes.repository.js';
import { CouncilViews } from './council-views.js';
import type { CouncilSession } from './entities/index.js';
import { electionOpen } from './elections.repository.js';
import { ElectionErrors } from './elections.service.js';
import { ProcedureService } from './procedure.service.js';
import { RemoteSittings } from './remote-sittings.service.js';
import { quorum, voteResult, voteSnapshot } from './rules.js';
import { SittingChanges } from './sitting-changes.service.js';
import { SittingSteps } from './sitting-steps.js';

/**
 * The votes of a sitting: opened with the quorum and the base fixed (ЗМСМА чл. 27), ballots
 * cast — one's own, or the clerk's hall entry — and closed with the result counted again at
 * that moment and, for a council's decision, a number in the register. Each step runs under the
 * sitting's lock with its audit line; the live events go out after the commit.
 */
@Injectable()
export class CouncilVotes {
  private readonly logger = new Logger('CouncilVotes');

  constructor(
    private readonly bodiesRepo: BodiesRepository,
    private readonly sittingsRepo: SittingsRepository,
    private readonly decisionsRepo: DecisionsRepository,
    private readonly attendanceRepo: AttendanceRepository,
    private readonly conflictsRepo: ConflictsRepository,
    private readonly votesRepo: VotesRepository,
    private readonly views: CouncilViews,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
    private readonly steps: SittingSteps,
    private readonly procedure: ProcedureService,
    private readonly remote: RemoteSittings,
    private readonly changes: SittingChanges,
    private readonly access: AccessService,
  ) {}

  async getVote(actor: AuthUser, id: string): Promise<VoteView> {
    await this.access.requireAccess(actor, 'council.vote.read', id);
    return this.views.vote((await this.votesRepo.vote(id))!, actor.id);
  }

  /** Opens a vote of any kind (`{ itemId }` alone: the item's decision); see ProcedureService.plan. */
  async openVote(actor: AuthUser, id: string, input: OpenVoteInput): Promise<VoteView> {
    await this.access.requireAccess(actor, 'council.vote.open', id);
    const { version, result: voteId } = await this.steps.change(id, async (s, em) => {
      if (s.status !== 'open') throw CouncilErrors.sessionNotOpen('The session is not open');
      const plan = await this.procedure.plan(s, input, em);
      const itemId = plan.itemId;
      if ((await this.votesRepo.openVotes(id, em)).length) throw CouncilErrors.voteOpen('Another vote is open');
      if (await electionOpen(id, em)) throw ElectionErrors.electionOpen('An election round is open');
      // A decision taken stands (numbered in the register); changing it is a new item.
      if (plan.item && plan.kind !== 'agenda_change' && (await this.decisionsRepo.itemAdopted(plan.item.id, em)))
        throw CouncilErrors.alreadyDecided('A decision on this item was adopted');
      const atOpen = await this.snapshot(s, itemId, plan.majority, em);
      const q = quorum(atOpen.seats, atOpen.present);
      if (!q.reached) throw CouncilErrors.noQuorum('There is no quorum', { quorum: q });
      // A remote sitting takes every open vote by name (ЗМСМА чл. 28а: personal voting shown on the video).
      const item = { voteMode: await this.remote.voteMode(id, plan.mode, em), majority: plan.majority };
      const voteId = await this.votesRepo.insertVote(
        {
          sessionId: id,
          itemId,
          kind: plan.kind,
          label: plan.label,
          text: plan.text,
          motion: plan.motion,
          change: plan.change,
          proposerId: plan.proposerId,
          mode: item.voteMode,
          majority: item.majority,
          openedBy: actor.id,
          atOpen,
          // A secret vote's HMAC key: lives only while the vote is open.
          secretKey: item.voteMode === 'secret' ? newBallotKey() : null,
        },
        em,
      );
      return {
        result: voteId,
        audit: [
          {
            actorId: actor.id,
            action: 'council.vote.opened',
            targetType: 'council_vote',
            targetId: voteId,
            details: {
              sessionId: id,
              itemId,
              kind: plan.kind,
              label: plan.label,
              mode: item.voteMode,
              majority: item.majority,
              quorum: q,
              atOpen,
            },
          },
        ],
      };
    });
    const vote = (await this.votesRepo.vote(voteId))!;
    const view = await this.views.vote(vote);
    // Also to the members present, wherever they are in the portal: a vote waits for them
    // (their browser raises a notification when the tab is in the background).
    await this.publishVote('council.vote.opened', id, version, view, await this.attendanceRepo.presentMemberIds(id));
    return this.views.vote(vote, actor.id);
  }

  /**
   * A member's own ballot, or — `userId` given — the clerk recording a hand vote or a roll
   * call taken in the hall, member by member (not for secret votes).
   */
  async ballot(actor: AuthUser, voteId: string, input: BallotRequest): Promise<VoteView> {
    const voterId = input.userId ?? actor.id;
    const byClerk = voterId !== actor.id;
    await this.access.requireAccess(actor, byClerk ? 'council.vote.castFor' : 'council.vote.castOwn', voteId);
    const { sessionId: sittingId } = (await this.votesRepo.vote(voteId))!;
    const { version } = await this.steps.change(sittingId, async (s, em) => {
      const vote = (await this.votesRepo.vote(voteId, em))!;
      if (vote.status !== 'open') throw CouncilErrors.voteClosed('The vote is closed');
      if (s.status !== 'open') throw CouncilErrors.sessionNotOpen('The session is not open');
      if (byClerk && vote.mode === 'secret')
        throw CommonErrors.forbidden('Nobody casts a secret ballot for someone else');
      if (!(await this.bodiesRepo.isMember(s.bodyId, voterId, em, s.mandateId)))
        throw CouncilErrors.notAMember('Only members of the body vote');
      const present = await this.attendanceRepo.attendanceOf(sittingId, voterId, em);
      if (!present?.present) throw CouncilErrors.notPresent('Register the attendance first');
      await this.remote.requireIdentified(sittingId, voterId, em);
      await this.steps.requireNoConflict(vote.itemId, voterId, em);
      let details: Record<string, unknown>;
      let action = 'council.ballot.cast';
      if (vote.mode === 'secret') {
        // The last ballot counts: the HMAC finds (and replaces) the member's earlier one.
        const key = await this.votesRepo.secretKey(voteId, em);
        if (!key) throw CouncilErrors.voteClosed('The vote is closed');
        await this.votesRepo.castSecretBallot(voteId, voterId, voterKey(key, voterId), input.choice, em);
        // Never the choice: the audit log must not reveal how anyone voted in secret.
        details = { sessionId: sittingId };
      } else {
        const before = await this.votesRepo.ballotOf(voteId, voterId, em);
        if (byClerk && before) {
          // A member's electronic ballot is theirs: the clerk's hall entry never replaces it.
          if (before.recordedBy === voterId)
            throw CouncilErrors.ownBallot('The member has cast their own ballot', {
              userId: voterId,
            });
          if (!input.reason)
            throw CouncilErrors.reasonRequired('Correcting a hall entry needs a reason', {
              issues: [{ path: ['reason'], message: 'required to change an entry' }],
            });
          action = 'council.ballot.corrected';
        }
        await this.votesRepo.castBallot(voteId, voterId, input.choice, actor.id, em);
        // Open and roll-call votes are public: the trail keeps each choice, before and after
        // (under `vote`: the audit log blanks any key named like choice or ballot, a guard
        // for secret votes).
        details = {
          sessionId: sittingId,
          ...(byClerk ? { recordedFor: voterId } : {}),
          vote: input.choice,
          before: before ? { vote: before.choice, recordedBy: before.recordedBy } : null,
          ...(input.reason ? { reason: input.reason } : {}),
        };
      }
      return {
        result: undefined,
        audit: [{ actorId: actor.id, action, targetType: 'council_vote', targetId: voteId, details }],
      };
    });
    const vote = (await this.votesRepo.vote(voteId))!;
    await this.publishVote('council.vote.updated', sittingId, version, await this.views.vote(vote));
    return this.views.vote(vote, voterId);
  }

  async closeVote(actor: AuthUser, voteId: string): Promise<VoteView> {
    await this.access.requireAccess(actor, 'council.vote.close', voteId);
    const { sessionId: sittingId } = (await this.votesRepo.vote(voteId))!;
    const { version, result: changed } = await this.steps.change(sittingId, async (s, em) => {
      const vote = (await this.votesRepo.vote(voteId, em))!;
      if (vote.status !== 'open') throw CouncilErrors.voteClosed('The vote is already closed');
      // Lawful at the moment it is decided (ЗМСМА чл. 27, ал. 2): the quorum is counted again
      // now. The ballots are those of members present now: a member who checked out lost theirs
      // (`dropBallots`), and a conflicted member never had one.
      const base = await this.base(s, vote.itemId, em);
      const counts = await this.votesRepo.counts(vote, em);
      const result = voteResult({
        majority: vote.majority,
        seats: base.seats,
        present: base.presentIds.length,
        entitled: base.entitledIds.length,
        counts,
      });
      if (vote.mode === 'secret') await this.votesRepo.sealSecretBallots(voteId, em);
      await this.votesRepo.closeVote(voteId, result, em);
      // The council's register: an adopted draft gets the next number; one not adopted is
      // recorded without. A committee gives an opinion (становище), kept with its item only.
      const body = (await this.bodiesRepo.body(s.bodyId, em))!;
      let decision: { id: string; number: number | null } | null = null;
      // Only the decision vote makes an entry (amendments and motions stay in the votes).
      if (body.kind === 'council' && vote.kind === 'decision' && vote.itemId) {
        const item = (await this.sittingsRepo.item(sittingId, vote.itemId, em))!;
        decision = await this.decisionsRepo.insertDecision(
          {
            bodyId: body.id,
            mandateId: s.mandateId,
            voteId,
            sessionId: sittingId,
            itemId: item.id,
            outcome: result.outcome,
            title: item.title,
            // The draft as amended, when the chair put it so; else the item's draft.
            text: vote.text ?? item.draftDecision,
            protocolNumber: s.number,
            decidedAt: new Date(),
            result: { ...result, majority: vote.majority, voteMode: vote.mode },
          },
          em,
        );
      }
      const procedural = await this.procedure.afterClose(actor, s, vote, result, em);
      return {
        sets: procedural,
        result: Object.keys(procedural).length > 0 || vote.kind === 'agenda_change' || vote.motion === 'postpone',
        audit: [
          {
            actorId: actor.id,
            action: 'council.vote.closed',
            targetType: 'council_vote',
            targetId: voteId,
            details: {
              sessionId: sittingId,
              itemId: vote.itemId,
              mode: vote.mode,
              majority: vote.majority,
              result,
              decision: decision && { id: decision.id, number: decision.number },
            },
          },
        ],
      };
    });
    const vote = (await this.votesRepo.vote(voteId))!;
    const view = await this.views.vote(vote);
    await this.publishVote('council.vote.closed', sittingId, version, view);
    // The agenda or the sitting changed by the vote: the sitting update carries it.
    if (changed) await this.steps.sittingChanged((await this.sittingsRepo.sitting(sittingId))!, 'procedure');
    // An item added or withdrawn at the sitting is announced to the members (issue 15, part 8).
    if (vote.kind === 'agenda_change' && vote.result?.outcome === 'adopted')
      await this.changes
        .announce(actor, sittingId)
        .catch((err: unknown) => this.logger.error({ err }, 'agenda change not announced'));
    if (vote.motion === 'close_debate' && vote.result?.outcome === 'adopted')
      await this.steps.speakersChanged(sittingId, version);
    return this.views.vote(vote, actor.id);
  }

  // --- helpers --------------------------------------------------------------------------

  /**
   * The base of a vote on an item now: the sitting's seats (fixed at its opening), the members
   * present, and those of them entitled to vote on the item (no declared conflict).
   */
  private async base(
    s: CouncilSession,
    itemId: string | null,
    em: EntityManager,
  ): Promise<{ seats: number; presentIds: string[]; entitledIds: string[] }> {
    const [presentIds, conflicts] = await Promise.all([
      this.attendanceRepo.presentMemberIds(s.id, em),
      this.conflictsRepo.conflicts(s.id, em),
    ]);
    const conflicted = new Set(conflicts.filter((c) => c.itemId === itemId).map((c) => c.userId));
    const seats = await this.bodiesRepo.seatsOf(s, em);
    return { seats, presentIds, entitledIds: presentIds.filter((u) => !conflicted.has(u)) };
  }

  private async snapshot(s: CouncilSession, itemId: string | null, majority: Majority, em: EntityManager) {
    const base = await this.base(s, itemId, em);
    return voteSnapshot({
      majority,
      seats: base.seats,
      present: base.presentIds.length,
      entitled: base.entitledIds.length,
      counts: { for: 0, against: 0, abstain: 0 },
    });
  }

  /**
   * Takes a leaving member's ballots out of the session's open votes, inside the caller's
   * transaction (CouncilAttendance); the votes touched.
   */
  async dropBallots(actor: AuthUser, sittingId: string, userId: string, em: EntityManager): Promise<string[]> {
    const touched: string[] = [];
    for (const vote of await this.votesRepo.openVotes(sittingId, em)) {
      let details: Record<string, unknown> | null = null;
      if (vote.mode === 'secret') {
        const key = await this.votesRepo.secretKey(vote.id, em);
        if (key && (await this.votesRepo.dropSecretBallot(vote.id, userId, voterKey(key, userId), em)))
          details = { sessionId: sittingId, userId, reason: 'checked_out' };
      } else {
        const choice = await this.votesRepo.dropBallot(vote.id, userId, em);
        if (choice) details = { sessionId: sittingId, userId, reason: 'checked_out', before: { vote: choice } };
      }
      if (!details) continue;
      touched.push(vote.id);
      await this.audit.record(
        { actorId: actor.id, action: 'council.ballot.dropped', targetType: 'council_vote', targetId: vote.id, details },
        em,
      );
    }
    return touched;
  }

  /** A vote's event to the sitting's watchers (and `users`); the public one only when the vote is public. */
  async publishVote(
    event: 'council.vote.opened' | 'council.vote.updated' | 'council.vote.closed',
    sittingId: string,
    version: number,
    vote: VoteView,
    users: string[] = [],
  ): Promise<void> {
    // The public picture: no `mine`, and a secret vote shows only how many voted until it closes;
    // nothing of a closed-door sitting's or item's votes (closed-door.ts).
    const open = publicAbout(await closedScope(this.sittingsRepo, sittingId), vote.itemId);
    this.bus.publish(
      event,
      { sessionId: sittingId, version, vote },
      { councilSessions: [sittingId], users },
      { public: open },
    );
  }
}
