import { z } from 'zod';
import { InstantSchema } from './schedule.js';

/** Council sessions: lifecycle, agenda, attendance, votes, speakers (issue 6). */
export const COUNCIL_SESSION_STATUSES = ['draft', 'published', 'open', 'paused', 'closed'] as const;
export type CouncilSessionStatus = (typeof COUNCIL_SESSION_STATUSES)[number];

export const VOTE_MODES = ['open', 'roll_call', 'secret'] as const;
export type VoteMode = (typeof VOTE_MODES)[number];

export const MAJORITIES = ['present', 'all', 'two_thirds_all'] as const;
export type Majority = (typeof MAJORITIES)[number];

export const BALLOT_CHOICES = ['for', 'against', 'abstain'] as const;
export type BallotChoice = (typeof BALLOT_CHOICES)[number];

export const SPEAKER_KINDS = ['speech', 'reply', 'counter_reply', 'procedural'] as const;
export type SpeakerKind = (typeof SPEAKER_KINDS)[number];

export const SPEAKER_STATUSES = ['requested', 'speaking', 'finished', 'withdrawn'] as const;
export type SpeakerStatus = (typeof SPEAKER_STATUSES)[number];

const text = (max: number) => z.string().trim().min(1).max(max);

export const AgendaItemInputSchema = z.strictObject({
  title: text(500),
  rapporteur: text(200).nullish(),
  legalBasis: text(500).nullish(),
  voteMode: z.enum(VOTE_MODES).default('open'),
  majority: z.enum(MAJORITIES).default('present'),
});
export type AgendaItemInput = z.infer<typeof AgendaItemInputSchema>;

export const CreateCouncilSessionSchema = z
  .strictObject({
    title: text(300),
    description: z.string().trim().max(5000).nullish(),
    startsAt: InstantSchema,
    endsAt: InstantSchema,
    agenda: z.array(AgendaItemInputSchema).min(1).max(200),
    /** The council (default) or a standing committee. */
    bodyId: z.uuid().optional(),
    /** Where it meets: the council chamber (default) or a meeting hall. */
    spaceId: z.uuid().optional(),
  })
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  });
export type CreateCouncilSessionRequest = z.infer<typeof CreateCouncilSessionSchema>;

/** An agenda item of a draft being edited: with `id` an existing item (kept, changed, moved), without a new one. */
export const DraftAgendaItemSchema = AgendaItemInputSchema.extend({ id: z.uuid().optional() });
export type DraftAgendaItem = z.infer<typeof DraftAgendaItemSchema>;

/**
 * Edits a draft (409 `not_draft` once published). `agenda`, when given, is the whole new
 * agenda in its order: items left out are removed (with their materials), numbering follows
 * the order.
 */
export const UpdateCouncilSessionSchema = z
  .strictObject({
    title: text(300).optional(),
    description: z.string().trim().max(5000).nullish(),
    startsAt: InstantSchema.optional(),
    endsAt: InstantSchema.optional(),
    agenda: z.array(DraftAgendaItemSchema).min(1).max(200).optional(),
  })
  .refine((s) => Object.keys(s).length > 0, { message: 'nothing to change' })
  .refine(
    (s) => new Set(s.agenda?.filter((i) => i.id).map((i) => i.id)).size === (s.agenda ?? []).filter((i) => i.id).length,
    {
      message: 'an item may appear once',
      path: ['agenda'],
    },
  );
export type UpdateCouncilSessionRequest = z.infer<typeof UpdateCouncilSessionSchema>;

/** Standing committees (the council itself is a body too, and always exists). */
export const BODY_KINDS = ['council', 'committee'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

export const CreateBodySchema = z.strictObject({
  name: text(200),
  memberIds: z.array(z.uuid()).min(1).max(100),
  chairId: z.uuid().nullish(),
});
export type CreateBodyRequest = z.infer<typeof CreateBodySchema>;

export const UpdateBodyMembersSchema = z.strictObject({
  memberIds: z.array(z.uuid()).min(1).max(100),
  chairId: z.uuid().nullish(),
});
export type UpdateBodyMembersRequest = z.infer<typeof UpdateBodyMembersSchema>;

export interface CouncilBodyRef {
  id: string;
  kind: BodyKind;
  name: string;
}

export interface CouncilBodyView extends CouncilBodyRef {
  members: CouncilMemberRef[];
  chairId: string | null;
}

/** The chair moves a waiting request to a place in the queue (1 = next). */
export const MoveSpeakerSchema = z.strictObject({ position: z.number().int().min(1).max(1000) });
export type MoveSpeakerRequest = z.infer<typeof MoveSpeakerSchema>;

/** The chair mutes a member's published audio. */
export const CouncilMuteSchema = z.strictObject({ userId: z.uuid() });
export type CouncilMuteRequest = z.infer<typeof CouncilMuteSchema>;

/** A LiveKit token for a session's room (members: publish only when allowed; citizens: hidden viewers). */
export interface CouncilVideoJoin {
  token: string;
  url: string;
  room: string;
  canPublish: boolean;
}

export interface CouncilViewerToken {
  token: string;
  url: string;
  room: string;
}

export interface CouncilVideoState {
  /** LiveKit is configured on this portal. */
  configured: boolean;
  /** The session is open or paused and its room can be joined or watched. */
  live: boolean;
}

export const RECORDING_STATUSES = ['recording', 'complete', 'failed'] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

/** A LiveKit Egress room-composite recording of a session (from open to close). */
export interface CouncilRecordingView {
  id: string;
  status: RecordingStatus;
  startedAt: string;
  endedAt: string | null;
  url: string | null;
}

/** Self check-in (no userId) or the clerk registering someone; `present: false` checks out. */
export const AttendanceRequestSchema = z.strictObject({
  userId: z.uuid().optional(),
  present: z.boolean().default(true),
});
export type AttendanceRequest = z.infer<typeof AttendanceRequestSchema>;

export const ConflictRequestSchema = z.strictObject({ reason: text(2000) });
export type ConflictRequest = z.infer<typeof ConflictRequestSchema>;

export const OpenVoteRequestSchema = z.strictObject({ itemId: z.uuid() });
export type OpenVoteRequest = z.infer<typeof OpenVoteRequestSchema>;

/** `userId`: the clerk recording a hand vote in the hall for that member (open and roll-call votes). */
export const BallotRequestSchema = z.strictObject({ choice: z.enum(BALLOT_CHOICES), userId: z.uuid().optional() });
export type BallotRequest = z.infer<typeof BallotRequestSchema>;

export const SpeakerRequestSchema = z.strictObject({ kind: z.enum(SPEAKER_KINDS).default('speech') });
export type SpeakerRequest = z.infer<typeof SpeakerRequestSchema>;

export const MinutesQuerySchema = z.strictObject({ format: z.enum(['json', 'html', 'pdf']).default('json') });
export type MinutesQuery = z.infer<typeof MinutesQuerySchema>;

export const SessionItemParamsSchema = z.strictObject({ id: z.uuid(), itemId: z.uuid() });

/** Materials of agenda items: PDF, DOCX or ODT (checked by their first bytes), sent as the raw body. */
export const MATERIAL_CONTENT_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
} as const;
export type MaterialContentType = (typeof MATERIAL_CONTENT_TYPES)[keyof typeof MATERIAL_CONTENT_TYPES];
/** Largest material accepted (bytes). */
export const MATERIAL_MAX_BYTES = 20 * 1024 * 1024;

export const MaterialUploadQuerySchema = z.strictObject({
  filename: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .refine((f) => !/[\\/]/.test(f) && ![...f].some((c) => c.charCodeAt(0) < 0x20), {
      message: 'no path separators or control characters',
    }),
});
export type MaterialUploadQuery = z.infer<typeof MaterialUploadQuerySchema>;

export const MaterialParamsSchema = z.strictObject({ id: z.uuid(), itemId: z.uuid(), materialId: z.uuid() });

export const PublicAgendaQuerySchema = z.strictObject({ format: z.enum(['json', 'csv']).default('json') });
export type PublicAgendaQuery = z.infer<typeof PublicAgendaQuerySchema>;

export interface MaterialView {
  id: string;
  itemId: string;
  filename: string;
  contentType: MaterialContentType;
  size: number;
  sha256: string;
  uploadedAt: string;
}

/** The published agenda as open data (also as CSV, one row per item and material). */
export interface PublicAgenda {
  session: {
    id: string;
    number: number;
    title: string;
    status: CouncilSessionStatus;
    startsAt: string;
    endsAt: string;
  };
  items: {
    id: string;
    number: number;
    title: string;
    rapporteur: string | null;
    legalBasis: string | null;
    voteMode: VoteMode;
    majority: Majority;
    materials: MaterialView[];
  }[];
}

export const CouncilWatchSchema = z.strictObject({ sessionId: z.uuid() });

export interface CouncilQuorum {
  present: number;
  total: number;
  required: number;
  reached: boolean;
}

export interface CouncilMemberRef {
  id: string;
  displayName: string;
}

export interface ConflictView {
  itemId: string;
  member: CouncilMemberRef;
  reason: string;
  declaredAt: string;
}

export interface AgendaItemView {
  id: string;
  position: number;
  title: string;
  rapporteur: string | null;
  legalBasis: string | null;
  voteMode: VoteMode;
  majority: Majority;
  conflicts: ConflictView[];
  /** Attached files (PDF/DOCX/ODT) with their SHA-256. */
  materials?: MaterialView[];
}

export interface AttendanceView {
  member: CouncilMemberRef;
  present: boolean;
  checkedInAt: string | null;
  checkedOutAt: string | null;
}

export interface VoteCounts {
  for: number;
  against: number;
  abstain: number;
}

/** The snapshot stored when a vote closes; it never changes afterwards. */
export interface VoteResult {
  passed: boolean;
  counts: VoteCounts;
  /** Members of the body. */
  members: number;
  /** Members present when the vote closed. */
  present: number;
  /** Present members not under a declared conflict of interest. */
  entitled: number;
  /** Votes "for" needed to pass. */
  required: number;
}

export interface RollCallEntry {
  member: CouncilMemberRef;
  choice: BallotChoice;
}

export interface VoteView {
  id: string;
  sessionId: string;
  itemId: string;
  mode: VoteMode;
  majority: Majority;
  status: 'open' | 'closed';
  openedAt: string;
  closedAt: string | null;
  /** How many members have voted. */
  ballotsCast: number;
  /** Running totals (null for a secret vote until it closes). */
  counts: VoteCounts | null;
  result: VoteResult | null;
  /** Roll-call votes only: each member's name and choice. */
  roll: RollCallEntry[] | null;
  /** The signed-in member's own ballot (open and roll-call votes); secret: only whether they voted. */
  mine?: { voted: boolean; choice: BallotChoice | null };
}

export interface SpeakerView {
  id: string;
  sessionId: string;
  itemId: string | null;
  member: CouncilMemberRef;
  kind: SpeakerKind;
  status: SpeakerStatus;
  requestedAt: string;
  grantedAt: string | null;
  finishedAt: string | null;
  /** Speaking time so far (finished: the whole time). */
  seconds: number | null;
  /** Place in the waiting queue (1 = next; null when not waiting). */
  queuePosition?: number | null;
}

export interface CouncilSessionSummary {
  id: string;
  number: number;
  title: string;
  status: CouncilSessionStatus;
  startsAt: string;
  endsAt: string;
  version: number;
  currentItemId: string | null;
  /** The council or the committee that meets. */
  body?: CouncilBodyRef;
}

export interface CouncilSessionView extends CouncilSessionSummary {
  description: string | null;
  meetingId: string;
  spaceId: string;
  openedAt: string | null;
  closedAt: string | null;
  items: AgendaItemView[];
  attendance: AttendanceView[];
  quorum: CouncilQuorum;
  votes: VoteView[];
  /** When the clerk published the minutes (null: not public yet). */
  minutesPublishedAt?: string | null;
  /** Always sent by the server (optional in the type for older clients' fixtures). */
  body?: CouncilBodyRef;
  video?: CouncilVideoState;
  recordings?: CouncilRecordingView[];
  /** The speakers' list of the session (the same as `GET …/speakers` and the minutes). */
  speakers?: SpeakerView[];
}

/** Live events (to `/realtime` watchers and to `/public`): nothing private in them. */
export interface CouncilSessionUpdatedEvent extends CouncilSessionSummary {
  sessionId: string;
  change: string;
}

export interface CouncilAttendanceUpdatedEvent {
  sessionId: string;
  version: number;
  /** Who checked in or out (null when the quorum is re-announced, e.g. on resume). */
  member: CouncilMemberRef | null;
  present: boolean | null;
  quorum: CouncilQuorum;
}

export interface CouncilVoteEvent {
  sessionId: string;
  version: number;
  vote: VoteView;
}

export interface CouncilSpeakersUpdatedEvent {
  sessionId: string;
  version: number;
  speakers: SpeakerView[];
}

export interface CouncilMinutes {
  session: Omit<CouncilSessionView, 'votes' | 'attendance' | 'speakers'>;
  attendance: AttendanceView[];
  votes: (VoteView & { itemTitle: string })[];
  conflicts: ConflictView[];
  speakers: SpeakerView[];
  recordings: CouncilRecordingView[];
  generatedAt: string;
}
