import { DirectoryReader } from '@egov-box/directory';
import { newBallotKey, voterKey } from './ballot-secrecy.js';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type {
  AttendanceRequest,
  BulkAttendanceRequest,
  BulkAttendanceResult,
  BallotRequest,
  ConflictRequest,
  Majority,
  OpenVoteInput,
  CouncilSessionStatus,
  CouncilSessionSummary,
  CouncilSessionView,
  CreateCouncilSessionRequest,
  UpdateCouncilSessionRequest,
  VoteView,
} from '@egov-box/contracts';
import { recordingChapters } from '@egov-box/contracts';
import { AccessService, AppError, AuditService, EventBus, type AuthUser, CommonErrors } from '@egov-box/platform';
import { MeetingsService } from '@egov-box/schedule';
import type { EntityManager } from 'typeorm';
import { ANYONE, seesDrafts, councilChairId } from './council-access.js';
import { CouncilErrors } from './council.errors.js';
import { CouncilRepository } from './council.repository.js';
import { CouncilVideo } from './council-video.service.js';
import { closedScope, publicAbout, publicSittingView, publicSummary } from './closed-door.js';
import { CouncilViews, takenUpAt } from './council-views.js';
import type { CouncilSession } from './entities/index.js';
import { requireLawfulAgenda } from './agenda-subject.js';
import { chaptersVtt } from './chapters-vtt.js';
import { SittingSteps } from './sitting-steps.js';
import { quorum, sofiaDay, voteResult, voteSnapshot } from './rules.js';
import { electionOpen } from './elections.repository.js';
import { ElectionsService, ElectionErrors } from './elections.service.js';
import { ProcedureService } from './procedure.service.js';
import { SittingChanges } from './session-changes.service.js';
import { RemoteSittings } from './remote-sittings.service.js';

type Transition = 'publish' | 'open' | 'pause' | 'resume' | 'close';

/** One member's attendance change: the sitting's version after it and the ballots it dropped. */
type AttendanceStep = { userId: string; version: number; dropped: string[] };

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
export class CouncilService implements OnModuleInit {
  private readonly logger = new Logger('Council');

  constructor(
    private readonly repo: CouncilRepository,
    private readonly directory: DirectoryReader,
    private readonly views: CouncilViews,
    private readonly meetings: MeetingsService,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
    private readonly video: CouncilVideo,
    private readonly steps: SittingSteps,
    private readonly elections: ElectionsService,
    private readonly remote: RemoteSittings,
    private readonly procedure: ProcedureService,
    private readonly changes: SittingChanges,
    private readonly access: AccessService,
  ) {}

  onModuleInit(): void {
    // A session's meeting holds the room and fills the members' calendars; it moves, and
    // ends, only with the session (a draft through PATCH, never once published).
    for (const kind of ['council_session', 'committee_meeting'] as const)
      this.meetings.registerManagedKind(kind, () =>
        CouncilErrors.managedByCouncil(
          'A council or committee meeting changes only through its session (/api/council/sessions/:id)',
        ),
      );
  }

  // --- reading --------------------------------------------------------------------------

  async list(actor: AuthUser): Promise<CouncilSessionSummary[]> {
    await this.access.requireAccess(actor, 'council.sitting.read');
    const rows = await this.repo.sessions({ includeDrafts: seesDrafts(actor) });
    return this.views.summaries(rows);
  }

  async get(actor: AuthUser, id: string): Promise<CouncilSessionView> {
    await this.access.requireAccess(actor, 'council.sitting.read', id);
    const s = (await this.repo.session(id))!;
    return this.views.session(s, actor.id);
  }

  async publicList(): Promise<CouncilSessionSummary[]> {
    await this.access.requireAccess(ANYONE, 'council.sitting.read');
    return (await this.views.summaries(await this.repo.sessions({ includeDrafts: seesDrafts(ANYONE) }))).map(
      publicSummary,
    );
  }

  async publicGet(id: string): Promise<CouncilSessionView> {
    await this.access.requireAccess(ANYONE, 'council.sitting.read', id);
    const s = (await this.repo.session(id))!;
    // Where it meets, for citizens (the embeddable view's "next sitting"); not part of the minutes.
    const [view, place] = await Promise.all([this.views.session(s), this.directory.spaceName(s.spaceId)]);
    // A closed-door sitting or item: what stays public of it (ЗМСМА чл. 28, closed-door.ts).
    return { ...publicSittingView(view), place };
  }

  /**
   * The chapters of a published sitting's complete recording as WebVTT (404 for a draft, an
   * unknown recording, or one not complete): from the stored takings, never recomputed.
   */
  async publicChapters(id: string, recordingId: string): Promise<string> {
    await this.access.requireAccess(ANYONE, 'council.sitting.read', id);
    const r = (await this.repo.recordings(id)).find((x) => x.id === recordingId);
    if (!r || r.status !== 'complete' || !r.endedAt) throw AppError.notFound('Recording');
    const [items, takings] = await Promise.all([this.repo.items(id), this.repo.takings(id)]);
    const taken = items.map((i) => ({ ...i, takenUpAt: takenUpAt(takings, i.id) }));
    const duration = (new Date(r.endedAt).getTime() - new Date(r.startedAt).getTime()) / 1000;
    return chaptersVtt(recordingChapters(this.views.recording(r), taken), duration);
  }

  /** Whether a socket may watch the session (`null` = anonymous, on `/public`). */
  async mayWatch(actor: AuthUser | null, id: string): Promise<boolean> {
    return (await this.access.allowed(actor ?? ANYONE, 'council.sitting.read', [id])).has(id);
  }

  /** The sitting's version as it is now (its next event carries a greater one); asked after {@link mayWatch}. */
  async versionOf(id: string): Promise<number> {
    return (await this.repo.session(id))?.version ?? 0;
  }

  async getVote(actor: AuthUser, id: string): Promise<VoteView> {
    await this.access.requireAccess(actor, 'council.vote.read', id);
    return this.views.vote((await this.repo.vote(id))!, actor.id);
  }

  // --- sessions -------------------------------------------------------------------------

  async create(actor: AuthUser, input: CreateCouncilSessionRequest): Promise<CouncilSessionView> {
    await this.access.requireAccess(actor, 'council.sitting.prepare');
    requireLawfulAgenda(input.agenda);
    const body = input.bodyId ? await this.repo.body(input.bodyId) : await this.repo.councilBody();
    if (!body) throw CouncilErrors.unknownBody('There is no such council body');
    let spaceId: string | null;
    if (input.spaceId) {
      spaceId = (await this.directory.spaceOfKind(input.spaceId, ['chamber', 'hall']))?.id ?? null;
      if (!spaceId) throw CouncilErrors.invalidSpace('A session meets in the council chamber or a meeting hall');
    } else {
      spaceId = await this.directory.firstSpaceOfKind('chamber');
      if (!spaceId) throw CouncilErrors.noChamber('There is no council chamber');
    }
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    const id = await this.meetings.transaction(async (tx) => {
      const [meetingId] = await tx.create([
        {
          spaceId: spaceId,
          kind: body.kind === 'council' ? 'council_session' : 'committee_meeting',
          title: input.title,
          description: input.description ?? null,
          organizerId: actor.id,
          startsAt,
          endsAt,
          // The members are invited when the clerk publishes: a draft is nobody's business
          // yet, not even in their calendars (the meeting holds the room meanwhile).
          inviteeIds: [],
        },
      ]);
      // Numbered within the mandate in force on the day it starts (fixed from now on).
      const mandateId = await this.repo.mandateIdOn(sofiaDay(startsAt), tx.em);
      const number = await this.repo.nextNumber(body.id, mandateId, tx.em);
      const sessionId = await this.repo.insertSession(
        {
          number,
          mandateId,
          bodyId: body.id,
          title: input.title,
          description: input.description ?? null,
          meetingId: meetingId!,
          spaceId: spaceId,
          startsAt,
          endsAt,
          status: 'draft',
          createdBy: actor.id,
          extraordinary: input.extraordinary,
          extraordinaryReason: input.extraordinary ? (input.extraordinaryReason ?? null) : null,
        },
        input.agenda.map((item, i) => ({
          position: i + 1,
          title: item.title,
          rapporteur: item.rapporteur ?? null,
          legalBasis: item.legalBasis ?? null,
          draftDecision: item.draftDecision ?? null,
          subject: item.subject,
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
          details: {
            number,
            bodyId: body.id,
            title: input.title,
            items: input.agenda.length,
            meetingId,
            extraordinary: input.extraordinary,
          },
        },
        tx.em,
      );
      return sessionId;
    }, actor);
    return this.views.session((await this.repo.session(id))!, actor.id);
  }

  /**
   * The clerk edits a draft: title, description, time (the meeting moves with it; a clash is
   * 409 `slot_taken`) and the agenda (add, remove, reorder). Once published: 409 `not_draft`.
   */
  async updateDraft(actor: AuthUser, id: string, input: UpdateCouncilSessionRequest): Promise<CouncilSessionView> {
    await this.access.requireAccess(actor, 'council.sitting.prepare', id);
    if (input.agenda) requireLawfulAgenda(input.agenda);
    const s = await this.meetings.transaction(async (tx) => {
      const s = await this.steps.lock(id, tx.em);
      if (s.status !== 'draft')
        throw CouncilErrors.notDraft('Only a draft is edited; publishing froze the agenda', {
          status: s.status,
        });
      const startsAt = input.startsAt ? new Date(input.startsAt) : new Date(s.startsAt);
      const endsAt = input.endsAt ? new Date(input.endsAt) : new Date(s.endsAt);
      if (endsAt.getTime() <= startsAt.getTime())
        throw CommonErrors.validationFailed('endsAt must be after startsAt', {
          issues: [{ path: ['endsAt'], message: 'endsAt must be after startsAt' }],
        });
      const changes: Partial<CouncilSession> = {};
      if (input.title !== undefined) changes.title = input.title;
      if (input.description !== undefined) changes.description = input.description ?? null;
      if (input.startsAt !== undefined || input.endsAt !== undefined) Object.assign(changes, { startsAt, endsAt });
      if (Object.keys(changes).length)
        await tx.change(
          { id: s.meetingId, spaceId: s.spaceId },
          {
            title: changes.title,
            description: changes.description,
            startsAt: changes.startsAt,
            endsAt: changes.endsAt,
          },
        );
      if (input.agenda) {
        const known = new Set((await this.repo.items(id, tx.em)).map((i) => i.id));
        const unknown = input.agenda.filter((i) => i.id && !known.has(i.id)).map((i) => i.id);
        if (unknown.length) throw CouncilErrors.unknownItem('Not an item of this session', { itemIds: unknown });
        await this.repo.replaceAgenda(
          id,
          input.agenda.map((item) => ({
            id: item.id,
            title: item.title,
            rapporteur: item.rapporteur ?? null,
            legalBasis: item.legalBasis ?? null,
            draftDecision: item.draftDecision ?? null,
            subject: item.subject,
            voteMode: item.voteMode,
            majority: item.majority,
          })),
          tx.em,
        );
      }
      if (input.extraordinary !== undefined) {
        changes.extraordinary = input.extraordinary;
        changes.extraordinaryReason = input.extraordinary ? (input.extraordinaryReason ?? null) : null;
      }
      await this.repo.bump(id, changes, tx.em);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'council.session.edited',
          targetType: 'council_session',
          targetId: id,
          details: { fields: Object.keys(input), items: input.agenda?.length ?? null },
        },
        tx.em,
      );
      return (await this.repo.session(id, tx.em))!;
    }, actor);
    await this.sessionChanged(s, 'edited');
    return this.views.session(s, actor.id);
  }

  /** publish (clerk), open/pause/resume/close (chair). */
  async transition(actor: AuthUser, id: string, step: Transition): Promise<CouncilSessionView> {
    await this.access.requireAccess(
      actor,
      step === 'publish' ? 'council.sitting.publish' : 'council.sitting.chair',
      id,
    );
    const rule = TRANSITIONS[step];
    let finished: string[] = [];
    const s = await this.meetings.transaction(async (tx) => {
      const em = tx.em;
      const s = await this.steps.lock(id, em);
      if (!rule.from.includes(s.status))
        throw CouncilErrors.invalidTransition(`Cannot ${step} a session that is ${s.status}`, {
          status: s.status,
        });
      if ((step === 'pause' || step === 'close') && (await this.repo.openVotes(id, em)).length)
        throw CouncilErrors.voteOpen('Close the open vote first');
      if ((step === 'pause' || step === 'close') && (await electionOpen(id, em)))
        throw ElectionErrors.electionOpen('Close the open election round first');
      const changes: Partial<CouncilSession> = { status: rule.to };
      if (step === 'publish') {
        const now = new Date();
        await this.steps.requireNotice(s, new Date(s.startsAt), now, em);
        changes.publishedAt = now;
        await tx.invite(s.meetingId, await this.invitees(s.bodyId, s.mandateId));
      }
      if (step === 'open') {
        changes.openedAt = new Date();
        if (!s.currentItemId) changes.currentItemId = (await this.repo.items(id, em))[0]?.id ?? null;
        // The sitting opens on its first item: taken up now.
        if (changes.currentItemId) await this.repo.takeUp(id, changes.currentItemId, em);
        // The base of the sitting's record, fixed now: the seats by law and who held them.
        const body = await this.repo.body(s.bodyId, em);
        changes.seats = body!.seats;
        changes.roster = await this.repo.members(s.bodyId, em, s.mandateId);
      }
      if (step === 'close') {
        changes.closedAt = new Date();
        finished = await this.repo.finishSpeaking(id, em);
        // The room is free once the sitting is over: its meeting ends at the closing (never
        // before it starts; shortening a booking cannot clash with another). The sitting keeps
        // its planned end; `closedAt` is the real one.
        const end = new Date(Math.max(changes.closedAt.getTime(), new Date(s.startsAt).getTime() + 60_000));
        if (end.getTime() < new Date(s.endsAt).getTime())
          await tx.change({ id: s.meetingId, spaceId: s.spaceId }, { endsAt: end });
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
    }, actor);
    if (step === 'open' || step === 'resume') await this.video.startRecording(s);
    if (step === 'close') {
      await this.video.stopRecordings(s.id);
      await this.video.floor(s, null, finished);
    }
    await this.sessionChanged(s, step);
    if (step === 'resume' || step === 'open') void this.attendanceChanged(s.id, s.version, null, null);
    return this.views.session(s, actor.id);
  }

  async activateItem(actor: AuthUser, id: string, itemId: string): Promise<CouncilSessionView> {
    await this.access.requireAccess(actor, 'council.sitting.chair', id);
    const { result: finished } = await this.steps.change(id, async (s, em) => {
      if (s.status !== 'open' && s.status !== 'paused') throw CouncilErrors.sessionNotOpen('The session is not open');
      const item = await this.repo.item(id, itemId, em);
      if (!item) throw AppError.notFound('Agenda item');
      // Only an item on the agenda is taken up (a proposal first needs its vote; issue 15).
      if (item.state === 'proposed' || item.state === 'rejected' || item.state === 'withdrawn')
        throw CouncilErrors.itemNotOnAgenda('The item is not on the agenda', { state: item.state });
      if ((await this.repo.openVotes(id, em)).length) throw CouncilErrors.voteOpen('Close the open vote first');
      // Taken up now (again, if it was before); pressing the current item once more is no new taking.
      if (s.currentItemId !== itemId) await this.repo.takeUp(id, itemId, em);
      return {
        result: await this.repo.finishSpeaking(id, em),
        sets: { currentItemId: itemId },
        audit: [
          {
            actorId: actor.id,
            action: 'council.item.activated',
            targetType: 'council_session',
            targetId: id,
            details: { itemId },
          },
        ],
      };
    });
    const s = (await this.repo.session(id))!;
    await this.video.floor(s, null, finished);
    await this.video.followClosedDoor(s);
    await this.sessionChanged(s, 'item');
    return this.views.session(s, actor.id);
  }

  // --- attendance -----------------------------------------------------------------------

  async attendance(actor: AuthUser, id: string, input: AttendanceRequest): Promise<CouncilSessionView> {
    const userId = input.userId ?? actor.id;
    await this.access.requireAccess(
      actor,
      userId === actor.id ? 'council.attendance.record' : 'council.attendance.recordOthers',
      id,
    );
    const session = (await this.repo.session(id))!;
    if (!(await this.repo.isMember(session.bodyId, userId, undefined, session.mandateId)))
      throw CouncilErrors.namedNotAMember('Only members of the body are registered');
    // Their own check-in: the chamber's code, or in a remote sitting the camera (ЗМСМА чл. 28а).
    if (userId === actor.id && input.present) {
      this.attendanceWindow(session);
      await this.remote.requireOwnCheckIn(session, userId, input.code);
    }
    const step = await this.repo.transaction(async (em) => {
      this.attendanceWindow(await this.steps.lock(id, em));
      return this.registerOne(actor, id, userId, input.present, em, {});
    });
    await this.announceAttendance(id, step, input.present);
    return this.views.session((await this.repo.session(id))!, actor.id);
  }

  /**
   * The clerk registers several members at once in the hall — present, or left — as the
   * single route does for one, all or nothing: one transaction under the sitting's lock; an id
   * that is not a member of the body (unknown ones included) is 400 `not_a_member` naming them
   * in `details.userIds`, and nobody is changed. Members already so are left alone (no event,
   * no audit line) and `changed` lists the others, so the clerk's undo reverses exactly this.
   * Each change is its own step, as if registered one by one: the version rises, an audit line
   * and a `council.attendance.updated` (with the quorum, ЗМСМА чл. 27, ал. 2) follow, and a
   * member leaving during an open vote loses the ballot cast in it.
   */
  async registerMany(actor: AuthUser, id: string, input: BulkAttendanceRequest): Promise<BulkAttendanceResult> {
    await this.access.requireAccess(actor, 'council.attendance.recordOthers', id);
    const userIds = [...new Set(input.userIds)];
    const steps = await this.repo.transaction(async (em) => {
      const s = await this.steps.lock(id, em);
      this.attendanceWindow(s);
      const members = new Set((await this.repo.members(s.bodyId, em, s.mandateId)).map((m) => m.id));
      const outsiders = userIds.filter((u) => !members.has(u));
      if (outsiders.length)
        throw CouncilErrors.namedNotAMember('Only members of the body are registered; nobody was registered', {
          userIds: outsiders,
        });
      const present = await this.repo.presentAmong(id, userIds, em);
      const done: AttendanceStep[] = [];
      for (const userId of userIds.filter((u) => present.has(u) !== input.present))
        done.push(await this.registerOne(actor, id, userId, input.present, em, { bulk: true }));
      return done;
    });
    for (const step of steps) await this.announceAttendance(id, step, input.present);
    return {
      changed: steps.map((s) => s.userId),
      session: await this.views.session((await this.repo.session(id))!, actor.id),
    };
  }

  /** Attendance is taken from publication (the quorum is counted before the opening) until the closing. */
  private attendanceWindow(s: { status: string }): void {
    if (!['published', 'open', 'paused'].includes(s.status))
      throw CouncilErrors.sessionNotOpen(`Attendance is not taken in a ${s.status} session`);
  }

  /**
   * One member registered present or left, inside the caller's transaction under the sitting's
   * lock: the record, the version, the audit line.
   */
  private async registerOne(
    actor: AuthUser,
    id: string,
    userId: string,
    present: boolean,
    em: EntityManager,
    details: Record<string, unknown>,
  ): Promise<AttendanceStep> {
    await this.repo.setAttendance(id, userId, present, actor.id, em);
    // Only members present when a vote closes take part in it: one who leaves while it is
    // open loses the ballot cast in it (and may vote again on coming back while it is open).
    const dropped = present ? [] : await this.dropBallots(actor, id, userId, em);
    // The same for an open election round (elections.service.ts).
    if (!present) await this.elections.dropBallots(id, userId, em);
    const version = await this.repo.bump(id, {}, em);
    await this.audit.record(
      {
        actorId: actor.id,
        action: present ? 'council.attendance.checked_in' : 'council.attendance.checked_out',
        targetType: 'council_session',
        targetId: id,
        details: { userId, byClerk: userId !== actor.id, ...details },
      },
      em,
    );
    return { userId, version, dropped };
  }

  /** After the commit: the ballots dropped by a member leaving, then the attendance (with the quorum). */
  private async announceAttendance(id: string, step: AttendanceStep, present: boolean): Promise<void> {
    for (const voteId of step.dropped)
      await this.publishVote(
        'council.vote.updated',
        id,
        step.version,
        await this.views.vote((await this.repo.vote(voteId))!),
      );
    await this.attendanceChanged(id, step.version, step.userId, present);
  }

  // --- conflicts ------------------------------------------------------------------------

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
    const session = (await this.repo.session(id))!;
    if (byClerk && !(await this.repo.isMember(session.bodyId, memberId, undefined, session.mandateId)))
      throw CouncilErrors.namedNotAMember('Only members of the body declare a conflict of interest');
    const { version, result: withdrawn } = await this.steps.change(id, async (s, em) => {
      if (s.status === 'closed') throw CouncilErrors.sessionClosed('The session is closed');
      if (!(await this.repo.item(id, itemId, em))) throw AppError.notFound('Agenda item');
      if (await this.repo.votedOnOpenVote(itemId, memberId, em))
        throw CouncilErrors.alreadyVoted('The member has already voted on this item');
      await this.repo.declareConflict(id, itemId, memberId, input.reason, em);
      // A member with a conflict takes no part in the item's debate: their waiting requests go.
      const withdrawn = (await this.repo.pendingSpeakers(id, memberId, em)).filter(
        (r) => r.itemId === itemId && r.status === 'requested',
      );
      for (const r of withdrawn) await this.repo.updateSpeaker(r.id, { status: 'withdrawn' }, em);
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
    const s = (await this.repo.session(id))!;
    await this.sessionChanged(s, 'conflict');
    if (withdrawn) await this.steps.speakersChanged(id, version);
    return this.views.session(s, actor.id);
  }

  // --- votes ----------------------------------------------------------------------------

  /** Opens a vote of any kind (`{ itemId }` alone: the item's decision); see ProcedureService.plan. */
  async openVote(actor: AuthUser, id: string, input: OpenVoteInput): Promise<VoteView> {
    await this.access.requireAccess(actor, 'council.vote.open', id);
    const { voteId, version } = await this.repo.transaction(async (em) => {
      const s = await this.steps.lock(id, em);
      if (s.status !== 'open') throw CouncilErrors.sessionNotOpen('The session is not open');
      const plan = await this.procedure.plan(s, input, em);
      const itemId = plan.itemId;
      if ((await this.repo.openVotes(id, em)).length) throw CouncilErrors.voteOpen('Another vote is open');
      if (await electionOpen(id, em)) throw ElectionErrors.electionOpen('An election round is open');
      // A decision taken stands (numbered in the register); changing it is a new item.
      if (plan.item && plan.kind !== 'agenda_change' && (await this.repo.itemAdopted(plan.item.id, em)))
        throw CouncilErrors.alreadyDecided('A decision on this item was adopted');
      const atOpen = await this.snapshot(s, itemId, plan.majority, em);
      const q = quorum(atOpen.seats, atOpen.present);
      if (!q.reached) throw CouncilErrors.noQuorum('There is no quorum', { quorum: q });
      // A remote sitting takes every open vote by name (ЗМСМА чл. 28а: personal voting shown on the video).
      const item = { voteMode: await this.remote.voteMode(id, plan.mode, em), majority: plan.majority };
      const voteId = await this.repo.insertVote(
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
      const version = await this.repo.bump(id, {}, em);
      await this.audit.record(
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
        em,
      );
      return { voteId, version };
    });
    const vote = (await this.repo.vote(voteId))!;
    const view = await this.views.vote(vote);
    // Also to the members present, wherever they are in the portal: a vote waits for them
    // (their browser raises a notification when the tab is in the background).
    await this.publishVote('council.vote.opened', id, version, view, await this.repo.presentMemberIds(id));
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
    const { sessionId } = (await this.repo.vote(voteId))!;
    const version = await this.repo.transaction(async (em) => {
      const s = await this.steps.lock(sessionId, em);
      const vote = (await this.repo.vote(voteId, em))!;
      if (vote.status !== 'open') throw CouncilErrors.voteClosed('The vote is closed');
      if (s.status !== 'open') throw CouncilErrors.sessionNotOpen('The session is not open');
      if (byClerk && vote.mode === 'secret')
        throw CommonErrors.forbidden('Nobody casts a secret ballot for someone else');
      if (!(await this.repo.isMember(s.bodyId, voterId, em, s.mandateId)))
        throw CouncilErrors.notAMember('Only members of the body vote');
      const present = await this.repo.attendanceOf(sessionId, voterId, em);
      if (!present?.present) throw CouncilErrors.notPresent('Register the attendance first');
      await this.remote.requireIdentified(sessionId, voterId, em);
      await this.steps.requireNoConflict(vote.itemId, voterId, em);
      let details: Record<string, unknown>;
      let action = 'council.ballot.cast';
      if (vote.mode === 'secret') {
        // The last ballot counts: the HMAC finds (and replaces) the member's earlier one.
        const key = await this.repo.secretKey(voteId, em);
        if (!key) throw CouncilErrors.voteClosed('The vote is closed');
        await this.repo.castSecretBallot(voteId, voterId, voterKey(key, voterId), input.choice, em);
        // Never the choice: the audit log must not reveal how anyone voted in secret.
        details = { sessionId };
      } else {
        const before = await this.repo.ballotOf(voteId, voterId, em);
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
        await this.repo.castBallot(voteId, voterId, input.choice, actor.id, em);
        // Open and roll-call votes are public: the trail keeps each choice, before and after
        // (under `vote`: the audit log blanks any key named like choice or ballot, a guard
        // for secret votes).
        details = {
          sessionId,
          ...(byClerk ? { recordedFor: voterId } : {}),
          vote: input.choice,
          before: before ? { vote: before.choice, recordedBy: before.recordedBy } : null,
          ...(input.reason ? { reason: input.reason } : {}),
        };
      }
      const version = await this.repo.bump(sessionId, {}, em);
      await this.audit.record({ actorId: actor.id, action, targetType: 'council_vote', targetId: voteId, details }, em);
      return version;
    });
    const vote = (await this.repo.vote(voteId))!;
    await this.publishVote('council.vote.updated', sessionId, version, await this.views.vote(vote));
    return this.views.vote(vote, voterId);
  }

  async closeVote(actor: AuthUser, voteId: string): Promise<VoteView> {
    await this.access.requireAccess(actor, 'council.vote.close', voteId);
    const { sessionId } = (await this.repo.vote(voteId))!;
    const { version, changed } = await this.repo.transaction(async (em) => {
      const s = await this.steps.lock(sessionId, em);
      const vote = (await this.repo.vote(voteId, em))!;
      if (vote.status !== 'open') throw CouncilErrors.voteClosed('The vote is already closed');
      // Lawful at the moment it is decided (ЗМСМА чл. 27, ал. 2): the quorum is counted again
      // now. The ballots are those of members present now: a member who checked out lost theirs
      // (`dropBallots`), and a conflicted member never had one.
      const base = await this.base(s, vote.itemId, em);
      const counts = await this.repo.counts(vote, em);
      const result = voteResult({
        majority: vote.majority,
        seats: base.seats,
        present: base.presentIds.length,
        entitled: base.entitledIds.length,
        counts,
      });
      if (vote.mode === 'secret') await this.repo.sealSecretBallots(voteId, em);
      await this.repo.closeVote(voteId, result, em);
      // The council's register: an adopted draft gets the next number; one not adopted is
      // recorded without. A committee gives an opinion (становище), kept with its item only.
      const body = (await this.repo.body(s.bodyId, em))!;
      let decision: { id: string; number: number | null } | null = null;
      // Only the decision vote makes an entry (amendments and motions stay in the votes).
      if (body.kind === 'council' && vote.kind === 'decision' && vote.itemId) {
        const item = (await this.repo.item(sessionId, vote.itemId, em))!;
        decision = await this.repo.insertDecision(
          {
            bodyId: body.id,
            mandateId: s.mandateId,
            voteId,
            sessionId,
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
      const version = await this.repo.bump(sessionId, procedural, em);
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'council.vote.closed',
          targetType: 'council_vote',
          targetId: voteId,
          details: {
            sessionId,
            itemId: vote.itemId,
            mode: vote.mode,
            majority: vote.majority,
            result,
            decision: decision && { id: decision.id, number: decision.number },
          },
        },
        em,
      );
      return {
        version,
        changed: Object.keys(procedural).length > 0 || vote.kind === 'agenda_change' || vote.motion === 'postpone',
      };
    });
    const vote = (await this.repo.vote(voteId))!;
    const view = await this.views.vote(vote);
    await this.publishVote('council.vote.closed', sessionId, version, view);
    // The agenda or the sitting changed by the vote: the sitting update carries it.
    if (changed) await this.sessionChanged((await this.repo.session(sessionId))!, 'procedure');
    // An item added or withdrawn at the sitting is announced to the members (issue 15, part 8).
    if (vote.kind === 'agenda_change' && vote.result?.outcome === 'adopted')
      await this.changes
        .announce(actor, sessionId)
        .catch((err: unknown) => this.logger.error({ err }, 'agenda change not announced'));
    if (vote.motion === 'close_debate' && vote.result?.outcome === 'adopted')
      await this.steps.speakersChanged(sessionId, version);
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
      this.repo.presentMemberIds(s.id, em),
      this.repo.conflicts(s.id, em),
    ]);
    const conflicted = new Set(conflicts.filter((c) => c.itemId === itemId).map((c) => c.userId));
    const seats = await this.repo.seatsOf(s, em);
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

  /** Takes a leaving member's ballots out of the session's open votes; the votes touched. */
  private async dropBallots(actor: AuthUser, sessionId: string, userId: string, em: EntityManager): Promise<string[]> {
    const touched: string[] = [];
    for (const vote of await this.repo.openVotes(sessionId, em)) {
      let details: Record<string, unknown> | null = null;
      if (vote.mode === 'secret') {
        const key = await this.repo.secretKey(vote.id, em);
        if (key && (await this.repo.dropSecretBallot(vote.id, userId, voterKey(key, userId), em)))
          details = { sessionId, userId, reason: 'checked_out' };
      } else {
        const choice = await this.repo.dropBallot(vote.id, userId, em);
        if (choice) details = { sessionId, userId, reason: 'checked_out', before: { vote: choice } };
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

  /** The members of a body and its chair: who a published session's meeting invites. */
  private async invitees(bodyId: string, mandateId: string): Promise<string[]> {
    const body = await this.repo.body(bodyId);
    const memberIds = await this.repo.memberIds(bodyId, undefined, mandateId);
    const chairId = body?.kind === 'council' ? await councilChairId(this.directory) : (body?.chairId ?? null);
    return chairId ? [...memberIds, chairId] : memberIds;
  }

  /** Tells the sitting's watchers it changed (`council.session.updated`, the version bumped). */
  async announce(sessionId: string, change: string): Promise<void> {
    const s = await this.repo.session(sessionId);
    if (s) await this.sessionChanged(s, change);
  }

  private sessionChanged(s: CouncilSession, change: string): Promise<void> {
    return this.steps.sittingChanged(s, change);
  }

  private async attendanceChanged(
    sessionId: string,
    version: number,
    userId: string | null,
    present: boolean | null,
  ): Promise<void> {
    try {
      const q = await this.views.quorum(sessionId);
      const member = userId ? (await this.directory.names([userId])).get(userId) : undefined;
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
        // Who is present at a closed-door sitting is not told outside (closed-door.ts).
        { public: publicAbout(await closedScope(this.repo, sessionId), null) },
      );
    } catch (err) {
      this.logger.error({ err }, 'attendance event not sent');
    }
  }

  private async publishVote(
    event: 'council.vote.opened' | 'council.vote.updated' | 'council.vote.closed',
    sessionId: string,
    version: number,
    vote: VoteView,
    users: string[] = [],
  ): Promise<void> {
    // The public picture: no `mine`, and a secret vote shows only how many voted until it closes;
    // nothing of a closed-door sitting's or item's votes (closed-door.ts).
    const open = publicAbout(await closedScope(this.repo, sessionId), vote.itemId);
    this.bus.publish(event, { sessionId, version, vote }, { councilSessions: [sessionId], users }, { public: open });
  }
}
