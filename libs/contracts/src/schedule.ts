import { z } from 'zod';
import { answer, InstantSchema } from './answers.js';
import { UserViewSchema } from './directory.js';

/** Every kind of meeting shares one model (and one calendar). */
export const MEETING_KINDS = ['booking', 'one_on_one', 'council_session', 'committee_meeting'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** `pending` meetings (awaiting a clerk's approval) hold their slot like confirmed ones. */
export const MEETING_STATUSES = ['pending', 'confirmed', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const PARTICIPANT_ROLES = ['organizer', 'invitee'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const PARTICIPANT_RESPONSES = ['needs_action', 'accepted', 'declined', 'tentative'] as const;
export type ParticipantResponse = (typeof PARTICIPANT_RESPONSES)[number];

/** Which occurrences of a series a change applies to. */
export const SERIES_SCOPES = ['this', 'following', 'series'] as const;
export type SeriesScope = (typeof SERIES_SCOPES)[number];

/** The time zone of every wall-clock rule (bookable hours, recurrence, display). */
export const MUNICIPAL_TIME_ZONE = 'Europe/Sofia';

export const MeetingSpaceViewSchema = answer('MeetingSpaceView', {
  id: z.uuid(),
  kind: z.string(),
  name: z.string(),
  location: z.string().nullable(),
});
export type MeetingSpaceView = z.infer<typeof MeetingSpaceViewSchema>;

export const MeetingParticipantViewSchema = answer('MeetingParticipantView', {
  user: UserViewSchema,
  role: z.enum(PARTICIPANT_ROLES),
  response: z.enum(PARTICIPANT_RESPONSES),
});
export type MeetingParticipantView = z.infer<typeof MeetingParticipantViewSchema>;

export const MeetingViewSchema = answer('MeetingView', {
  id: z.uuid(),
  kind: z.enum(MEETING_KINDS),
  title: z.string(),
  description: z.string().nullable(),
  status: z.enum(MEETING_STATUSES),
  startsAt: InstantSchema,
  endsAt: InstantSchema,
  space: MeetingSpaceViewSchema,
  organizer: UserViewSchema,
  participants: z.array(MeetingParticipantViewSchema),
  seriesId: z.uuid().nullable(),
  recurrence: z.string().nullable(),
  icalUid: z.string(),
  sequence: z.number().int(),
  cancelReason: z.string().nullable(),
  createdAt: InstantSchema,
  updatedAt: InstantSchema,
});
export type MeetingView = z.infer<typeof MeetingViewSchema>;

export const UpcomingMeetingViewSchema = answer(
  'UpcomingMeetingView',
  {
    id: z.uuid(),
    kind: z.enum(MEETING_KINDS),
    title: z.string(),
    status: z.enum(MEETING_STATUSES),
    startsAt: InstantSchema,
    endsAt: InstantSchema,
    space: MeetingSpaceViewSchema,
    organizerId: z.uuid(),
    seriesId: z.uuid().nullable(),
    role: z.enum(PARTICIPANT_ROLES),
    /** The caller's own response. */
    response: z.enum(PARTICIPANT_RESPONSES).describe('The caller’s own response'),
  },
  'One row of GET /api/meetings/upcoming',
);
export type UpcomingMeetingView = z.infer<typeof UpcomingMeetingViewSchema>;

export const UpcomingMeetingsPageSchema = answer('UpcomingMeetingsPage', {
  items: z.array(UpcomingMeetingViewSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type UpcomingMeetingsPage = z.infer<typeof UpcomingMeetingsPageSchema>;

export const UpcomingQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).max(100000).default(0),
});
export type UpcomingQuery = z.infer<typeof UpcomingQuerySchema>;

export const RsvpRequestSchema = z.strictObject({
  response: z.enum(['accepted', 'declined', 'tentative']),
});
export type RsvpRequest = z.infer<typeof RsvpRequestSchema>;

export const CancelMeetingRequestSchema = z.strictObject({
  reason: z.string().trim().max(1000).optional(),
  scope: z.enum(SERIES_SCOPES).default('this'),
});
export type CancelMeetingRequest = z.infer<typeof CancelMeetingRequestSchema>;

export const RejectMeetingRequestSchema = z.strictObject({
  reason: z.string().trim().max(1000).optional(),
});
export type RejectMeetingRequest = z.infer<typeof RejectMeetingRequestSchema>;

export const UpdateMeetingRequestSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(200).optional(),
    description: z.string().trim().max(5000).nullable().optional(),
    startsAt: InstantSchema.optional(),
    endsAt: InstantSchema.optional(),
    scope: z.enum(SERIES_SCOPES).default('this'),
  })
  .refine((v) => (v.startsAt === undefined) === (v.endsAt === undefined), {
    message: 'startsAt and endsAt go together',
    path: ['endsAt'],
  })
  .refine((v) => !v.startsAt || !v.endsAt || Date.parse(v.endsAt) > Date.parse(v.startsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  });
export type UpdateMeetingRequest = z.infer<typeof UpdateMeetingRequestSchema>;

export const MeetingJoinResponseSchema = answer(
  'MeetingJoinResponse',
  { url: z.string(), token: z.string(), room: z.string(), expiresAt: InstantSchema },
  'A LiveKit join token for the meeting’s space',
);
export type MeetingJoinResponse = z.infer<typeof MeetingJoinResponseSchema>;

/** `GET /api/calendar/<secret>.ics`: the secret is 32 random bytes in base64url. */
export const CalendarFeedParamSchema = z.strictObject({ file: z.string().regex(/^[A-Za-z0-9_-]{43}\.ics$/) });

export const CalendarFeedResponseSchema = answer('CalendarFeedResponse', { url: z.string() });
export type CalendarFeedResponse = z.infer<typeof CalendarFeedResponseSchema>;

/** `meeting.created`, `meeting.updated`, `meeting.cancelled`: the meeting as it is now. */
export interface MeetingChangedEvent {
  meeting: MeetingView;
}

/** `meeting.reminder`: sent once, 10 minutes before the start. */
export interface MeetingReminderEvent {
  meetingId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  space: MeetingSpaceView;
}
