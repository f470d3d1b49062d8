import { DirectoryReader } from '@egov-box/directory';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CheckInCodeView,
  DeclareRemoteSittingRequest,
  IdentifyMemberRequest,
  RemoteMicrophoneRequest,
  SittingFormView,
  VoteMode,
} from '@egov-box/contracts';
import { AccessService, AppConfig, AuditService, EventBus, type AuthUser, defineErrors } from '@egov-box/platform';
import { VideoService } from '@egov-box/video';
import { DataSource, type EntityManager } from 'typeorm';
import { CHECK_IN_STEP_SECONDS, checkInCodeValid, currentCheckInCode, newCheckInSecret } from './check-in-code.js';
import { maySeeSitting } from './council-access.js';
import { BodiesRepository } from './bodies.repository.js';
import { SittingsRepository } from './sittings.repository.js';
import { AttendanceRepository } from './attendance.repository.js';
import { sittingVideoRoom } from './council-video.service.js';
import { CouncilViews } from './council-views.js';
import { MemberIdentification, SittingForm, type CouncilSession } from './entities/index.js';
import { SittingSteps } from './sitting-steps.js';
import { sittingFormView } from './sitting-form.js';
import { CouncilErrors } from './council.errors.js';

/** Error codes of the sitting's form (issue 15, part 5). */
export const RemoteErrors = defineErrors({
  /** A member's own check-in in the chamber without the chamber's code. */
  checkInCodeRequired: { code: 'check_in_code_required', status: 400 },
  /** The code given is not the chamber's current or previous one. */
  invalidCheckInCode: { code: 'invalid_check_in_code', status: 403 },
  /** Remote sitting: the member is not in the sitting's video with the camera on. */
  cameraRequired: { code: 'camera_required', status: 403 },
  /** A remote sitting needs the video (LiveKit) to be configured. */
  remoteNeedsVideo: { code: 'remote_needs_video', status: 409 },
  /** The sitting is already declared remote. */
  alreadyRemote: { code: 'already_remote', status: 409 },
  /** Identification is for remote sittings only. */
  notRemote: { code: 'not_remote', status: 409 },
  /** Remote sitting: the member votes once the clerk has confirmed their identity. */
  notIdentified: { code: 'not_identified', status: 403 },
  /** A member is identified once per sitting. */
  alreadyIdentified: { code: 'already_identified', status: 409 },
});

/** Where the check-in code is shown and checked: from publication until the close (as attendance). */
const LIVE_OR_COMING = ['published', 'open', 'paused'];

/**
 * How a sitting is held. In the chamber (the rule): a member checks in themself with the code
 * shown in the chamber, or the clerk registers them. Remote — ЗМСМА чл. 28а (добавен с ДВ бр. 70
 * от 2020 г., в сила от 07.08.2020 г., as the councils' own rulebook changes under its ал. 6 cite
 * it, e.g. Годеч 10.11.2020): when an emergency, a disaster or an emergency epidemic situation is declared for the
 * municipality's territory, the council may sit remotely, with direct and virtual participation
 * over video that keeps the quorum and personal voting; a video record is made of the sitting.
 * Here: the chair declares it with the reference to the act that declared the situation (kept),
 * only with LiveKit configured; members check in only while LiveKit reports their camera
 * published and on; the clerk confirms each member's identity by sight and voice; every open vote
 * is taken by name; the sitting is recorded (CouncilVideo, from the opening).
 */
@Injectable()
export class RemoteSittings {
  private readonly logger = new Logger('Council');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly bodiesRepo: BodiesRepository,
    private readonly sittingsRepo: SittingsRepository,
    private readonly attendanceRepo: AttendanceRepository,
    private readonly directory: DirectoryReader,
    private readonly views: CouncilViews,
    private readonly steps: SittingSteps,
    private readonly video: VideoService,
    private readonly config: AppConfig,
    private readonly bus: EventBus,
    private readonly audit: AuditService,
    private readonly access: AccessService,
  ) {}

  /** The sitting's form row, made (with a new check-in secret) the first time it is needed. */
  async form(sittingId: string, em: EntityManager = this.db.manager): Promise<SittingForm> {
    await em
      .createQueryBuilder()
      .insert()
      .into(SittingForm)
      .values({ sessionId: sittingId, checkInSecret: newCheckInSecret(), remote: false })
      .orIgnore()
      .execute();
    return (await em.findOneByOrFail(SittingForm, { sessionId: sittingId }))!;
  }

  /** Whether the sitting is remote (no row: in the chamber). */
  async isRemote(sittingId: string, em: EntityManager = this.db.manager): Promise<boolean> {
    return (await em.findOneBy(SittingForm, { sessionId: sittingId }))?.remote ?? false;
  }

  /** The chamber's code now, for the clerk and the chair (the chamber's screen shows it). */
  async checkInCode(actor: AuthUser, sittingId: string): Promise<CheckInCodeView> {
    await this.access.requireAccess(actor, 'council.checkIn.readCode', sittingId);
    const s = (await this.sittingsRepo.sitting(sittingId))!;
    if (!LIVE_OR_COMING.includes(s.status)) throw CouncilErrors.sessionNotOpen(`No check-in in a ${s.status} session`);
    const { code, validUntil } = currentCheckInCode((await this.form(sittingId)).checkInSecret, new Date());
    return { code, validUntil: validUntil.toISOString(), stepSeconds: CHECK_IN_STEP_SECONDS };
  }

  /**
   * The code the chamber's screen shows (no actor: the screen's token was checked): null in a
   * remote sitting (members check in on video), when the rule is off (COUNCIL_CHECK_IN_CODE), or
   * when there is no check-in (a draft, a closed sitting).
   */
  async screenCode(s: Pick<CouncilSession, 'id' | 'status'>): Promise<{ code: string; expiresAt: string } | null> {
    if (!this.config.councilCheckInCode || !LIVE_OR_COMING.includes(s.status)) return null;
    const form = await this.form(s.id);
    if (form.remote) return null;
    const { code, validUntil } = currentCheckInCode(form.checkInSecret, new Date());
    return { code, expiresAt: validUntil.toISOString() };
  }

  /**
   * What a member's own check-in needs (checking out needs nothing): in a remote sitting their
   * camera on in the sitting's video (asked of LiveKit); in the chamber the current or previous
   * code (unless COUNCIL_CHECK_IN_CODE is off).
   */
  async requireOwnCheckIn(s: Pick<CouncilSession, 'id'>, userId: string, code: string | undefined): Promise<void> {
    // Read only (a refused check-in writes nothing): a sitting whose code nobody was shown has no row yet.
    const form = await this.db.manager.findOneBy(SittingForm, { sessionId: s.id });
    if (form?.remote) {
      const on = this.video.available && (await this.video.cameraOn(sittingVideoRoom(s.id), userId));
      if (!on)
        throw RemoteErrors.cameraRequired(
          'In a remote sitting members check in while connected to its video with the camera on',
        );
      return;
    }
    if (!this.config.councilCheckInCode) return;
    if (code === undefined)
      throw RemoteErrors.checkInCodeRequired('Enter the code shown in the chamber', {
        issues: [{ path: ['code'], message: 'required' }],
      });
    if (!form || !checkInCodeValid(form.checkInSecret, code, new Date()))
      throw RemoteErrors.invalidCheckInCode('The code is not the one shown in the chamber now');
  }

  /**
   * In a remote sitting only a member whose identity the clerk confirmed votes (their own ballot,
   * secret ones included, or their roll-call answer entered by the clerk): 403 `not_identified`.
   */
  async requireIdentified(sittingId: string, userId: string, em: EntityManager): Promise<void> {
    if (!(await this.isRemote(sittingId, em))) return;
    if (!(await em.findOneBy(MemberIdentification, { sessionId: sittingId, userId })))
      throw RemoteErrors.notIdentified('In a remote sitting the clerk confirms the member’s identity before they vote');
  }

  /** A vote's mode: in a remote sitting every open vote is taken by name; a secret one stays secret. */
  async voteMode(sittingId: string, mode: VoteMode, em: EntityManager): Promise<VoteMode> {
    return mode === 'open' && (await this.isRemote(sittingId, em)) ? 'roll_call' : mode;
  }

  /** The chair declares the sitting remote (ЗМСМА чл. 28а), with the declared situation's reference. */
  async declare(actor: AuthUser, sittingId: string, input: DeclareRemoteSittingRequest): Promise<SittingFormView> {
    await this.access.requireAccess(actor, 'council.sitting.chair', sittingId);
    if (!this.video.available)
      throw RemoteErrors.remoteNeedsVideo(
        'A remote sitting needs the video (LiveKit) configured: its members take part and are recorded over it',
      );
    const { sitting } = await this.steps.change(sittingId, async (s, em) => {
      if (!LIVE_OR_COMING.includes(s.status))
        throw CouncilErrors.invalidTransition(`A ${s.status} sitting is not declared remote`);
      const form = await this.form(sittingId, em);
      if (form.remote) throw RemoteErrors.alreadyRemote('The sitting is already remote');
      await em.update(
        SittingForm,
        { sessionId: sittingId },
        { remote: true, emergencyReference: input.emergencyReference, declaredBy: actor.id, declaredAt: new Date() },
      );
      return {
        result: null,
        audit: [
          {
            actorId: actor.id,
            action: 'council.sitting.remote_declared',
            targetType: 'council_session',
            targetId: sittingId,
            details: { emergencyReference: input.emergencyReference },
          },
        ],
      };
    });
    await this.changed(sittingId, 'remote');
    return this.view(sitting, true);
  }

  /** The clerk confirms a present member's identity by sight and voice (remote sittings, while held). */
  async identify(actor: AuthUser, sittingId: string, input: IdentifyMemberRequest): Promise<SittingFormView> {
    await this.access.requireAccess(actor, 'council.member.identify', sittingId);
    const { sitting } = await this.steps.change(sittingId, async (s, em) => {
      if (!['open', 'paused'].includes(s.status))
        throw CouncilErrors.sessionNotOpen('Members are identified while the sitting is held');
      if (!(await this.isRemote(sittingId, em))) throw RemoteErrors.notRemote('Identification is for remote sittings');
      if (!(await this.bodiesRepo.isMember(s.bodyId, input.userId, em, s.mandateId)))
        throw CouncilErrors.namedNotAMember('Only members of the body are identified');
      if (!(await this.attendanceRepo.attendanceOf(sittingId, input.userId, em))?.present)
        throw CouncilErrors.notCheckedIn('The member has not checked in');
      if (await em.findOneBy(MemberIdentification, { sessionId: sittingId, userId: input.userId }))
        throw RemoteErrors.alreadyIdentified('The member was identified already');
      await em.insert(MemberIdentification, {
        sessionId: sittingId,
        userId: input.userId,
        confirmedBy: actor.id,
        confirmedAt: new Date(),
      });
      return {
        result: null,
        audit: [
          {
            actorId: actor.id,
            action: 'council.member.identified',
            targetType: 'council_session',
            targetId: sittingId,
            details: { userId: input.userId },
          },
        ],
      };
    });
    await this.changed(sittingId, 'identification');
    return this.view(sitting, true);
  }

  /**
   * The chair gives a member of a remote sitting the microphone for the identification call or
   * a roll-call answer, or takes it back (the camera stays): LiveKit's publish rights, as the
   * floor does. 404 when the member is not in the sitting's video.
   */
  async microphone(actor: AuthUser, sittingId: string, input: RemoteMicrophoneRequest): Promise<void> {
    await this.access.requireAccess(actor, 'council.sitting.chair', sittingId);
    const s = (await this.sittingsRepo.sitting(sittingId))!;
    if (!['open', 'paused'].includes(s.status))
      throw CouncilErrors.sessionNotLive('The sitting is not held now', { status: s.status });
    if (!(await this.isRemote(sittingId)))
      throw RemoteErrors.notRemote('Outside a remote sitting the microphone comes with the floor');
    if (!(await this.bodiesRepo.isMember(s.bodyId, input.userId, undefined, s.mandateId)))
      throw CouncilErrors.namedNotAMember('Only members of the body');
    await this.video.setPublishing(
      sittingVideoRoom(sittingId),
      input.userId,
      input.grant ? ['microphone', 'camera'] : ['camera'],
    );
    await this.audit.record({
      actorId: actor.id,
      action: input.grant ? 'council.video.microphone_given' : 'council.video.microphone_taken',
      targetType: 'council_session',
      targetId: sittingId,
      details: { userId: input.userId, purpose: input.purpose },
    });
  }

  /** The sitting's form; the identifications only for members and staff (`inner`). */
  view(s: Pick<CouncilSession, 'id'>, inner: boolean): Promise<SittingFormView> {
    return sittingFormView(this.db.manager, this.directory, s.id, inner);
  }

  private async changed(sittingId: string, change: string): Promise<void> {
    try {
      const s = (await this.sittingsRepo.sitting(sittingId))!;
      this.bus.publish(
        'council.session.updated',
        { ...(await this.views.summaryOf(s)), sessionId: sittingId, change },
        { councilSessions: [sittingId] },
        { public: maySeeSitting(null, s) },
      );
    } catch (err) {
      this.logger.error({ err }, 'session event not sent');
    }
  }
}
