import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type {
  DoorState,
  PeoplePage,
  PeopleQuery,
  PersonView,
  SpaceJoinResponse,
  KnockEvent,
  KnockView,
  MuteTrackRequest,
  SpaceKindValue,
  SpaceView,
  UserView,
} from '@egov-box/contracts';
import { UsersService, type Space } from '@egov-box/directory';
import {
  AccessService,
  AppConfig,
  AppError,
  EventBus,
  RateLimiter,
  actsOnAnyObject,
  type AuthUser,
} from '@egov-box/platform';
import { PresenceService } from '@egov-box/presence';
import { MeetingsService } from '@egov-box/schedule';
import { VideoService, type OccupancyChange, VideoErrors } from '@egov-box/video';
import { RoomErrors } from './rooms.errors.js';
import { RoomsRepository, type KnockRow, type PersonRow } from './rooms.repository.js';

/** How long an admitted visitor may take to join (once). */
export const ADMISSION_SECONDS = 10 * 60;
/** Knocks one visitor may make per minute. */
export const KNOCKS_PER_MINUTE = 10;
/** Most people in a personal room's video call. */
export const PERSONAL_ROOM_MAX_PARTICIPANTS = 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Personal rooms, their doors and knocks; joining any space's video.
 *
 * Door rules for joining a personal room: the owner always (as moderator); `open`: any
 * signed-in colleague; `knock`: a visitor with an unused admission (an admitted knock, valid
 * ADMISSION_SECONDS, used once), else 403 `knock_required`; `closed`: the owner only, else
 * 403 `door_closed`. Whatever the door, the organizer and the invitees of a meeting held in
 * the room (a one-on-one) enter during its join window. Halls and the chamber (no door):
 * the organizer and the invitees (not declined) of a meeting held there, during its join
 * window, and administrators, all as participants; anyone else 403 `not_invited`. Who may
 * try each action is its permission (`room.join`, `room.moderate`, `knock.answer`… in
 * libs/platform/src/access/permissions.ts), checked first by `requireAccess`.
 */
@Injectable()
export class RoomsService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Rooms');
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly repo: RoomsRepository,
    private readonly users: UsersService,
    private readonly video: VideoService,
    private readonly presence: PresenceService,
    private readonly bus: EventBus,
    private readonly rateLimiter: RateLimiter,
    private readonly config: AppConfig,
    private readonly meetings: MeetingsService,
    private readonly access: AccessService,
  ) {}

  onModuleInit(): void {
    this.presence.registerProvider({
      locate: (userIds) => this.locate(userIds),
      watchers: (userId) => this.watchers(userId),
      watchedSpaces: async (userId) => {
        const room = await this.repo.personalRoomOf(userId);
        return room ? [room.id] : [];
      },
    });
    this.video.onOccupancyChange((change) => this.occupancyChanged(change));
  }

  onApplicationBootstrap(): void {
    const every = Math.min(5000, Math.max(250, (this.config.knockExpirySeconds * 1000) / 4));
    this.sweeper = setInterval(() => {
      this.expireKnocks().catch((err: unknown) => this.logger.warn(`knock expiry failed: ${String(err)}`));
    }, every);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  // ---- rooms and spaces -------------------------------------------------------------

  async myRoom(actor: AuthUser): Promise<SpaceView> {
    await this.access.requireAccess(actor, 'room.manageOwn');
    const room = await this.repo.personalRoomOf(actor.id);
    if (!room) throw RoomErrors.noPersonalRoom();
    return (await this.views([room]))[0]!;
  }

  /**
   * Sets the door and tells the owner's other tabs and everyone watching the room
   * (`room.watch`: a visitor's open room page, the people directory) at once.
   */
  async setDoor(actor: AuthUser, door: DoorState): Promise<SpaceView> {
    await this.access.requireAccess(actor, 'room.manageOwn');
    await this.repo.setDoor(actor.id, door);
    const view = await this.myRoom(actor);
    this.bus.publish(
      'room.door.changed',
      { spaceId: view.id, ownerId: actor.id, door },
      {
        users: [actor.id],
        spaces: [view.id],
      },
    );
    return view;
  }

  /**
   * The people directory: any signed-in person sees every enabled colleague's name,
   * department, room, door and presence (the same facts `GET /api/spaces` and
   * `GET /api/presence` already give them), and nothing of the account.
   */
  async people(actor: AuthUser, query: PeopleQuery): Promise<PeoplePage> {
    await this.access.requireAccess(actor, 'people.read');
    const { items, total } = await this.repo.people(query);
    let presence = new Map<string, PersonView['presence']>();
    try {
      const now = items.length ? await this.presence.snapshot(items.map((p) => p.id)) : [];
      presence = new Map(
        now.map((p) => [p.userId, { status: p.status, spaceId: p.spaceId, lastSeenAt: p.lastSeenAt }]),
      );
    } catch (err) {
      // Presence lives in Redis when there is one; without it the directory still answers.
      this.logger.warn(`people: presence unavailable: ${String(err)}`);
    }
    return { items: items.map((p: PersonRow) => ({ ...p, presence: presence.get(p.id) ?? null })), total };
  }

  /** Whether the actor may follow every one of these rooms (`room.watch`: personal rooms only). */
  async mayWatch(actor: AuthUser, spaceIds: string[]): Promise<boolean> {
    const ids = [...new Set(spaceIds)];
    return (await this.access.allowed(actor, 'room.watch', ids)).size === ids.length;
  }

  async list(actor: AuthUser, kind?: SpaceKindValue): Promise<SpaceView[]> {
    await this.access.requireAccess(actor, 'space.read');
    return this.views(await this.repo.listSpaces(kind));
  }

  async get(actor: AuthUser, id: string): Promise<SpaceView> {
    await this.access.requireAccess(actor, 'space.read', id);
    return (await this.views([await this.space(id)]))[0]!;
  }

  async join(actor: AuthUser, spaceId: string): Promise<SpaceJoinResponse> {
    await this.access.requireAccess(actor, 'room.join', spaceId);
    const space = await this.space(spaceId);
    const access = await this.joinAccess(actor, space);
    if (!this.video.available) throw VideoErrors.unavailable('Video is not configured');
    const maxParticipants = space.kind === 'personal' ? PERSONAL_ROOM_MAX_PARTICIPANTS : (space.capacity ?? 0);
    await this.video.ensureRoom(space.livekitRoom, { maxParticipants });
    // The admission is used only once the video room exists, so an outage does not waste it.
    if (access === 'admission' && !(await this.repo.useAdmission(space.id, actor.id))) throw RoomErrors.knockRequired();
    return this.video.token({
      room: space.livekitRoom,
      identity: actor.id,
      name: actor.displayName,
      role: access === 'moderator' ? 'moderator' : 'participant',
    });
  }

  async removeParticipant(actor: AuthUser, spaceId: string, identity: string): Promise<void> {
    await this.access.requireAccess(actor, 'room.moderate', spaceId);
    const space = await this.space(spaceId);
    await this.video.removeParticipant(space.livekitRoom, identity);
  }

  /** One track, or (without `trackSid`) every microphone of the participant: `sid` is null then. */
  async muteTrack(
    actor: AuthUser,
    spaceId: string,
    identity: string,
    body: MuteTrackRequest,
  ): Promise<{ sid: string | null; muted: boolean }> {
    await this.access.requireAccess(actor, 'room.moderate', spaceId);
    const space = await this.space(spaceId);
    if (body.trackSid) return this.video.muteTrack(space.livekitRoom, identity, body.trackSid, body.muted);
    await this.video.muteAudio(space.livekitRoom, identity);
    return { sid: null, muted: true };
  }

  // ---- knocks -----------------------------------------------------------------------

  async knock(actor: AuthUser, spaceId: string, message: string | undefined): Promise<KnockView> {
    await this.access.requireAccess(actor, 'room.knock', spaceId);
    const space = await this.space(spaceId);
    if (space.kind !== 'personal' || !space.ownerId) throw RoomErrors.notPersonal();
    if (space.ownerId === actor.id) throw RoomErrors.ownRoom();
    if (space.door === 'closed') throw RoomErrors.doorClosed();
    const rate = await this.rateLimiter.hit(`knock:${actor.id}`, 60);
    if (rate.count > KNOCKS_PER_MINUTE)
      throw AppError.tooMany('Too many knocks; wait a little', rate.retryAfterSeconds);
    const knock = await this.repo.insertKnock(
      space.id,
      actor.id,
      message?.trim() || null,
      this.config.knockExpirySeconds,
    );
    const view = await this.knockView(knock);
    this.bus.publish('knock.requested', this.knockEvent(view), { users: [knock.ownerId] });
    return view;
  }

  async admit(actor: AuthUser, knockId: string): Promise<KnockView> {
    await this.access.requireAccess(actor, 'knock.answer', knockId);
    return this.resolve(knockId, 'admitted');
  }

  async deny(actor: AuthUser, knockId: string): Promise<KnockView> {
    await this.access.requireAccess(actor, 'knock.answer', knockId);
    return this.resolve(knockId, 'denied');
  }

  async history(actor: AuthUser, limit: number): Promise<KnockView[]> {
    await this.access.requireAccess(actor, 'room.manageOwn');
    const room = await this.repo.personalRoomOf(actor.id);
    if (!room) throw RoomErrors.noPersonalRoom();
    return this.knockViews(await this.repo.knocksOn(room.id, limit));
  }

  /** Announces every knock that expired unanswered (claimed in the database: once across processes). */
  async expireKnocks(): Promise<number> {
    const expired = await this.repo.expireKnocks();
    for (const view of await this.knockViews(expired)) {
      const users = [view.visitor.id, ...(view.owner ? [view.owner.id] : [])];
      this.bus.publish('knock.resolved', this.knockEvent(view), { users });
    }
    return expired.length;
  }

  private async resolve(knockId: string, status: 'admitted' | 'denied'): Promise<KnockView> {
    const resolved = await this.repo.resolveKnock(knockId, status, ADMISSION_SECONDS);
    if (!resolved) {
      const now = await this.repo.findKnock(knockId);
      const status = now?.status === 'pending' ? 'expired' : (now?.status ?? 'unknown');
      throw RoomErrors.knockNotPending(`This knock is no longer pending (${status})`, { status });
    }
    const view = await this.knockView(resolved);
    this.bus.publish('knock.resolved', this.knockEvent(view), { users: [resolved.visitorId, resolved.ownerId] });
    return view;
  }

  // ---- helpers ----------------------------------------------------------------------

  private async space(id: string): Promise<Space> {
    const space = await this.repo.findSpace(id);
    if (!space) throw RoomErrors.spaceNotFound();
    return space;
  }

  private async joinAccess(actor: AuthUser, space: Space): Promise<'moderator' | 'participant' | 'admission'> {
    if (space.kind !== 'personal') {
      // A hall's (or the chamber's) LiveKit room is the one its meetings are held in: only
      // those invited to a meeting there now, and the administrators who moderate halls.
      if (actsOnAnyObject(actor, 'room.join') || (await this.meetings.invitedNow(space.id, actor.id)))
        return 'participant';
      throw RoomErrors.notInvited();
    }
    if (space.ownerId === actor.id) return 'moderator';
    if (space.door === 'open') return 'participant';
    if (await this.meetings.invitedNow(space.id, actor.id)) return 'participant';
    if (space.door === 'closed') throw RoomErrors.doorClosed();
    if (await this.repo.hasAdmission(space.id, actor.id)) return 'admission';
    throw RoomErrors.knockRequired();
  }

  private async views(spaces: Space[]): Promise<SpaceView[]> {
    const occupants = await this.video.occupants(spaces.map((s) => s.livekitRoom));
    const ids = new Set<string>();
    for (const s of spaces) if (s.ownerId) ids.add(s.ownerId);
    for (const list of occupants.values()) for (const i of list) if (UUID.test(i)) ids.add(i);
    const people = new Map((await this.users.views([...ids])).map((u) => [u.id, u]));
    return spaces.map((s) => ({
      id: s.id,
      kind: s.kind,
      name: s.name,
      door: s.kind === 'personal' ? (s.door ?? 'knock') : null,
      owner: s.ownerId ? (people.get(s.ownerId) ?? null) : null,
      capacity: s.capacity,
      location: s.location,
      equipment: s.equipment,
      livekitRoom: s.livekitRoom,
      participants: (occupants.get(s.livekitRoom) ?? [])
        .map((i) => people.get(i))
        .filter((u): u is UserView => Boolean(u)),
    }));
  }

  private async knockView(k: KnockRow): Promise<KnockView> {
    return (await this.knockViews([k]))[0]!;
  }

  private async knockViews(knocks: KnockRow[]): Promise<KnockView[]> {
    const people = new Map(
      (await this.users.views(knocks.flatMap((k) => [k.visitorId, k.ownerId]))).map((u) => [u.id, u]),
    );
    return knocks.map((k) => ({
      id: k.id,
      spaceId: k.spaceId,
      visitor: people.get(k.visitorId)!,
      owner: people.get(k.ownerId) ?? null,
      message: k.message,
      status: k.status,
      createdAt: k.createdAt.toISOString(),
      expiresAt: k.expiresAt.toISOString(),
      resolvedAt: k.resolvedAt?.toISOString() ?? null,
      admissionExpiresAt: k.admissionExpiresAt?.toISOString() ?? null,
      admissionUsed: k.admissionUsedAt !== null,
    }));
  }

  private knockEvent(v: KnockView): KnockEvent {
    return {
      id: v.id,
      spaceId: v.spaceId,
      visitor: { id: v.visitor.id, username: v.visitor.username, displayName: v.visitor.displayName },
      ownerId: v.owner?.id ?? '',
      message: v.message,
      status: v.status,
      createdAt: v.createdAt,
      expiresAt: v.expiresAt,
      resolvedAt: v.resolvedAt,
      admissionExpiresAt: v.admissionExpiresAt,
    };
  }

  // ---- presence provider ------------------------------------------------------------

  private async locate(userIds: string[]): Promise<Map<string, string>> {
    const rooms = await this.video.roomsOf(userIds);
    const spaces = await this.repo.spacesByRooms([...new Set([...rooms.values()].flat())]);
    const out = new Map<string, string>();
    for (const [userId, names] of rooms) {
      const space = names.map((n) => spaces.get(n)).find(Boolean);
      if (space) out.set(userId, space.id);
    }
    return out;
  }

  /** People inside the user's personal room see the user's presence. */
  private async watchers(userId: string): Promise<string[]> {
    const room = await this.repo.personalRoomOf(userId);
    return room ? this.occupantIds(room.livekitRoom) : [];
  }

  /** The users in a LiveKit room now, in the order they came in. */
  private async occupantIds(livekitRoom: string): Promise<string[]> {
    return ((await this.video.occupants([livekitRoom])).get(livekitRoom) ?? []).filter((i) => UUID.test(i));
  }

  private async occupancyChanged(change: OccupancyChange): Promise<void> {
    if (UUID.test(change.identity)) await this.presence.changed(change.identity);
    // Whoever entered someone's room now sees that person's presence.
    const space = (await this.repo.spacesByRooms([change.room])).get(change.room);
    if (space?.kind === 'personal' && space.ownerId && space.ownerId !== change.identity && change.present) {
      await this.presence.changed(space.ownerId);
    }
    // The owner's page shows who is inside, with the controls to mute or remove them.
    if (space?.kind === 'personal' && space.ownerId) {
      const ids = await this.occupantIds(change.room);
      const people = new Map((await this.users.views(ids)).map((u) => [u.id, u]));
      const participants = ids.map((id) => people.get(id)).filter((u): u is UserView => Boolean(u));
      this.bus.publish('room.occupancy', { spaceId: space.id, participants }, { users: [space.ownerId] });
    }
  }
}
