import { Injectable, Logger } from '@nestjs/common';
import type {
  AttendanceRequest,
  BallotRequest,
  ConflictRequest,
  CouncilSessionStatus,
  CouncilSessionSummary,
  CouncilSessionView,
  CreateCouncilSessionRequest,
  SpeakerRequest as SpeakerRequestInput,
  SpeakerView,
  VoteView,
} from '@egov-box/contracts';
import { AppError, AuditService, EventBus, type AuthUser } from '@egov-box/platform';
import { MeetingsService } from '@egov-box/schedule';
import type { EntityManager } from 'typeorm';
import { COUNCIL_ERRORS } from './council.errors.js';
import { CouncilRepository, isUniqueViolation } from './council.repository.js';
import { CouncilViews } from './council-views.js';
import type { CouncilSession } from './entities/index.js';
import { voteResult } from './rules.js';

const CLERKS = ['clerk', 'admin'] as const;
const isClerk = (u: AuthUser) => u.roles.some((r) => (CLERKS as readonly string[]).includes(r));
const isChair = (u: AuthUser) => u.roles.includes('council_chair');
/** Who sees sessions still in draft. */
const seesDrafts = (u: AuthUser) => isClerk(u) || isChair(u);

type Transition = 'publish' | 'open' | 'pause' | 'resume' | 'close';
const TRANSITIONS: Record<Transition, { from: CouncilSessionStatus[]; to: CouncilSessionStatus }> = {
  publish: { from: ['draft'], to: 'published' },
  open: { from: ['published'], to: 'open' },
  pause: { from: ['open'], to: 'paused' },
  resume: { from: ['paused'], to: 'open' },
  close: { from: ['open', 'paused'], to: 'closed' },
};

/**
 * Council sessions: the law's procedure. Every change locks the session row, checks the
 * state, writes, raises the version and records the audit line in one transaction; the
 * live events go out after the commit.
 */
@Injectable()
export class CouncilService {
  private readonly logger = new Logger('Council');

  constructor(
    private readonly repo: CouncilRepository,
    private readonly views: CouncilViews,
    private readonly meetings: MeetingsService,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
  ) {}

  // --- reading --------------------------------------------------------------------------

  async list(actor: AuthUser): Promise<CouncilSessionSummary[]> {
    const rows = await this.repo.sessions({ includeDrafts: seesDrafts(actor) });
    return rows.map((s) => this.views.summary(s));
  }

  async get(actor: AuthUser, id: string): Promise<CouncilSessionView> {
    const s = await this.visible(actor, id);
    return this.views.session(s, actor.id);
  }

  async publicList(): Promise<CouncilSessionSummary[]> {
    return (await this.repo.sessions({ includeDrafts: false })).map((s) => this.views.summary(s));
  }

  async publicGet(id: string): Promise<CouncilSessionView> {
    const s = await this.repo.session(id);
    if (!s || s.status === 'draft') throw AppError.notFound('Council session');
    return this.views.session(s);
  }

  /** Whether a socket may watch the session (`null` = anonymous, on `/public`). */
  async mayWatch(actor: AuthUser | null, id: string): Promise<boolean> {
    const s = await this.repo.session(id);
    if (!s) return false;
    return s.status !== 'draft' || (actor !== null && seesDrafts(actor));
  }

  async getVote(actor: AuthUser, id: string): Promise<VoteView> {
    const v = await this.repo.vote(id);
    if (!v) throw AppError.notFound('Vote');
    await this.visible(actor, v.sessionId);
    return this.views.vote(v, actor.id);
  }

  async speakers(actor: AuthUser, sessionId: string): Promise<SpeakerView[]> {
    await this.visible(actor, sessionId);
    return this.views.speakers(await this.repo.speakers(sessionId));
  }

  private async visible(actor: AuthUser, id: string): Promise<CouncilSession> {
    const s = await this.repo.session(id);
    if (!s || (s.status === 'draft' && !seesDrafts(actor))) throw AppError.notFound('Council session');
    return s;
  }

  // --- sessions -------------------------------------------------------------------------

  async create(actor: AuthUser, input: CreateCouncilSessionRequest): Promise<CouncilSessionView> {
    const chamberId = await this.repo.chamberId();
    if (!chamberId) throw AppError.conflict(COUNCIL_ERRORS.noChamber, 'There is no council chamber');
    const memberIds = await this.repo.memberIds();
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    const id = await this.meetings.transaction(async (tx) => {
      const [meetingId] = await tx.create([
        {
          spaceId: chamberId,
          kind: 'council_session',
          title: input.title,
          description: input.description ?? null,
          organizerId: actor.id,
          startsAt,
          endsAt,
          inviteeIds: memberIds,
        },
      ]);
      const number = await this.repo.nextNumber(tx.em);
      const sessionId = await this.repo.insertSession(
        {
          number,
          title: input.title,
          description: input.description ?? null,
          meetingId: meetingId!,
          spaceId: chamberId,
          startsAt,
          endsAt,
          status: 'draft',
          createdBy: actor.id,
        },
        input.agenda.map((item, i) => ({
          position: i + 1,
          title: item.title,
          rapporteur: item.rapporteur ?? null,
          legalBasis: item.legalBasis ?? null,
          voteMode: item.voteMode,
          majority: item.majority,
        })),
        tx.em,
      );
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'council.session.created',
          targetType: 'council_session',
          targetId: sessionId,
          details: { number, title: input.title, items: input.agenda.length, meetingId },
        },
        tx.em,
      );
      return sessionId;
    });
    return this.views.session((await this.repo.session(id))!, actor.id);
  }

  /** publish (clerk), open/pause/resume/close (chair). */
  async transition(actor: AuthUser, id: string, step: Transition): Promise<CouncilSessionView> {
    const rule = TRANSITIONS[step];
    const s = await this.repo.transaction(async (em) => {
      const s = await this.lock(id, em);
      if (!rule.from.includes(s.status))
        throw AppError.conflict(COUNCIL_ERRORS.invalidTransition, `Cannot ${step} a session that is ${s.status}`, {
          status: s.status,
        });
      if ((step === 'pause' || step === 'close') && (await this.repo.openVotes(id, em)).length)
        throw AppError.conflict(COUNCIL_ERRORS.voteOpen, 'Close the open vote first');
      const changes: Partial<CouncilSession> = { status: rule.to };
      if (step === 'open') {
        changes.openedAt = new Date();
        if (!s.currentItemId) changes.currentItemId = (await this.repo.items(id, em))[0]?.id ?? null;
      }
      if (step === 'close') {
        changes.closedAt = new Date();
        await this.repo.finishSpeaking(id, em);
      }
      await this.repo.bump(id, changes, em);
      const q = await this.views.quorum(id, em);
      await this.audit.record(
        {
          actorId: actor.id,
          action: `council.session.${step}`,
          targetType: 'council_session',
          targetId: id,
          details: { from: s.status, to: rule.to, quorum: q },
        },
        em,
      );
      return (await this.repo.session(id, em))!;
    });
    this.sessionChanged(s, step);
    if (step === 'resume' || step === 'open') void this.attendanceChanged(s.id, s.version, null, null);
    return this.views.session(s, actor.id);
  }

  async activateItem(actor: AuthUser, id: string, itemId: string): Promise<CouncilSessionView> {
    const s = await this.repo.transaction(async (em) => {
      const s = await this.lock(id, em);
      if (s.status !== 'open' && s.status !== 'paused')
        throw AppError.conflict(COUNCIL_ERRORS.sessionNotOpen, 'The session is not open');
      if (!(await this.repo.item(id, itemId, em))) throw AppError.notFound('Agenda item');
      if ((await this.repo.openVotes(id, em)).length)
        throw AppError.conflict(COUNCIL_ERRORS.voteOpen, 'Close the open vote first');
      await this.repo.finishSpeaking(id, em);
      await this.repo.bump(id, { currentItemId: itemId }, em);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'council.item.activated',
          targetType: 'council_session',
          targetId: id,
          details: { itemId },
        },
        em,
      );
      return (await this.repo.session(id, em))!;
    });
    this.sessionChanged(s, 'item');
    return this.views.session(s, actor.id);
  }

  // --- attendance -----------------------------------------------------------------------

  async attendance(actor: AuthUser, id: string, input: AttendanceRequest): Promise<CouncilSessionView> {
    const userId = input.userId ?? actor.id;
    if (userId !== actor.id && !isClerk(actor))
      throw AppError.forbidden('Only the clerk registers other members', 'forbidden');
    if (!(await this.repo.isMember(userId)))
      throw AppError.badRequest(COUNCIL_ERRORS.notAMember, 'Only members of the council are registered');
    const result = await this.repo.transaction(async (em) => {
      const s = await this.lock(id, em);
      if (!['published', 'open', 'paused'].includes(s.status))
        throw AppError.conflict(COUNCIL_ERRORS.sessionNotOpen, `Attendance is not taken in a ${s.status} session`);
      await this.repo.setAttendance(id, userId, input.present, actor.id, em);
      const version = await this.repo.bump(id, {}, em);
      await this.audit.record(
        {
          actorId: actor.id,
          action: input.present ? 'council.attendance.checked_in' : 'council.attendance.checked_out',
          targetType: 'council_session',
          targetId: id,
          details: { userId, byClerk: userId !== actor.id },
        },
        em,
      );
      return { s, version };
    });
    await this.attendanceChanged(id, result.version, userId, input.present);
    return this.views.session((await this.repo.session(id))!, actor.id);
  }

  // --- conflicts ------------------------------------------------------------------------

  async declareConflict(
    actor: AuthUser,
    id: string,
    itemId: string,
    input: ConflictRequest,
  ): Promise<CouncilSessionView> {
    const s = await this.repo.transaction(async (em) => {
      const s = await this.lock(id, em);
      if (s.status === 'closed') throw AppError.conflict(COUNCIL_ERRORS.sessionClosed, 'The session is closed');
      if (!(await this.repo.item(id, itemId, em))) throw AppError.notFound('Agenda item');
      if (await this.repo.votedOnOpenVote(itemId, actor.id, em))
        throw AppError.conflict(COUNCIL_ERRORS.alreadyVoted, 'You have already voted on this item');
      await this.repo.declareConflict(id, itemId, actor.id, input.reason, em);
      await this.repo.bump(id, {}, em);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'council.conflict.declared',
          targetType: 'council_agenda_item',
          targetId: itemId,
          details: { sessionId: id },
        },
        em,
      );
      return (await this.repo.session(id, em))!;
    });
    this.sessionChanged(s, 'conflict');
    return this.views.session(s, actor.id);
  }

  // --- votes ----------------------------------------------------------------------------

  async openVote(actor: AuthUser, id: string, itemId: string): Promise<VoteView> {
    const { voteId, version } = await this.repo.transaction(async (em) => {
      const s = await this.lock(id, em);
      if (s.status !== 'open') throw AppError.conflict(COUNCIL_ERRORS.sessionNotOpen, 'The session is not open');
      const item = await this.repo.item(id, itemId, em);
      if (!item) throw AppError.notFound('Agenda item');
      if (s.currentItemId !== itemId)
        throw AppError.conflict(COUNCIL_ERRORS.notCurrentItem, 'Votes are taken on the current item only', {
          currentItemId: s.currentItemId,
        });
      if ((await this.repo.openVotes(id, em)).length)
        throw AppError.conflict(COUNCIL_ERRORS.voteOpen, 'Another vote is open');
      const q = await this.views.quorum(id, em);
      if (!q.reached) throw AppError.conflict(COUNCIL_ERRORS.noQuorum, 'There is no quorum', { quorum: q });
      let voteId: string;
      try {
        voteId = await this.repo.insertVote(
          { sessionId: id, itemId, mode: item.voteMode, majority: item.majority, openedBy: actor.id },
          em,
        );
      } catch (err) {
        if (isUniqueViolation(err)) throw AppError.conflict(COUNCIL_ERRORS.voteOpen, 'Another vote is open');
        throw err;
      }
      const version = await this.repo.bump(id, {}, em);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'council.vote.opened',
          targetType: 'council_vote',
          targetId: voteId,
          details: { sessionId: id, itemId, mode: item.voteMode, majority: item.majority, quorum: q },
        },
        em,
      );
      return { voteId, version };
    });
    const vote = (await this.repo.vote(voteId))!;
    const view = await this.views.vote(vote);
    this.publishVote('council.vote.opened', id, version, view);
    return this.views.vote(vote, actor.id);
  }

  /**
   * A member's own ballot, or — `userId` given — the clerk recording a hand vote or a roll
   * call taken in the hall, member by member (not for secret votes).
   */
  async ballot(actor: AuthUser, voteId: string, input: BallotRequest): Promise<VoteView> {
    const voterId = input.userId ?? actor.id;
    const byClerk = voterId !== actor.id;
    if (byClerk && !isClerk(actor)) throw AppError.forbidden('Only the clerk records ballots for others', 'forbidden');
    if (!byClerk && !actor.roles.includes('councillor'))
      throw AppError.forbidden('Only members of the council vote', COUNCIL_ERRORS.notAMember);
    const first = await this.repo.vote(voteId);
    if (!first) throw AppError.notFound('Vote');
    const sessionId = first.sessionId;
    const version = await this.repo
      .transaction(async (em) => {
        const s = await this.lock(sessionId, em);
        const vote = (await this.repo.vote(voteId, em))!;
        if (vote.status !== 'open') throw AppError.conflict(COUNCIL_ERRORS.voteClosed, 'The vote is closed');
        if (s.status !== 'open') throw AppError.conflict(COUNCIL_ERRORS.sessionNotOpen, 'The session is not open');
        if (byClerk && vote.mode === 'secret')
          throw AppError.forbidden('Nobody casts a secret ballot for someone else', 'forbidden');
        if (!(await this.repo.isMember(voterId, em)))
          throw AppError.forbidden('Only members of the council vote', COUNCIL_ERRORS.notAMember);
        const present = await this.repo.attendanceOf(sessionId, voterId, em);
        if (!present?.present) throw AppError.forbidden('Register the attendance first', COUNCIL_ERRORS.notPresent);
        if (await this.repo.hasConflict(vote.itemId, voterId, em))
          throw AppError.forbidden(
            'A conflict of interest was declared on this item',
            COUNCIL_ERRORS.conflictOfInterest,
          );
        if (vote.mode === 'secret') {
          if (await this.repo.hasSecretVoter(voteId, voterId, em))
            throw AppError.conflict(COUNCIL_ERRORS.alreadyVoted, 'A secret ballot cannot be changed');
          await this.repo.castSecretBallot(voteId, voterId, input.choice, em);
        } else {
          await this.repo.castBallot(voteId, voterId, input.choice, em);
        }
        const version = await this.repo.bump(sessionId, {}, em);
        // Never the choice: the audit log must not reveal how anyone voted in secret.
        await this.audit.record(
          {
            actorId: actor.id,
            action: 'council.ballot.cast',
            targetType: 'council_vote',
            targetId: voteId,
            details: byClerk ? { sessionId, recordedFor: voterId } : { sessionId },
          },
          em,
        );
        return version;
      })
      .catch((err: unknown) => {
        if (isUniqueViolation(err))
          throw AppError.conflict(COUNCIL_ERRORS.alreadyVoted, 'A secret ballot cannot be changed');
        throw err;
      });
    const vote = (await this.repo.vote(voteId))!;
    this.publishVote('council.vote.updated', sessionId, version, await this.views.vote(vote));
    return this.views.vote(vote, voterId);
  }

  async closeVote(actor: AuthUser, voteId: string): Promise<VoteView> {
    const first = await this.repo.vote(voteId);
    if (!first) throw AppError.notFound('Vote');
    const sessionId = first.sessionId;
    const version = await this.repo.transaction(async (em) => {
      await this.lock(sessionId, em);
      const vote = (await this.repo.vote(voteId, em))!;
      if (vote.status !== 'open') throw AppError.conflict(COUNCIL_ERRORS.voteClosed, 'The vote is already closed');
      const [members, presentIds, counts, conflicts] = await Promise.all([
        this.repo.memberIds(em),
        this.repo.presentMemberIds(sessionId, em),
        this.repo.counts(vote, em),
        this.repo.conflicts(sessionId, em),
      ]);
      const conflicted = new Set(conflicts.filter((c) => c.itemId === vote.itemId).map((c) => c.userId));
      const result = voteResult({
        majority: vote.majority,
        members: members.length,
        present: presentIds.length,
        entitled: presentIds.filter((u) => !conflicted.has(u)).length,
        counts,
      });
      await this.repo.closeVote(voteId, result, em);
      const version = await this.repo.bump(sessionId, {}, em);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'council.vote.closed',
          targetType: 'council_vote',
          targetId: voteId,
          details: { sessionId, itemId: vote.itemId, mode: vote.mode, majority: vote.majority, result },
        },
        em,
      );
      return version;
    });
    const vote = (await this.repo.vote(voteId))!;
    const view = await this.views.vote(vote);
    this.publishVote('council.vote.closed', sessionId, version, view);
    return this.views.vote(vote, actor.id);
  }

  // --- speakers -------------------------------------------------------------------------

  async requestFloor(actor: AuthUser, id: string, input: SpeakerRequestInput): Promise<SpeakerView> {
    const { speakerId, version } = await this.repo.transaction(async (em) => {
      const s = await this.lock(id, em);
      if (s.status !== 'open') throw AppError.conflict(COUNCIL_ERRORS.sessionNotOpen, 'The session is not open');
      const pending = await this.repo.pendingSpeakers(id, actor.id, em);
      if (pending.some((p) => p.kind === input.kind && p.itemId === s.currentItemId))
        throw AppError.conflict(COUNCIL_ERRORS.alreadyRequested, 'You have already asked for the floor');
      const speakerId = await this.repo.insertSpeaker(
        { sessionId: id, itemId: s.currentItemId, userId: actor.id, kind: input.kind },
        em,
      );
      const version = await this.repo.bump(id, {}, em);
      return { speakerId, version };
    });
    await this.speakersChanged(id, version);
    return (await this.views.speakers([(await this.repo.speaker(speakerId))!]))[0]!;
  }

  async speakerStep(actor: AuthUser, speakerId: string, step: 'grant' | 'finish' | 'withdraw'): Promise<SpeakerView> {
    const first = await this.repo.speaker(speakerId);
    if (!first) throw AppError.notFound('Speaker request');
    if (step === 'withdraw' && first.userId !== actor.id && !isChair(actor))
      throw AppError.forbidden('Only the member who asked may withdraw', 'forbidden');
    const sessionId = first.sessionId;
    const version = await this.repo.transaction(async (em) => {
      const s = await this.lock(sessionId, em);
      const sp = (await this.repo.speaker(speakerId, em))!;
      const from = { grant: 'requested', finish: 'speaking', withdraw: 'requested' }[step];
      if (sp.status !== from)
        throw AppError.conflict(COUNCIL_ERRORS.invalidSpeakerState, `The request is ${sp.status}`, {
          status: sp.status,
        });
      if (step === 'grant') {
        if (s.status !== 'open') throw AppError.conflict(COUNCIL_ERRORS.sessionNotOpen, 'The session is not open');
        await this.repo.finishSpeaking(sessionId, em);
        await this.repo.updateSpeaker(speakerId, { status: 'speaking', grantedAt: new Date() }, em);
      } else if (step === 'finish') {
        await this.repo.updateSpeaker(speakerId, { status: 'finished', finishedAt: new Date() }, em);
      } else {
        await this.repo.updateSpeaker(speakerId, { status: 'withdrawn' }, em);
      }
      const version = await this.repo.bump(sessionId, {}, em);
      if (step !== 'withdraw' || isChair(actor))
        await this.audit.record(
          {
            actorId: actor.id,
            action: `council.speaker.${step}`,
            targetType: 'council_speaker',
            targetId: speakerId,
            details: { sessionId, userId: sp.userId, kind: sp.kind },
          },
          em,
        );
      return version;
    });
    await this.speakersChanged(sessionId, version);
    return (await this.views.speakers([(await this.repo.speaker(speakerId))!]))[0]!;
  }

  // --- helpers --------------------------------------------------------------------------

  private async lock(id: string, em: EntityManager): Promise<CouncilSession> {
    const s = await this.repo.lockSession(id, em);
    if (!s) throw AppError.notFound('Council session');
    return s;
  }

  private sessionChanged(s: CouncilSession, change: string): void {
    this.bus.publish(
      'council.session.updated',
      { ...this.views.summary(s), sessionId: s.id, change },
      { councilSessions: [s.id] },
      { public: s.status !== 'draft' },
    );
  }

  private async attendanceChanged(
    sessionId: string,
    version: number,
    userId: string | null,
    present: boolean | null,
  ): Promise<void> {
    try {
      const q = await this.views.quorum(sessionId);
      const member = userId ? (await this.repo.names([userId])).get(userId) : undefined;
      this.bus.publish(
        'council.attendance.updated',
        {
          sessionId,
          version,
          member: member ?? null,
          present,
          quorum: q,
        },
        { councilSessions: [sessionId] },
        { public: true },
      );
    } catch (err) {
      this.logger.error({ err }, 'attendance event not sent');
    }
  }

  private publishVote(
    event: 'council.vote.opened' | 'council.vote.updated' | 'council.vote.closed',
    sessionId: string,
    version: number,
    vote: VoteView,
  ): void {
    // The public picture: no `mine`, and a secret vote shows only how many voted until it closes.
    this.bus.publish(event, { sessionId, version, vote }, { councilSessions: [sessionId] }, { public: true });
  }

  private async speakersChanged(sessionId: string, version: number): Promise<void> {
    try {
      const speakers = await this.views.speakers(await this.repo.speakers(sessionId));
      this.bus.publish(
        'council.speakers.updated',
        { sessionId, version, speakers },
        { councilSessions: [sessionId] },
        { public: true },
      );
    } catch (err) {
      this.logger.error({ err }, 'speakers event not sent');
    }
  }
}
