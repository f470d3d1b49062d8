import { Injectable, Logger, Optional, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  AccessToken,
  EgressClient,
  EgressStatus,
  EncodedFileOutput,
  RoomServiceClient,
  TrackSource,
  TrackType,
  WebhookReceiver,
  type EgressInfo,
  type VideoGrant,
  type WebhookEvent,
} from 'livekit-server-sdk';
import { AppConfig, AppError, EventBus, type LiveKitConfig } from '@egov-box/platform';
import { VideoErrors } from './video.errors.js';
import { VideoRepository, type OccupancyChange } from './video.repository.js';

export type { OccupancyChange };

/** Longest a join token is valid (LiveKit checks it only when connecting). */
export const JOIN_TOKEN_TTL_SECONDS = 30 * 60;
/** LiveKit closes an empty room after this many seconds. */
export const ROOM_EMPTY_TIMEOUT_SECONDS = 5 * 60;

export interface JoinTokenRequest {
  /** LiveKit room name. */
  room: string;
  /** The user id. */
  identity: string;
  /** Shown to the others. */
  name: string;
  /** The owner or a moderator gets roomAdmin; everyone else is a plain participant. */
  role: 'participant' | 'moderator';
  /** Seconds; capped at {@link JOIN_TOKEN_TTL_SECONDS}. */
  ttlSeconds?: number;
  /** Created on LiveKit before the token is handed out. */
  maxParticipants?: number;
  /** Default true. False: the participant joins without publishing (e.g. a councillor without the floor). */
  canPublish?: boolean;
  /** What may be published (default: anything). */
  publishSources?: PublishSource[];
}

/** Track sources a participant may publish. */
export type PublishSource = 'microphone' | 'camera' | 'screen_share' | 'screen_share_audio';
const SOURCE: Record<PublishSource, TrackSource> = {
  microphone: TrackSource.MICROPHONE,
  camera: TrackSource.CAMERA,
  screen_share: TrackSource.SCREEN_SHARE,
  screen_share_audio: TrackSource.SCREEN_SHARE_AUDIO,
};

/** A recording (Egress) as the portal needs it. */
export interface EgressState {
  egressId: string;
  room: string;
  /** `active` while starting, recording or ending. */
  status: 'active' | 'complete' | 'failed';
  startedAt: Date | null;
  endedAt: Date | null;
  /** Where the file was stored (once complete). */
  location: string | null;
  error: string | null;
}

export type EgressListener = (state: EgressState) => void | Promise<void>;

/** LiveKit's int64 nanoseconds to a Date (0 = not set). */
function nanos(v: bigint | undefined): Date | null {
  return v ? new Date(Number(v / 1_000_000n)) : null;
}

/** The portal's view of an EgressInfo. */
export function egressState(info: EgressInfo): EgressState {
  const file = info.fileResults?.[0] ?? (info.result?.case === 'file' ? info.result.value : undefined);
  const location = file?.location || null;
  let status: EgressState['status'] = 'active';
  if (info.status === EgressStatus.EGRESS_COMPLETE) status = 'complete';
  else if (info.status === EgressStatus.EGRESS_LIMIT_REACHED) status = location ? 'complete' : 'failed';
  else if (info.status === EgressStatus.EGRESS_FAILED || info.status === EgressStatus.EGRESS_ABORTED) status = 'failed';
  return {
    egressId: info.egressId,
    room: info.roomName,
    status,
    startedAt: nanos(info.startedAt),
    endedAt: nanos(info.endedAt),
    location,
    error: info.error || null,
  };
}

export interface VideoJoin {
  url: string;
  token: string;
  room: string;
  expiresAt: string;
}

export type OccupancyListener = (change: OccupancyChange) => void | Promise<void>;

/**
 * LiveKit for every module: rooms are created by the server (never by clients), join
 * tokens carry the least grants for one room, moderation goes through the room service,
 * and webhooks (plus a periodic reconciliation) tell who is really inside.
 */
/**
 * Where a webhook stands in time, for "older events never override newer ones". LiveKit's
 * `createdAt` has whole seconds only, so a leave and a rejoin within one second tied, and the
 * tie went to the leave: the person was inside with the portal showing the room empty (seen
 * against a real LiveKit server). A participant event is placed by its connection instead —
 * `joinedAtMs`, when that connection began — and a connection's leave 1 ms after its join, so
 * any event of a later connection of the same identity wins over every event of an earlier one
 * (also when LiveKit reports the old connection's leave after the new one's join, as with a
 * duplicate identity). Without `joinedAtMs` (older servers) `createdAt` is used as before.
 */
export function eventTime(event: WebhookEvent): Date {
  const p = event.participant;
  const started = Number(p?.joinedAtMs ?? 0n) || Number(p?.joinedAt ?? 0n) * 1000;
  if (p && started > 0) return new Date(started + (event.event === 'participant_joined' ? 0 : 1));
  return new Date(Number(event.createdAt ?? 0n) * 1000 || Date.now());
}

@Injectable()
export class VideoService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Video');
  private readonly livekit: LiveKitConfig | undefined;
  private readonly rooms?: RoomServiceClient;
  private readonly egress?: EgressClient;
  private readonly receiver?: WebhookReceiver;
  private readonly listeners: OccupancyListener[] = [];
  private readonly egressListeners: EgressListener[] = [];
  private timer?: NodeJS.Timeout;
  private unsubscribe?: () => void;

  constructor(
    private readonly config: AppConfig,
    private readonly repo: VideoRepository,
    @Optional() private readonly bus?: EventBus,
  ) {
    this.livekit = config.livekit;
    if (this.livekit) {
      this.rooms = new RoomServiceClient(this.livekit.url, this.livekit.apiKey, this.livekit.apiSecret, {
        requestTimeout: 5,
        failover: false,
      });
      this.egress = new EgressClient(this.livekit.url, this.livekit.apiKey, this.livekit.apiSecret, {
        requestTimeout: 10,
        failover: false,
      });
      this.receiver = new WebhookReceiver(this.livekit.apiKey, this.livekit.apiSecret);
    }
  }

  /** False when no LiveKit is configured: joins answer 503 `video_unavailable`. */
  get available(): boolean {
    return Boolean(this.livekit);
  }

  onApplicationBootstrap(): void {
    if (!this.rooms) return;
    // A disabled account leaves every video room at once: LiveKit refreshes the tokens of
    // connected participants, so waiting for the token to expire would keep them inside.
    this.unsubscribe = this.bus?.subscribe((e) =>
      e.kind === 'disconnect' && e.reason === 'disabled' && e.users?.length
        ? this.removeEverywhere(e.users)
        : undefined,
    );
    const every = this.config.livekitReconcileSeconds * 1000;
    this.timer = setInterval(() => {
      this.reconcile().catch((err: unknown) => this.logger.warn(`reconciliation failed: ${String(err)}`));
    }, every);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
  }

  /**
   * Removes these people from every LiveKit room they are in — the rooms the portal knows
   * of (webhooks, reconciliation) and any LiveKit reports now; someone already gone is fine.
   */
  async removeEverywhere(identities: string[]): Promise<void> {
    const rooms = this.requireRooms();
    const wanted = new Set(identities);
    const pairs = new Map((await this.repo.roomsOf(identities)).map((r) => [`${r.room}\n${r.identity}`, r]));
    for (const room of await rooms.listRooms()) {
      for (const p of await rooms.listParticipants(room.name))
        if (wanted.has(p.identity)) pairs.set(`${room.name}\n${p.identity}`, { room: room.name, identity: p.identity });
    }
    for (const { room, identity } of pairs.values()) {
      try {
        await rooms.removeParticipant(room, identity);
      } catch (err) {
        if (!/not found|not_found|404/i.test(String((err as Error).message ?? err)))
          this.logger.warn(`could not remove ${identity} from ${room}: ${String(err)}`);
      }
    }
  }

  /** Called (in this process) whenever someone enters or leaves a room. */
  onOccupancyChange(listener: OccupancyListener): void {
    this.listeners.push(listener);
  }

  /** Called (in the process that received it) for every egress_started/updated/ended webhook. */
  onEgressChange(listener: EgressListener): void {
    this.egressListeners.push(listener);
  }

  /** Creates the LiveKit room (idempotent on LiveKit's side). */
  async ensureRoom(room: string, options: { maxParticipants?: number } = {}): Promise<void> {
    const rooms = this.requireRooms();
    await this.call(() =>
      rooms.createRoom({
        name: room,
        emptyTimeout: ROOM_EMPTY_TIMEOUT_SECONDS,
        maxParticipants: options.maxParticipants ?? 0,
      }),
    );
  }

  /** Creates the room on LiveKit, then a token for it. 503 `video_unavailable` when LiveKit is off or down. */
  async join(request: JoinTokenRequest): Promise<VideoJoin> {
    await this.ensureRoom(request.room, { maxParticipants: request.maxParticipants });
    return this.token(request);
  }

  /** A join token for one room (the room must exist: see {@link ensureRoom}). */
  async token(request: JoinTokenRequest): Promise<VideoJoin> {
    const livekit = this.requireConfig();
    const ttl = Math.min(request.ttlSeconds ?? JOIN_TOKEN_TTL_SECONDS, JOIN_TOKEN_TTL_SECONDS);
    const at = new AccessToken(livekit.apiKey, livekit.apiSecret, {
      identity: request.identity,
      name: request.name,
      ttl,
    });
    const grant: VideoGrant = {
      room: request.room,
      roomJoin: true,
      canPublish: request.canPublish ?? true,
      canSubscribe: true,
      canPublishData: true,
    };
    if (request.canPublish !== false && request.publishSources)
      grant.canPublishSources = request.publishSources.map((s) => SOURCE[s]);
    if (request.role === 'moderator') grant.roomAdmin = true;
    at.addGrant(grant);
    return this.answer(request.room, await at.toJwt(), ttl);
  }

  /**
   * A hidden, subscribe-only token (e.g. the public stream of a council session): the
   * viewer sees and hears, is not listed to others, publishes nothing.
   */
  async viewerToken(request: {
    room: string;
    identity: string;
    name?: string;
    ttlSeconds?: number;
  }): Promise<VideoJoin> {
    const livekit = this.requireConfig();
    const ttl = Math.min(request.ttlSeconds ?? JOIN_TOKEN_TTL_SECONDS, JOIN_TOKEN_TTL_SECONDS);
    const at = new AccessToken(livekit.apiKey, livekit.apiSecret, {
      identity: request.identity,
      name: request.name,
      ttl,
    });
    at.addGrant({
      room: request.room,
      roomJoin: true,
      canSubscribe: true,
      canPublish: false,
      canPublishData: false,
      canUpdateOwnMetadata: false,
      hidden: true,
    });
    return this.answer(request.room, await at.toJwt(), ttl);
  }

  async listParticipants(room: string): Promise<{ identity: string; name: string; hidden: boolean }[]> {
    const rooms = this.requireRooms();
    const list = await this.call(() => rooms.listParticipants(room));
    return list.map((p) => ({ identity: p.identity, name: p.name, hidden: Boolean(p.permission?.hidden) }));
  }

  /**
   * Whether a participant is in the room now with a camera track published and not muted
   * (LiveKit's listParticipants: the server's own view of the connection, not the client's word).
   */
  async cameraOn(room: string, identity: string): Promise<boolean> {
    const rooms = this.requireRooms();
    // A room nobody has joined yet is no camera.
    const list = await this.call(() =>
      rooms.listParticipants(room).catch((err: { status?: number }) => {
        if (err.status === 404) return [];
        throw err;
      }),
    );
    const p = list.find((x) => x.identity === identity);
    return Boolean(p?.tracks.some((t) => t.source === TrackSource.CAMERA && t.type === TrackType.VIDEO && !t.muted));
  }

  async removeParticipant(room: string, identity: string): Promise<void> {
    const rooms = this.requireRooms();
    await this.call(() => rooms.removeParticipant(room, identity), VideoErrors.participantNotFound);
  }

  async muteTrack(
    room: string,
    identity: string,
    trackSid: string,
    muted = true,
  ): Promise<{ sid: string; muted: boolean }> {
    const rooms = this.requireRooms();
    const track = await this.call(
      () => rooms.mutePublishedTrack(room, identity, trackSid, muted),
      VideoErrors.trackNotFound,
    );
    // A real LiveKit server answers an unknown track of a present participant with no track
    // at all (not a 404): that is a 404 here too, not a 500.
    if (!track) throw VideoErrors.trackNotFound();
    return { sid: track.sid, muted: track.muted };
  }

  /** Changes what a participant may do (e.g. take publishing away). */
  async setPermissions(
    room: string,
    identity: string,
    permission: { canPublish?: boolean; canSubscribe?: boolean; canPublishData?: boolean },
  ): Promise<void> {
    const rooms = this.requireRooms();
    await this.call(() => rooms.updateParticipant(room, identity, { permission }), VideoErrors.participantNotFound);
  }

  /**
   * Sets everything a participant may do in one call: LiveKit replaces the whole permission
   * set on updateParticipant, so every field is given (publishing only the listed sources).
   * 404 when the participant is not in the room.
   */
  async setPublishing(room: string, identity: string, publish: PublishSource[]): Promise<void> {
    const rooms = this.requireRooms();
    const permission = {
      canSubscribe: true,
      canPublish: publish.length > 0,
      canPublishData: true,
      canPublishSources: publish.map((s) => SOURCE[s]),
      hidden: false,
      recorder: false,
      canUpdateMetadata: false,
      agent: false,
      canSubscribeMetrics: false,
    };
    await this.call(() => rooms.updateParticipant(room, identity, { permission }), VideoErrors.participantNotFound);
  }

  /** Mutes every audio track a participant publishes; returns how many were muted. 404 when not in the room. */
  async muteAudio(room: string, identity: string): Promise<number> {
    const rooms = this.requireRooms();
    const p = await this.call(() => rooms.getParticipant(room, identity), VideoErrors.participantNotFound);
    const audio = (p.tracks ?? []).filter((t) => t.type === TrackType.AUDIO && !t.muted);
    for (const t of audio)
      await this.call(() => rooms.mutePublishedTrack(room, identity, t.sid, true), VideoErrors.trackNotFound);
    return audio.length;
  }

  /**
   * Starts a room-composite recording (Egress) of a room into a file on Egress's configured
   * storage. 503 `video_unavailable` when LiveKit is off or the call fails.
   */
  async startRoomRecording(room: string, filepath: string): Promise<EgressState> {
    const egress = this.requireEgress();
    const info = await this.call(() =>
      egress.startRoomCompositeEgress(room, { file: new EncodedFileOutput({ filepath }) }, { layout: 'grid' }),
    );
    return egressState(info);
  }

  /** Stops a recording; 404 when LiveKit no longer knows it. */
  async stopRecording(egressId: string): Promise<EgressState> {
    const egress = this.requireEgress();
    const info = await this.call(
      () => egress.stopEgress(egressId),
      () => AppError.notFound('Recording'),
    );
    return egressState(info);
  }

  /** Who is in these rooms, as far as webhooks and reconciliation know (no call to LiveKit). */
  async occupants(rooms: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(rooms.map((r) => [r, []]));
    for (const row of await this.repo.occupants(rooms)) out.get(row.room)?.push(row.identity);
    return out;
  }

  /** The rooms these identities are in (most recent first). */
  async roomsOf(identities: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const row of await this.repo.roomsOf(identities)) {
      const list = out.get(row.identity) ?? [];
      list.push(row.room);
      out.set(row.identity, list);
    }
    return out;
  }

  /**
   * A LiveKit webhook: verified (JWT signed with our secret, carrying the body's sha256),
   * processed once per event id, applied so that older events never override newer ones.
   */
  async receiveWebhook(
    rawBody: string | undefined,
    authorization: string | undefined,
  ): Promise<{ duplicate: boolean }> {
    if (!this.receiver) throw VideoErrors.unavailable();
    if (rawBody === undefined) throw VideoErrors.badEvent('A JSON body is required');
    let event: WebhookEvent;
    try {
      // LiveKit sends the token in Authorization without the Bearer prefix; accept both.
      const token = authorization?.replace(/^Bearer\s+/i, '');
      event = await this.receiver.receive(rawBody, token);
    } catch (err) {
      if (err instanceof SyntaxError) throw VideoErrors.badEvent('The body is not valid JSON');
      this.logger.warn(`webhook refused: ${(err as Error).message}`);
      throw VideoErrors.badSignature();
    }
    if (!event.id) throw VideoErrors.badEvent('The event has no id');
    if (event.egressInfo && event.event.startsWith('egress_')) {
      const info = event.egressInfo;
      const fresh = await this.repo.transaction((em) => this.repo.claimEvent(em, event.id, event.event));
      if (!fresh) return { duplicate: true };
      await this.notifyEgress(egressState(info));
      return { duplicate: false };
    }
    const at = eventTime(event);
    const room = event.room?.name;
    const identity = event.participant?.identity;
    const changes = await this.repo.transaction(async (em) => {
      if (!(await this.repo.claimEvent(em, event.id, event.event))) return null;
      const out: OccupancyChange[] = [];
      if (room && identity && event.event === 'participant_joined') {
        if (await this.repo.setPresent(em, room, identity, true, at)) out.push({ room, identity, present: true });
      } else if (
        room &&
        identity &&
        (event.event === 'participant_left' || event.event === 'participant_connection_aborted')
      ) {
        // A left without a join (LiveKit's known disorder) is recorded too, so a late join stays out.
        if (await this.repo.setPresent(em, room, identity, false, at)) out.push({ room, identity, present: false });
      } else if (room && event.event === 'room_finished') {
        out.push(...(await this.repo.emptyRoom(em, room, at)));
      }
      return out;
    });
    if (changes === null) return { duplicate: true };
    await this.notify(changes);
    return { duplicate: false };
  }

  /**
   * Repairs missed webhooks: asks LiveKit who is in every active room and in every room we
   * believe occupied. Idempotent, so every process may run it.
   */
  async reconcile(): Promise<void> {
    const rooms = this.requireRooms();
    const active = await rooms.listRooms();
    const names = new Set([...active.map((r) => r.name), ...(await this.repo.occupiedRooms())]);
    const activeNames = new Set(active.map((r) => r.name));
    const now = new Date();
    const changes: OccupancyChange[] = [];
    for (const room of names) {
      const inside = activeNames.has(room)
        ? new Set((await rooms.listParticipants(room)).filter((p) => !p.permission?.hidden).map((p) => p.identity))
        : new Set<string>();
      const known = new Set((await this.repo.occupants([room])).map((r) => r.identity));
      for (const identity of inside) {
        if (!known.has(identity) && (await this.repo.setPresent(undefined, room, identity, true, now))) {
          changes.push({ room, identity, present: true });
        }
      }
      for (const identity of known) {
        if (!inside.has(identity) && (await this.repo.setPresent(undefined, room, identity, false, now))) {
          changes.push({ room, identity, present: false });
        }
      }
    }
    await this.notify(changes);
  }

  private async notify(changes: OccupancyChange[]): Promise<void> {
    for (const change of changes) {
      for (const l of this.listeners) {
        try {
          await l(change);
        } catch (err) {
          this.logger.warn(`occupancy listener failed: ${String(err)}`);
        }
      }
    }
  }

  private async notifyEgress(state: EgressState): Promise<void> {
    for (const l of this.egressListeners) {
      try {
        await l(state);
      } catch (err) {
        this.logger.warn(`egress listener failed: ${String(err)}`);
      }
    }
  }

  private requireEgress(): EgressClient {
    if (!this.egress) throw VideoErrors.unavailable();
    return this.egress;
  }

  private answer(room: string, token: string, ttl: number): VideoJoin {
    return {
      url: this.requireConfig().url,
      token,
      room,
      expiresAt: new Date(Date.now() + ttl * 1000).toISOString(),
    };
  }

  private requireConfig(): LiveKitConfig {
    if (!this.livekit) throw VideoErrors.unavailable();
    return this.livekit;
  }

  private requireRooms(): RoomServiceClient {
    if (!this.rooms) throw VideoErrors.unavailable();
    return this.rooms;
  }

  /** A LiveKit outage is a 503, never a 500; a 404 from LiveKit becomes ours. */
  private async call<T>(work: () => Promise<T>, notFound?: () => Error): Promise<T> {
    try {
      return await work();
    } catch (err) {
      const status = (err as { status?: number }).status;
      if (notFound && status === 404) throw notFound();
      this.logger.warn(`LiveKit call failed: ${(err as Error).message}`);
      throw VideoErrors.unavailable();
    }
  }
}
