import { z } from 'zod';
import { answer, InstantSchema } from './answers.js';
import { DepartmentViewSchema, UserViewSchema } from './directory.js';
import { PRESENCE_STATUSES } from './events.js';

/** The door of a personal room: colleagues walk in, knock first, or stay out. */
export const DOOR_STATES = ['open', 'knock', 'closed'] as const;
export type DoorState = (typeof DOOR_STATES)[number];
export const DoorStateSchema = z.enum(DOOR_STATES);

export const SPACE_KIND_VALUES = ['personal', 'hall', 'chamber'] as const;
export type SpaceKindValue = (typeof SPACE_KIND_VALUES)[number];

export const KNOCK_STATUSES = ['pending', 'admitted', 'denied', 'expired'] as const;
export type KnockStatus = (typeof KNOCK_STATUSES)[number];

export const SpaceViewSchema = answer(
  'SpaceView',
  {
    id: z.uuid(),
    kind: z.enum(SPACE_KIND_VALUES),
    name: z.string(),
    /** Personal rooms only; null for halls and the chamber. */
    door: DoorStateSchema.nullable().describe('Personal rooms only; null for halls and the chamber'),
    owner: UserViewSchema.nullable(),
    capacity: z.number().int().nullable(),
    location: z.string().nullable(),
    equipment: z.array(z.string()),
    livekitRoom: z.string(),
    /** Who LiveKit says is in the room right now. */
    participants: z.array(UserViewSchema).describe('Who LiveKit says is in the room right now'),
  },
  'A space: its door (personal rooms only), owner and who is inside',
);
export type SpaceView = z.infer<typeof SpaceViewSchema>;

export const UpdateRoomRequestSchema = z.strictObject({ door: DoorStateSchema });
export type UpdateRoomRequest = z.infer<typeof UpdateRoomRequestSchema>;

export const ListSpacesQuerySchema = z.strictObject({ kind: z.enum(SPACE_KIND_VALUES).optional() });
export type ListSpacesQuery = z.infer<typeof ListSpacesQuerySchema>;

export const SpaceJoinResponseSchema = answer(
  'SpaceJoinResponse',
  {
    /** LiveKit server URL (wss://…). */
    url: z.string(),
    /** LiveKit join token for this one room; checked by LiveKit only at connect. */
    token: z.string(),
    /** LiveKit room name. */
    room: z.string(),
    expiresAt: InstantSchema,
  },
  'What the client needs to connect to the video room: the LiveKit URL, a token for this one room, the room',
);
export type SpaceJoinResponse = z.infer<typeof SpaceJoinResponseSchema>;

export const CreateKnockRequestSchema = z.strictObject({ message: z.string().trim().max(500).optional() });
export type CreateKnockRequest = z.infer<typeof CreateKnockRequestSchema>;

export const KnockViewSchema = answer('KnockView', {
  id: z.uuid(),
  spaceId: z.uuid(),
  visitor: UserViewSchema,
  owner: UserViewSchema.nullable(),
  message: z.string().nullable(),
  status: z.enum(KNOCK_STATUSES),
  createdAt: InstantSchema,
  expiresAt: InstantSchema,
  resolvedAt: InstantSchema.nullable(),
  /** Admitted knocks: until when the visitor may join (once). */
  admissionExpiresAt: InstantSchema.nullable().describe('Admitted knocks: until when the visitor may join (once)'),
  admissionUsed: z.boolean(),
});
export type KnockView = z.infer<typeof KnockViewSchema>;

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

export const PersonViewSchema = answer(
  'PersonView',
  {
    id: z.uuid(),
    displayName: z.string(),
    department: DepartmentViewSchema.nullable(),
    /** Their personal room (null only for an account made before rooms existed). */
    roomId: z.uuid().nullable(),
    door: DoorStateSchema.nullable(),
    /** As the presence service reports it now; null when presence is unavailable (Redis away). */
    presence: z
      .object({ status: z.enum(PRESENCE_STATUSES), spaceId: z.uuid().nullable(), lastSeenAt: InstantSchema })
      .nullable()
      .describe('As the presence service reports it now; null when presence is unavailable'),
  },
  'A colleague in the people directory: no e-mail, roles or account settings',
);
export type PersonView = z.infer<typeof PersonViewSchema>;

export const PeoplePageSchema = answer('PeoplePage', {
  items: z.array(PersonViewSchema),
  total: z.number().int(),
});
export type PeoplePage = z.infer<typeof PeoplePageSchema>;

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

/** A participant removed from a room's video. */
export const ParticipantRemovedSchema = answer('ParticipantRemoved', { removed: z.literal(true) });

/** A participant's track muted (or unmuted); `sid` null: every microphone they publish. */
export const TrackMutedSchema = answer('TrackMuted', { sid: z.string().nullable(), muted: z.boolean() });
export type TrackMuted = z.infer<typeof TrackMutedSchema>;
