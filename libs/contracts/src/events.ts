import { z } from 'zod';
import { answer, InstantSchema } from './answers.js';
import type { UserView } from './directory.js';
import type { OneOnOneEvent } from './one-on-one.js';
import type { MeetingChangedEvent, MeetingReminderEvent } from './schedule.js';
import type {
  CouncilAttendanceUpdatedEvent,
  CouncilSessionUpdatedEvent,
  CouncilSpeakersUpdatedEvent,
  CouncilVoteEvent,
} from './council.js';
import type { CouncilElectionEvent } from './council-elections.js';
import type { CouncilFloorTimeUpEvent } from './council-floor.js';
import type { CouncilDisplayState } from './council-display.js';

/**
 * The Socket.IO contract. Server→client events carry plain JSON; the client→server
 * events are validated by the server like any other input.
 */
export const PRESENCE_STATUSES = ['online', 'away', 'busy', 'dnd', 'offline'] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

export const PresenceUpdatedSchema = answer('PresenceUpdated', {
  userId: z.uuid(),
  status: z.enum(PRESENCE_STATUSES),
  spaceId: z.uuid().nullable(),
  lastSeenAt: InstantSchema,
});
export type PresenceUpdated = z.infer<typeof PresenceUpdatedSchema>;

/** Sent just before the server ends a socket's session (logout, disable, expiry). */
export interface SignInSessionEndedEvent {
  reason: 'logout' | 'disabled' | 'revoked' | 'expired';
}

/** `knock.requested` (to the owner) and `knock.resolved` (to visitor and owner). */
export interface KnockEvent {
  id: string;
  spaceId: string;
  visitor: { id: string; username: string; displayName: string };
  ownerId: string;
  message: string | null;
  status: 'pending' | 'admitted' | 'denied' | 'expired';
  createdAt: string;
  expiresAt: string;
  resolvedAt: string | null;
  admissionExpiresAt: string | null;
}

/** `room.occupancy` (to a personal room's owner): who is in the room's video now. */
export interface RoomOccupancyEvent {
  spaceId: string;
  participants: UserView[];
}

/** `room.door.changed`: the owner set the door (to the owner's tabs and to whoever watches the room). */
export interface RoomDoorChangedEvent {
  spaceId: string;
  ownerId: string;
  door: 'open' | 'knock' | 'closed';
}

export interface ServerToClientEvents {
  'presence.updated': (e: PresenceUpdated) => void;
  'session.ended': (e: SignInSessionEndedEvent) => void;
  'knock.requested': (e: KnockEvent) => void;
  'knock.resolved': (e: KnockEvent) => void;
  'room.occupancy': (e: RoomOccupancyEvent) => void;
  'room.door.changed': (e: RoomDoorChangedEvent) => void;
  'meeting.created': (e: MeetingChangedEvent) => void;
  'meeting.updated': (e: MeetingChangedEvent) => void;
  'meeting.cancelled': (e: MeetingChangedEvent) => void;
  'meeting.reminder': (e: MeetingReminderEvent) => void;
  'one_on_one.requested': (e: OneOnOneEvent) => void;
  'one_on_one.updated': (e: OneOnOneEvent) => void;
  'council.session.updated': (e: CouncilSessionUpdatedEvent) => void;
  /** To every `/public` socket: a published sitting was published, opened, paused, resumed, closed or edited. */
  'council.sittings.updated': (e: CouncilSessionUpdatedEvent) => void;
  'council.attendance.updated': (e: CouncilAttendanceUpdatedEvent) => void;
  'council.vote.opened': (e: CouncilVoteEvent) => void;
  'council.vote.updated': (e: CouncilVoteEvent) => void;
  'council.vote.closed': (e: CouncilVoteEvent) => void;
  'council.speakers.updated': (e: CouncilSpeakersUpdatedEvent) => void;
  /** An election round opened, a ballot cast (how many voted only), a round closed (its result). */
  'council.election.opened': (e: CouncilElectionEvent) => void;
  'council.election.updated': (e: CouncilElectionEvent) => void;
  'council.election.closed': (e: CouncilElectionEvent) => void;
  /** To the sitting's chair only: a speaker's time is up (once per speech). */
  'council.floor.time_up': (e: CouncilFloorTimeUpEvent) => void;
  /** `/display` only: the chamber's screen, whole, on connecting and on every change of its sitting. */
  'display.state': (e: CouncilDisplayState) => void;
}
export type ServerEventName = keyof ServerToClientEvents;

/** Acknowledgement of every client→server event. */
export type Ack = { ok: true; data?: unknown } | { ok: false; code: string; message: string };

export interface ClientToServerEvents {
  'presence.set': (p: { status: PresenceStatus }, ack?: (a: Ack) => void) => void;
  /** The ack's `data` is `{ version }`: the sitting's version once the socket watches it. */
  'council.watch': (p: { sessionId: string }, ack?: (a: Ack) => void) => void;
  'council.unwatch': (p: { sessionId: string }, ack?: (a: Ack) => void) => void;
  'room.watch': (p: { spaceIds: string[] }, ack?: (a: Ack) => void) => void;
  'room.unwatch': (p: { spaceIds: string[] }, ack?: (a: Ack) => void) => void;
}
export type ClientEventName = keyof ClientToServerEvents;

export const REALTIME_NAMESPACE = '/realtime';
export const PUBLIC_NAMESPACE = '/public';
export const SOCKET_PATH = '/socket.io';
