import { z } from 'zod';
import type { DepartmentView, UserView } from './directory.js';
import type { PresenceStatus } from './events.js';

/** The door of a personal room: colleagues walk in, knock first, or stay out. */
export const DOOR_STATES = ['open', 'knock', 'closed'] as const;
export type DoorState = (typeof DOOR_STATES)[number];
export const DoorStateSchema = z.enum(DOOR_STATES);

export const SPACE_KIND_VALUES = ['personal', 'hall', 'chamber'] as const;
export type SpaceKindValue = (typeof SPACE_KIND_VALUES)[number];

export const KNOCK_STATUSES = ['pending', 'admitted', 'denied', 'expired'] as const;
export type KnockStatus = (typeof KNOCK_STATUSES)[number];

/** A space as the API shows it: its door (personal rooms only), owner and who is inside. */
export interface SpaceView {
  id: string;
  kind: SpaceKindValue;
  name: string;
  /** Personal rooms only; null for halls and the chamber. */
  door: DoorState | null;
  owner: UserView | null;
  capacity: number | null;
  location: string | null;
  equipment: string[];
  livekitRoom: string;
  /** Who LiveKit says is in the room right now. */
  participants: UserView[];
}

export const UpdateRoomRequestSchema = z.strictObject({ door: DoorStateSchema });
export type UpdateRoomRequest = z.infer<typeof UpdateRoomRequestSchema>;

export const ListSpacesQuerySchema = z.strictObject({ kind: z.enum(SPACE_KIND_VALUES).optional() });
export type ListSpacesQuery = z.infer<typeof ListSpacesQuerySchema>;

/** What the client needs to connect to the video room. */
export interface SpaceJoinResponse {
  /** LiveKit server URL (wss://…). */
  url: string;
  /** LiveKit join token for this one room; checked by LiveKit only at connect. */
  token: string;
  /** LiveKit room name. */
  room: string;
  expiresAt: string;
}

export const CreateKnockRequestSchema = z.strictObject({ message: z.string().trim().max(500).optional() });
export type CreateKnockRequest = z.infer<typeof CreateKnockRequestSchema>;

export interface KnockView {
  id: string;
  spaceId: string;
  visitor: UserView;
  owner: UserView | null;
  message: string | null;
  status: KnockStatus;
  createdAt: string;
  expiresAt: string;
  resolvedAt: string | null;
  /** Admitted knocks: until when the visitor may join (once). */
  admissionExpiresAt: string | null;
  admissionUsed: boolean;
}

export const ParticipantParamsSchema = z.strictObject({
  id: z.uuid(),
  identity: z.string().min(1).max(128),
});

/**
 * Mutes (or unmutes) one published track; without `trackSid`, mutes every microphone the
 * participant publishes (the owner's "mute" in the room page). Unmuting needs the track.
 */
export const MuteTrackRequestSchema = z
  .strictObject({
    trackSid: z.string().min(1).max(128).optional(),
    muted: z.boolean().default(true),
  })
  .refine((b) => b.trackSid !== undefined || b.muted, {
    message: 'Unmuting names the track (trackSid)',
    path: ['trackSid'],
  });
export type MuteTrackRequest = z.infer<typeof MuteTrackRequestSchema>;

/**
 * `GET /api/people`: the directory of colleagues (enabled accounts, every department). `q`
 * searches the display name and the username; `department` is a department's id.
 */
export const PeopleQuerySchema = z.strictObject({
  // PostgreSQL refuses a NUL in text: a 400 here, not a 500 from the database.
  q: z
    .string()
    .trim()
    .max(100)
    .refine((s) => !s.includes('\0'), 'must not contain NUL characters')
    .optional(),
  department: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  offset: z.coerce.number().int().min(0).max(100000).default(0),
});
export type PeopleQuery = z.infer<typeof PeopleQuerySchema>;

/** A colleague in the people directory: no e-mail, roles or account settings. */
export interface PersonView {
  id: string;
  displayName: string;
  department: DepartmentView | null;
  /** Their personal room (null only for an account made before rooms existed). */
  roomId: string | null;
  door: DoorState | null;
  /** As the presence service reports it now; null when presence is unavailable (Redis away). */
  presence: { status: PresenceStatus; spaceId: string | null; lastSeenAt: string } | null;
}

export interface PeoplePage {
  items: PersonView[];
  total: number;
}

/** How many rooms one socket may watch at once (`room.watch`). */
export const MAX_WATCHED_ROOMS = 100;

/** `room.watch` / `room.unwatch`: follow the door (and the owner's presence) of these personal rooms. */
export const RoomWatchSchema = z.strictObject({
  spaceIds: z.array(z.uuid()).min(1).max(MAX_WATCHED_ROOMS),
});
export type RoomWatch = z.infer<typeof RoomWatchSchema>;

export const KnockHistoryQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Domain error codes of rooms and knocking. */
export const ROOM_ERROR_CODES = [
  'knock_required',
  'door_closed',
  'not_invited',
  'video_unavailable',
  'knock_pending',
  'cannot_knock_own_room',
  'not_a_personal_room',
  'knock_not_pending',
] as const;
