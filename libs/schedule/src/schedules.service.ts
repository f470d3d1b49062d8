import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Injectable } from '@nestjs/common';
import type {
  CancelMeetingRequest,
  MeetingJoinResponse,
  MeetingView,
  RejectMeetingRequest,
  RsvpRequest,
  SeriesScope,
  UpcomingMeetingsPage,
  UpcomingQuery,
  UpdateMeetingRequest,
} from '@egov-box/contracts';
import { AccessService, AppError, AuditService, MailService, type AuthUser } from '@egov-box/platform';
import { VideoErrors, VideoService } from '@egov-box/video';
import { enqueueBookingDecision } from './booking-mail.js';
import type { Meeting } from './entities/meeting.entity.js';
import { toUpcomingView } from './meeting-view.js';
import { MeetingsRepository } from './meetings.repository.js';
import { MeetingsService } from './meetings.service.js';
import { shiftInWallClock } from './recurrence.js';
import { JOIN_EARLY_MINUTES, ScheduleErrors } from './schedule.errors.js';

/** A person's schedule: upcoming meetings, replies, changes, cancellations, joining. */
@Injectable()
export class SchedulesService {
  constructor(
    private readonly repo: MeetingsRepository,
    private readonly meetings: MeetingsService,
    private readonly video: VideoService,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly access: AccessService,
  ) {}

  async upcoming(actor: AuthUser, query: UpcomingQuery): Promise<UpcomingMeetingsPage> {
    await this.access.requireAccess(actor, 'meeting.listOwn');
    const rows = await this.repo.upcoming(actor.id, query.limit, query.offset);
    // The total rides on the page; a page past the end needs its own count.
    const total = rows.length ? Number(rows[0]!.total) : query.offset > 0 ? await this.repo.countUpcoming(actor.id) : 0;
    return { items: rows.map(toUpcomingView), total, limit: query.limit, offset: query.offset };
  }

  async get(actor: AuthUser, id: string): Promise<MeetingView> {
    await this.access.requireAccess(actor, 'meeting.read', id);
    return this.meetings.view(id);
  }

  async rsvp(actor: AuthUser, id: string, body: RsvpRequest): Promise<MeetingView> {
    await this.access.requireAccess(actor, 'meeting.respond', id);
    const meeting = await this.meeting(id);
    if (meeting.status === 'cancelled') throw ScheduleErrors.meetingCancelled('The meeting is cancelled');
    await this.meetings.transaction(async (tx) => {
      await tx.lockPeople([actor.id]);
      await this.repo.setResponse(id, actor.id, body.response, tx.em);
    });
    const view = await this.meetings.view(id);
    this.publishUpdated(view);
    return view;
  }

  async cancel(actor: AuthUser, id: string, body: CancelMeetingRequest): Promise<MeetingView> {
    await this.access.requireAccess(actor, 'meeting.cancel', id);
    const meeting = await this.changeable(id);
    const targets = await this.scope(meeting, body.scope);
    await this.meetings.transaction(async (tx) => {
      for (const t of targets) await tx.cancel(t.id, body.reason ?? null);
      await this.byOther(
        actor,
        meeting,
        'meeting.cancelled',
        { reason: body.reason ?? null, scope: body.scope ?? 'this', count: targets.length },
        tx.em,
      );
    });
    return this.meetings.view(id);
  }

  async update(actor: AuthUser, id: string, body: UpdateMeetingRequest): Promise<MeetingView> {
    await this.access.requireAccess(actor, 'meeting.update', id);
    const meeting = await this.changeable(id);
    const targets = await this.scope(meeting, body.scope);
    const text = {
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
    };
    // "This and the following" makes the rest a series of its own.
    const split =
      body.scope === 'following' && meeting.seriesId && targets[0]?.id !== (await this.scope(meeting, 'series'))[0]?.id;
    const extra = { ...text, ...(split ? { seriesId: randomUUID() } : {}) };
    const changed = { fields: Object.keys(text), scope: body.scope ?? 'this' };
    if (body.startsAt && body.endsAt) {
      const to = { startsAt: new Date(body.startsAt), endsAt: new Date(body.endsAt) };
      const from = { startsAt: meeting.startsAt, endsAt: meeting.endsAt };
      const moves = targets.map((t) => ({ id: t.id, ...(t.id === meeting.id ? to : shiftInWallClock(t, from, to)) }));
      let approvalRequired = false;
      for (const m of moves)
        if ((await this.meetings.checkChange(meeting, m, actor)).approvalRequired) approvalRequired = true;
      // An approved booking that moves in a hall that needs approval waits for a clerk again.
      const status = approvalRequired && meeting.status === 'confirmed' ? { status: 'pending' as const } : {};
      // Later ones first when moving later (earlier ones first when moving earlier), so
      // that a series never collides with itself half-way.
      moves.sort((a, b) => (to.startsAt > from.startsAt ? -1 : 1) * (a.startsAt.getTime() - b.startsAt.getTime()));
      await this.meetings.transaction(async (tx) => {
        await tx.reschedule(meeting.spaceId, moves, { ...extra, ...status });
        await this.byOther(actor, meeting, 'meeting.changed', { ...changed, from, to, count: moves.length }, tx.em);
      }, actor);
    } else if (Object.keys(extra).length) {
      await this.meetings.transaction(async (tx) => {
        for (const t of targets) await tx.change({ id: t.id, spaceId: meeting.spaceId }, extra);
        await this.byOther(actor, meeting, 'meeting.changed', { ...changed, count: targets.length }, tx.em);
      });
    }
    return this.meetings.view(id);
  }

  /** A clerk (or admin) approves a pending booking — with the rest of its series. */
  async approve(actor: AuthUser, id: string): Promise<MeetingView> {
    await this.access.requireAccess(actor, 'meeting.approve', id);
    const meeting = await this.pending(id);
    const targets = await this.pendingOfSeries(meeting);
    await this.meetings.transaction(async (tx) => {
      for (const t of targets) await tx.confirm(t);
      await this.recordStaff(actor, meeting, 'meeting.approved', { count: targets.length }, tx.em);
      const [current] = await this.repo.findByIds([meeting.id], tx.em);
      await enqueueBookingDecision(this.mail, tx.em, current!, 'approved', targets.length, null);
    });
    return this.meetings.view(id);
  }

  async reject(actor: AuthUser, id: string, body: RejectMeetingRequest): Promise<MeetingView> {
    await this.access.requireAccess(actor, 'meeting.approve', id);
    const meeting = await this.pending(id);
    const targets = await this.pendingOfSeries(meeting);
    await this.meetings.transaction(async (tx) => {
      for (const t of targets) await tx.cancel(t, body.reason ?? 'rejected');
      await this.recordStaff(
        actor,
        meeting,
        'meeting.rejected',
        { reason: body.reason ?? null, count: targets.length },
        tx.em,
      );
      const [current] = await this.repo.findByIds([meeting.id], tx.em);
      await enqueueBookingDecision(this.mail, tx.em, current!, 'rejected', targets.length, body.reason ?? null);
    });
    return this.meetings.view(id);
  }

  /** A LiveKit token for the meeting's space, for participants around the meeting's time. */
  async join(actor: AuthUser, id: string, now = new Date()): Promise<MeetingJoinResponse> {
    await this.access.requireAccess(actor, 'meeting.join', id);
    const meeting = await this.meeting(id);
    const organizer = meeting.organizerId === actor.id;
    if (meeting.status === 'cancelled') throw ScheduleErrors.joinCancelled('The meeting is cancelled');
    const opens = meeting.startsAt.getTime() - JOIN_EARLY_MINUTES * 60_000;
    if (now.getTime() < opens || now.getTime() >= meeting.endsAt.getTime()) {
      throw ScheduleErrors.outsideJoinWindow(
        `You can join from ${JOIN_EARLY_MINUTES} minutes before the start until the end`,
        { opensAt: new Date(opens).toISOString(), closesAt: meeting.endsAt.toISOString() },
      );
    }
    if (!this.video.available) throw VideoErrors.unavailable();
    const joined = await this.video.join({
      room: meeting.space!.livekitRoom,
      identity: actor.id,
      name: actor.displayName,
      role: organizer ? 'moderator' : 'participant',
      // Valid until the meeting ends (at most the usual 30 minutes): an organizer's moderator
      // token must not carry into the next booking of the same hall.
      ttlSeconds: Math.max(60, Math.ceil((meeting.endsAt.getTime() - now.getTime()) / 1000)),
    });
    return { url: joined.url, token: joined.token, room: joined.room, expiresAt: joined.expiresAt };
  }

  // ---- helpers (access is `requireAccess`, rules in libs/platform/src/access/permissions.ts) ----

  /** A meeting changed by someone other than its organizer (a clerk, an admin) goes into the audit log. */
  private async byOther(
    actor: AuthUser,
    meeting: Meeting,
    action: string,
    details: Record<string, unknown>,
    em: EntityManager,
  ): Promise<void> {
    if (meeting.organizerId !== actor.id) await this.recordStaff(actor, meeting, action, details, em);
  }

  private recordStaff(
    actor: AuthUser,
    meeting: Meeting,
    action: string,
    details: Record<string, unknown>,
    em: EntityManager,
  ): Promise<void> {
    return this.audit.record(
      {
        actorId: actor.id,
        action,
        targetType: 'meeting',
        targetId: meeting.id,
        details: { ...details, organizerId: meeting.organizerId, kind: meeting.kind, spaceId: meeting.spaceId },
      },
      em,
    );
  }

  private async meeting(id: string): Promise<Meeting> {
    const meeting = await this.repo.findById(id);
    if (!meeting) throw AppError.notFound('Meeting');
    return meeting;
  }

  /**
   * Only meetings that are not another module's change here (a council session moves with
   * its session, a one-on-one by proposing): those answer 409 with that module's code.
   */
  private async changeable(id: string): Promise<Meeting> {
    const meeting = await this.meeting(id);
    this.meetings.assertChangeableHere(meeting);
    if (meeting.status === 'cancelled') throw ScheduleErrors.meetingCancelled('The meeting is cancelled');
    return meeting;
  }

  private async pending(id: string): Promise<Meeting> {
    const meeting = await this.meeting(id);
    if (meeting.status !== 'pending') throw ScheduleErrors.notPending('The meeting is not awaiting approval');
    return meeting;
  }

  private async pendingOfSeries(meeting: Meeting): Promise<string[]> {
    if (!meeting.seriesId) return [meeting.id];
    const all = await this.repo.findSeries(meeting.seriesId);
    return all.filter((m) => m.status === 'pending').map((m) => m.id);
  }

  /** The occurrences a change applies to (never cancelled or ended ones, except `this`). */
  private async scope(meeting: Meeting, scope: SeriesScope): Promise<{ id: string; startsAt: Date; endsAt: Date }[]> {
    const self = { id: meeting.id, startsAt: meeting.startsAt, endsAt: meeting.endsAt };
    if (scope === 'this' || !meeting.seriesId) return [self];
    const list = await this.repo.seriesIds(meeting.seriesId, scope === 'following' ? meeting.startsAt : undefined);
    const now = Date.now();
    const picked = list.filter((o) => o.id === meeting.id || o.endsAt.getTime() > now);
    return picked.length ? picked : [self];
  }

  private publishUpdated(view: MeetingView): void {
    this.meetings.publish('meeting.updated', view);
  }
}
