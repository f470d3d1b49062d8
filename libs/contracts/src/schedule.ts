import { z } from 'zod';
import type { UserView } from './directory.js';

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

/** An ISO 8601 instant with an offset (or Z). */
export const InstantSchema = z.iso.datetime({ offset: true });

export interface MeetingSpaceView {
  id: string;
  kind: string;
  name: string;
  location: string | null;
}

export interface MeetingParticipantView {
  user: UserView;
  role: ParticipantRole;
  response: ParticipantResponse;
}

export interface MeetingView {
  id: string;
  kind: MeetingKind;
  title: string;
  description: string | null;
  status: MeetingStatus;
  startsAt: string;
  endsAt: string;
  space: MeetingSpaceView;
  organizer: UserView;
  participants: MeetingParticipantView[];
  seriesId: string | null;
  recurrence: string | null;
  icalUid: string;
  sequence: number;
  cancelReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One row of `GET /api/meetings/upcoming`. */
export interface UpcomingMeetingView {
  id: string;
  kind: MeetingKind;
  title: string;
  status: MeetingStatus;
  startsAt: string;
  endsAt: string;
  space: MeetingSpaceView;
  organizerId: string;
  seriesId: string | null;
  role: ParticipantRole;
  /** The caller's own response. */
  response: ParticipantResponse;
}

export interface UpcomingMeetingsPage {
  items: UpcomingMeetingView[];
  total: number;
  limit: number;
  offset: number;
}

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

/** A LiveKit join token for a meeting's space. */
export interface MeetingJoinResponse {
  url: string;
  token: string;
  room: string;
  expiresAt: string;
}

/** `GET /api/calendar/<secret>.ics`: the secret is 32 random bytes in base64url. */
export const CalendarFeedParamSchema = z.strictObject({ file: z.string().regex(/^[A-Za-z0-9_-]{43}\.ics$/) });

export interface CalendarFeedResponse {
  url: string;
}

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
