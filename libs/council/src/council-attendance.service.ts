import { Injectable, Logger } from '@nestjs/common';
import type {
  AttendanceRequest,
  BulkAttendanceRequest,
  BulkAttendanceResult,
  CouncilSessionView,
} from '@egov-box/contracts';
import { DirectoryReader } from '@egov-box/directory';
import { AccessService, AuditService, EventBus, type AuthUser } from '@egov-box/platform';
import type { EntityManager } from 'typeorm';
import { closedScope, publicAbout } from './closed-door.js';
import { CouncilErrors } from './council.errors.js';
import { BodiesRepository } from './bodies.repository.js';
import { SittingsRepository } from './sittings.repository.js';
import { AttendanceRepository } from './attendance.repository.js';
import { VotesRepository } from './votes.repository.js';
import { CouncilViews } from './council-views.js';
import { CouncilVotes } from './council-votes.service.js';
import { ElectionsService } from './elections.service.js';
import { RemoteSittings } from './remote-sittings.service.js';
import { SittingSteps } from './sitting-steps.js';

/** One member's attendance change: the sitting's version after it and the ballots it dropped. */
type AttendanceStep = { userId: string; version: number; dropped: string[] };

/**
 * Who is present at a sitting: a member's own check-in (the chamber's code, or the camera in a
 * remote sitting, ЗМСМА чл. 28а) and the clerk's register in the hall, one by one or several at
 * once. Every change raises the sitting's version with its audit line and tells the watchers
 * the quorum (ЗМСМА чл. 27, ал. 2); a member leaving during a vote loses the ballot cast in it.
 */
@Injectable()
export class CouncilAttendance {
  private readonly logger = new Logger('CouncilAttendance');

  constructor(
    private readonly bodiesRepo: BodiesRepository,
    private readonly sittingsRepo: SittingsRepository,
    private readonly attendanceRepo: AttendanceRepository,
    private readonly votesRepo: VotesRepository,
    private readonly directory: DirectoryReader,
    private readonly views: CouncilViews,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
    private readonly steps: SittingSteps,
    private readonly votes: CouncilVotes,
    private readonly elections: ElectionsService,
    private readonly remote: RemoteSittings,
    private readonly access: AccessService,
  ) {}

  async attendance(actor: AuthUser, id: string, input: AttendanceRequest): Promise<CouncilSessionView> {
    const userId = input.userId ?? actor.id;
    await this.access.requireAccess(
      actor,
      userId === actor.id ? 'council.attendance.record' : 'council.attendance.recordOthers',
      id,
    );
    const sitting = (await this.sittingsRepo.sitting(id))!;
    if (!(await this.bodiesRepo.isMember(sitting.bodyId, userId, undefined, sitting.mandateId)))
      throw CouncilErrors.namedNotAMember('Only members of the body are registered');
    // Their own check-in: the chamber's code, or in a remote sitting the camera (ЗМСМА чл. 28а).
    if (userId === actor.id && input.present) {
      this.attendanceWindow(sitting);
      await this.remote.requireOwnCheckIn(sitting, userId, input.code);
    }
    const step = await this.sittingsRepo.transaction(async (em) => {
      this.attendanceWindow(await this.steps.lock(id, em));
      return this.registerOne(actor, id, userId, input.present, em, {});
    });
    await this.announceAttendance(id, step, input.present);
    return this.views.sitting((await this.sittingsRepo.sitting(id))!, actor.id);
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
    const steps = await this.sittingsRepo.transaction(async (em) => {
      const s = await this.steps.lock(id, em);
      this.attendanceWindow(s);
      const members = new Set((await this.bodiesRepo.members(s.bodyId, em, s.mandateId)).map((m) => m.id));
      const outsiders = userIds.filter((u) => !members.has(u));
      if (outsiders.length)
        throw CouncilErrors.namedNotAMember('Only members of the body are registered; nobody was registered', {
          userIds: outsiders,
        });
      const present = await this.attendanceRepo.presentAmong(id, userIds, em);
      const done: AttendanceStep[] = [];
      for (const userId of userIds.filter((u) => present.has(u) !== input.present))
        done.push(await this.registerOne(actor, id, userId, input.present, em, { bulk: true }));
      return done;
    });
    for (const step of steps) await this.announceAttendance(id, step, input.present);
    return {
      changed: steps.map((s) => s.userId),
      session: await this.views.sitting((await this.sittingsRepo.sitting(id))!, actor.id),
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
    await this.attendanceRepo.setAttendance(id, userId, present, actor.id, em);
    // Only members present when a vote closes take part in it: one who leaves while it is
    // open loses the ballot cast in it (and may vote again on coming back while it is open).
    const dropped = present ? [] : await this.votes.dropBallots(actor, id, userId, em);
    // The same for an open election round (elections.service.ts).
    if (!present) await this.elections.dropBallots(id, userId, em);
    const version = await this.sittingsRepo.bump(id, {}, em);
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
      await this.votes.publishVote(
        'council.vote.updated',
        id,
        step.version,
        await this.views.vote((await this.votesRepo.vote(voteId))!),
      );
    await this.attendanceChanged(id, step.version, step.userId, present);
  }

  /** `council.attendance.updated` with the quorum now (also when a sitting opens or resumes). */
  async attendanceChanged(
    sittingId: string,
    version: number,
    userId: string | null,
    present: boolean | null,
  ): Promise<void> {
    try {
      const q = await this.views.quorum(sittingId);
      const member = userId ? (await this.directory.names([userId])).get(userId) : undefined;
      this.bus.publish(
        'council.attendance.updated',
        {
          sessionId: sittingId,
          version,
          member: member ?? null,
          present,
          quorum: q,
        },
        { councilSessions: [sittingId] },
        // Who is present at a closed-door sitting is not told outside (closed-door.ts).
        { public: publicAbout(await closedScope(this.sittingsRepo, sittingId), null) },
      );
    } catch (err) {
      this.logger.error({ err }, 'attendance event not sent');
    }
  }
}
