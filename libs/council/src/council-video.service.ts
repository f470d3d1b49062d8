import { DirectoryReader } from '@egov-box/directory';
import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { CouncilVideoJoin, CouncilViewerToken } from '@egov-box/contracts';
import { AccessService, AppError, AuditService, RateLimiter, actsOnAnyObject, type AuthUser } from '@egov-box/platform';
import { VideoErrors, VideoService, type EgressState, type PublishSource } from '@egov-box/video';
import { ANYONE, actsAsChair, councilChairId } from './council-access.js';
import { CouncilErrors } from './council.errors.js';
import { BodiesRepository } from './bodies.repository.js';
import { SittingsRepository } from './sittings.repository.js';
import { SpeakersRepository } from './speakers.repository.js';
import { RecordingsRepository } from './recordings.repository.js';
import { isLive } from './council-views.js';
import type { CouncilBody, CouncilRecording, CouncilSession } from './entities/index.js';
import { isRemoteSitting } from './sitting-form.js';

/** What whoever has the floor may publish. */
const SPEAKER_SOURCES: PublishSource[] = ['microphone', 'camera'];
/** In a remote sitting (ЗМСМА чл. 28а) every present member shows their camera; the microphone comes with the floor. */
const REMOTE_SOURCES: PublishSource[] = ['camera'];
/** Viewer tokens one client address may take per minute. */
const VIEWER_TOKENS_PER_MINUTE = 30;
const ROOM_PREFIX = 'council-';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The LiveKit room of a session. */
export const sittingVideoRoom = (sittingId: string) => `${ROOM_PREFIX}${sittingId}`;

/**
 * A session's video on LiveKit: who joins with which rights, the floor as publish rights,
 * the chair's mute, hidden subscribe-only viewers, and the Egress recording from open to
 * close. LiveKit trouble never blocks the procedure: floor and recording changes are logged
 * and the session goes on.
 */
@Injectable()
export class CouncilVideo implements OnModuleInit {
  private readonly logger = new Logger('CouncilVideo');

  constructor(
    private readonly bodiesRepo: BodiesRepository,
    private readonly sittingsRepo: SittingsRepository,
    private readonly speakersRepo: SpeakersRepository,
    private readonly recordingsRepo: RecordingsRepository,
    private readonly directory: DirectoryReader,
    private readonly video: VideoService,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
  ) {}

  onModuleInit(): void {
    this.video.onEgressChange((e) => this.egressChanged(e));
  }

  get configured(): boolean {
    return this.video.available;
  }

  /** A member's (or the chair's, or the clerk's) token for the session's room. */
  async join(actor: AuthUser, sittingId: string): Promise<CouncilVideoJoin> {
    await this.access.requireAccess(actor, 'council.video.join', sittingId);
    const { s, body } = await this.sittingAndBody(sittingId);
    // The chair and the clerks publish as they need; a member when given the floor (or their camera, remote).
    const moderates = actsAsChair(actor, body) || actsOnAnyObject(actor, 'council.video.join');
    if (!this.video.available) throw VideoErrors.notConfigured();
    if (!isLive(s)) throw CouncilErrors.sessionNotLive('The session is not open', { status: s.status });
    const speaking = (await this.speakersRepo.speaking(sittingId)).includes(actor.id);
    const remote = await isRemoteSitting(this.db.manager, sittingId);
    const canPublish = moderates || speaking || remote;
    const name = (await this.directory.names([actor.id])).get(actor.id)?.displayName ?? actor.username;
    const joined = await this.video.join({
      room: sittingVideoRoom(sittingId),
      identity: actor.id,
      name,
      role: 'participant',
      canPublish,
      publishSources: moderates ? undefined : speaking || !remote ? SPEAKER_SOURCES : REMOTE_SOURCES,
    });
    return { token: joined.token, url: joined.url, room: joined.room, canPublish };
  }

  /** A hidden, subscribe-only token for anyone (rate limited per client address). */
  async viewerToken(sittingId: string, clientAddress: string): Promise<CouncilViewerToken> {
    await this.access.requireAccess(ANYONE, 'council.sitting.read', sittingId);
    const s = (await this.sittingsRepo.sitting(sittingId))!;
    // No public stream of a closed-door sitting or item (ЗМСМА чл. 28, closed-door.ts).
    if (await this.closedDoorNow(s)) throw CouncilErrors.closedDoor('The sitting is closed-door now: no public stream');
    if (!this.video.available) throw VideoErrors.notConfigured();
    if (!isLive(s)) throw CouncilErrors.sessionNotLive('The session is not live', { status: s.status });
    const rate = await this.limiter.hit(`council-viewer:${clientAddress}`, 60);
    if (rate.count > VIEWER_TOKENS_PER_MINUTE)
      throw AppError.tooMany('Too many viewer tokens; wait a little', rate.retryAfterSeconds);
    const t = await this.video.viewerToken({
      room: sittingVideoRoom(sittingId),
      identity: `viewer-${randomUUID()}`,
      name: 'Гражданин',
    });
    return { token: t.token, url: t.url, room: t.room };
  }

  /** The chair mutes a member's published audio. */
  async mute(actor: AuthUser, sittingId: string, userId: string): Promise<void> {
    await this.access.requireAccess(actor, 'council.video.mute', sittingId);
    const room = await this.moderated(sittingId);
    const muted = await this.video.muteAudio(room, userId);
    await this.audit.record({
      actorId: actor.id,
      action: 'council.video.muted',
      targetType: 'council_session',
      targetId: sittingId,
      details: { userId, tracks: muted },
    });
  }

  /**
   * The chair takes a participant out of the sitting's video room (LiveKit's removeParticipant:
   * the connection ends at once). Only the video: attendance and the record are unchanged, and
   * the person may join again — the chair's order in the hall (a member sent out of the sitting)
   * is a procedural matter of its own, not a video action.
   */
  async remove(actor: AuthUser, sittingId: string, userId: string): Promise<void> {
    await this.access.requireAccess(actor, 'council.video.remove', sittingId);
    const room = await this.moderated(sittingId);
    if (userId === actor.id) throw CouncilErrors.cannotRemoveSelf('The chair cannot remove themselves');
    await this.video.removeParticipant(room, userId);
    await this.audit.record({
      actorId: actor.id,
      action: 'council.video.removed',
      targetType: 'council_session',
      targetId: sittingId,
      details: { userId },
    });
  }

  /** What the chair's moderation checks after its access check: LiveKit, live. Its room. */
  private async moderated(sittingId: string): Promise<string> {
    const s = (await this.sittingsRepo.sitting(sittingId))!;
    if (!this.video.available) throw VideoErrors.notConfigured();
    if (!isLive(s)) throw CouncilErrors.sessionNotLive('The session is not open', { status: s.status });
    return sittingVideoRoom(sittingId);
  }

  /**
   * The floor as publish rights: the member given the floor may publish audio and camera;
   * those whose speech ended lose it (unless they chair). Each change sends the full
   * permission set (updateParticipant replaces it). Someone not in the room is skipped.
   */
  async floor(s: Pick<CouncilSession, 'id' | 'bodyId'>, grant: string | null, revoke: string[]): Promise<void> {
    if (!this.video.available) return;
    const body = await this.bodiesRepo.body(s.bodyId);
    const keep = new Set([await councilChairId(this.directory), body?.chairId ?? null, grant]);
    const room = sittingVideoRoom(s.id);
    const after: PublishSource[] = (await isRemoteSitting(this.db.manager, s.id)) ? REMOTE_SOURCES : [];
    const changes: [string, PublishSource[]][] = [
      ...[...new Set(revoke)].filter((u) => !keep.has(u)).map((u): [string, PublishSource[]] => [u, after]),
      ...(grant ? [[grant, SPEAKER_SOURCES] as [string, PublishSource[]]] : []),
    ];
    for (const [identity, sources] of changes) {
      try {
        await this.video.setPublishing(room, identity, sources);
      } catch (err) {
        const status = (err as { status?: number }).status;
        if (status !== 404) this.logger.warn(`publish rights not changed for ${identity}: ${String(err)}`);
      }
    }
  }

  /** At open (and resume, if none is running): a room-composite recording starts. */
  async startRecording(s: CouncilSession): Promise<void> {
    if (!this.video.available || (await this.closedDoorNow(s))) return;
    const running = (await this.recordingsRepo.recordings(s.id)).filter((r) => r.status === 'recording');
    if (running.length) return;
    const room = sittingVideoRoom(s.id);
    try {
      await this.video.ensureRoom(room);
      const e = await this.video.startRoomRecording(room, `council/${s.id}/session-${s.number}-{time}.mp4`);
      await this.recordingsRepo.insertRecording({
        sessionId: s.id,
        egressId: e.egressId,
        status: e.status === 'active' ? 'recording' : e.status,
        startedAt: e.startedAt ?? new Date(),
        endedAt: e.status === 'active' ? null : (e.endedAt ?? new Date()),
        url: e.location,
        error: e.error,
      });
    } catch (err) {
      this.logger.warn(`recording not started for session ${s.id}: ${String(err)}`);
      await this.recordingsRepo.insertRecording({
        sessionId: s.id,
        egressId: null,
        status: 'failed',
        endedAt: new Date(),
        error: (err as Error).message,
      });
    }
  }

  /** Whether the sitting, or the item now being debated, is closed-door (ЗМСМА чл. 28). */
  private async closedDoorNow(s: Pick<CouncilSession, 'id' | 'closedDoorAt' | 'currentItemId'>): Promise<boolean> {
    if (s.closedDoorAt) return true;
    return !!s.currentItemId && !!(await this.sittingsRepo.item(s.id, s.currentItemId))?.closedDoorAt;
  }

  /**
   * When the current item changes (or a closed-door decision is recorded): while the sitting or
   * its current item is closed-door, no recording runs and no citizen watches (the hidden viewers
   * are taken out of the room); once an open item is taken up again the recording starts anew.
   */
  async followClosedDoor(s: CouncilSession): Promise<void> {
    if (!this.video.available || !isLive(s)) return;
    if (!(await this.closedDoorNow(s))) {
      if (s.status === 'open') await this.startRecording(s);
      return;
    }
    await this.stopRecordings(s.id);
    try {
      const room = sittingVideoRoom(s.id);
      for (const p of await this.video.listParticipants(room))
        if (p.identity.startsWith('viewer-')) await this.video.removeParticipant(room, p.identity);
    } catch (err) {
      this.logger.warn(`viewers not removed from closed-door session ${s.id}: ${String(err)}`);
    }
  }

  /** At close: every running recording is stopped (its end and file come back from LiveKit). */
  async stopRecordings(sittingId: string): Promise<void> {
    if (!this.video.available) return;
    const running = (await this.recordingsRepo.recordings(sittingId)).filter(
      (r): r is CouncilRecording & { egressId: string } => r.status === 'recording' && r.egressId !== null,
    );
    for (const r of running) {
      try {
        await this.apply(await this.video.stopRecording(r.egressId));
      } catch (err) {
        if ((err as { status?: number }).status === 404)
          await this.recordingsRepo.updateRecording(r.egressId, {
            status: 'failed',
            endedAt: new Date(),
            url: null,
            error: 'LiveKit no longer knows this recording',
          });
        else this.logger.warn(`recording ${r.egressId} not stopped: ${String(err)}`);
      }
    }
  }

  /** egress_started / egress_updated / egress_ended webhooks for a session's room. */
  private async egressChanged(e: EgressState): Promise<void> {
    if (!e.room.startsWith(ROOM_PREFIX)) return;
    const sittingId = e.room.slice(ROOM_PREFIX.length);
    if (!UUID.test(sittingId)) return;
    if (!(await this.recordingsRepo.recordingByEgress(e.egressId))) {
      if (!(await this.sittingsRepo.sitting(sittingId))) return;
      try {
        // Started outside this process's view (e.g. the start answer was lost): keep it too.
        await this.recordingsRepo.insertRecording({
          sessionId: sittingId,
          egressId: e.egressId,
          status: 'recording',
          startedAt: e.startedAt ?? new Date(),
        });
      } catch {
        // Inserted meanwhile by the start answer: the update below applies.
      }
    }
    await this.apply(e);
  }

  private async apply(e: EgressState): Promise<void> {
    await this.recordingsRepo.updateRecording(e.egressId, {
      status: e.status === 'active' ? 'recording' : e.status,
      endedAt: e.status === 'active' ? null : (e.endedAt ?? new Date()),
      url: e.location,
      error: e.status === 'failed' ? (e.error ?? 'failed') : null,
    });
  }

  private async sittingAndBody(sittingId: string): Promise<{ s: CouncilSession; body: CouncilBody }> {
    const s = await this.sittingsRepo.sitting(sittingId);
    if (!s) throw AppError.notFound('Council session');
    const body = await this.bodiesRepo.body(s.bodyId);
    if (!body) throw AppError.notFound('Council body');
    return { s, body };
  }
}
