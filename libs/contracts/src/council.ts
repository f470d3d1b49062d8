import { z } from 'zod';
import { answer, InstantSchema } from './answers.js';
import { SpeakingLimitsSchema, SpeakingLimitsViewSchema } from './council-floor.js';
// Type-only: the sitting's composite views hold this file's shapes (no import cycle at run time).
import type { AgendaItemView, CouncilSessionSummary, VoteView } from './council-sitting.js';

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

/** What an agenda item decides on: the law ties some subjects to a way of voting. */
export const AGENDA_SUBJECTS = ['budget', 'local_taxes_fees', 'municipal_property', 'municipal_debt', 'other'] as const;
export type AgendaSubject = (typeof AGENDA_SUBJECTS)[number];

/** How an item on a subject must be voted. */
export interface SubjectRequirement {
  /** The only vote mode allowed; null: any. */
  voteMode: VoteMode | null;
  /** The majorities allowed: the weakest the law accepts and the stronger ones. */
  majorities: readonly Majority[];
  /** Where the law says so; null: nothing required. */
  basis: string | null;
}

const ROLL_CALL_OF_ALL = (point: number): SubjectRequirement => ({
  voteMode: 'roll_call',
  majorities: ['all', 'two_thirds_all'],
  basis: `ЗМСМА чл. 27, ал. 5 във вр. с чл. 21, ал. 1, т. ${point}`,
});

/**
 * The rule, once (the API's schema, the server and the clerk's form all read it): decisions
 * under ЗМСМА чл. 21, ал. 1, т. 6 (the budget), т. 7 (local taxes and fees), т. 8 (acquiring,
 * managing and disposing of municipal property) and т. 10 (municipal debt) are taken by more
 * than half of all councillors in a roll-call vote recorded in the minutes (чл. 27, ал. 5). A
 * stronger majority is allowed: ЗОС чл. 6, ал. 3 asks two thirds of all for some property
 * decisions — the clerk chooses `two_thirds_all` for those.
 */
export const SUBJECT_REQUIREMENTS: Readonly<Record<AgendaSubject, SubjectRequirement>> = {
  budget: ROLL_CALL_OF_ALL(6),
  local_taxes_fees: ROLL_CALL_OF_ALL(7),
  municipal_property: ROLL_CALL_OF_ALL(8),
  municipal_debt: ROLL_CALL_OF_ALL(10),
  other: { voteMode: null, majorities: MAJORITIES, basis: null },
};

export function subjectRequirement(subject: AgendaSubject): SubjectRequirement {
  return SUBJECT_REQUIREMENTS[subject];
}

/** Where an item's vote settings fall short of its subject's requirement (empty: lawful). */
export function subjectIssues(item: {
  subject: AgendaSubject;
  voteMode: VoteMode;
  majority: Majority;
}): { field: 'voteMode' | 'majority'; message: string }[] {
  const r = subjectRequirement(item.subject);
  const issues: { field: 'voteMode' | 'majority'; message: string }[] = [];
  if (r.voteMode && item.voteMode !== r.voteMode)
    issues.push({ field: 'voteMode', message: `a ${item.subject} item is voted by ${r.voteMode} (${r.basis})` });
  if (!r.majorities.includes(item.majority))
    issues.push({
      field: 'majority',
      message: `a ${item.subject} item needs a majority of ${r.majorities.join(' or ')} (${r.basis})`,
    });
  return issues;
}

export const agendaItemFields = {
  title: text(500),
  rapporteur: text(200).nullish(),
  legalBasis: text(500).nullish(),
  /** The text of the draft decision (проект на решение): what the register records if adopted. */
  draftDecision: text(20_000).nullish(),
  subject: z.enum(AGENDA_SUBJECTS).default('other'),
  voteMode: z.enum(VOTE_MODES).default('open'),
  majority: z.enum(MAJORITIES).default('present'),
};

/** Refuses vote settings weaker than the subject requires (issues at `voteMode` / `majority`). */
export function lawfulVote(
  item: { subject: AgendaSubject; voteMode: VoteMode; majority: Majority },
  ctx: z.RefinementCtx,
) {
  for (const i of subjectIssues(item)) ctx.addIssue({ code: 'custom', path: [i.field], message: i.message });
}

export const AgendaItemInputSchema = z.strictObject(agendaItemFields).superRefine(lawfulVote);
export type AgendaItemInput = z.infer<typeof AgendaItemInputSchema>;

/**
 * An extraordinary sitting (извънредно заседание) may be published at shorter notice than its
 * body's `noticeDays`; its reason is then required, recorded and shown. A reason without
 * `extraordinary: true` is refused (400 `validation_failed`, path `extraordinaryReason`).
 */
const extraordinaryReasonRule = {
  ok: (s: { extraordinary?: boolean; extraordinaryReason?: string | null }) =>
    s.extraordinaryReason == null ? s.extraordinary !== true : s.extraordinary === true,
  message: 'an extraordinary sitting needs its reason, and only an extraordinary sitting has one',
  path: ['extraordinaryReason'],
};

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
    /** An extraordinary sitting (extraordinaryReason required): not held to the body's notice period. */
    extraordinary: z.boolean().default(false),
    extraordinaryReason: text(2000).nullish(),
  })
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  })
  .refine(extraordinaryReasonRule.ok, {
    message: extraordinaryReasonRule.message,
    path: extraordinaryReasonRule.path,
  });
export type CreateCouncilSessionRequest = z.infer<typeof CreateCouncilSessionSchema>;

/** An agenda item of a draft being edited: with `id` an existing item (kept, changed, moved), without a new one. */
// Built from the fields, not by `.extend` (which would drop the refinement).
export const DraftAgendaItemSchema = z
  .strictObject({ ...agendaItemFields, id: z.uuid().optional() })
  .superRefine(lawfulVote);
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
    /** `true` with `extraordinaryReason` (both in the same request); `false` makes it regular again. */
    extraordinary: z.boolean().optional(),
    extraordinaryReason: text(2000).nullish(),
  })
  .refine((s) => Object.keys(s).length > 0, { message: 'nothing to change' })
  .refine(extraordinaryReasonRule.ok, {
    message: extraordinaryReasonRule.message,
    path: extraordinaryReasonRule.path,
  })
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

/** A body's seats by law (ЗМСМА чл. 19: 11 to 61 for a council; a committee as constituted). */
const Seats = z.number().int().min(1).max(101);

/** `seats`: the committee's seats as constituted (default: as many as the members named). */
export const CreateBodySchema = z
  .strictObject({
    name: text(200),
    memberIds: z.array(z.uuid()).min(1).max(100),
    chairId: z.uuid().nullish(),
    seats: Seats.optional(),
  })
  .refine((b) => b.seats === undefined || new Set(b.memberIds).size <= b.seats, {
    message: 'more members than seats',
    path: ['memberIds'],
  });
export type CreateBodyRequest = z.infer<typeof CreateBodySchema>;

export const UpdateBodyMembersSchema = z.strictObject({
  memberIds: z.array(z.uuid()).min(1).max(100),
  chairId: z.uuid().nullish(),
  /** A new seat count (the council's too: after a change of the municipality's population band). */
  seats: Seats.optional(),
});
export type UpdateBodyMembersRequest = z.infer<typeof UpdateBodyMembersSchema>;

const bodyRefFields = { id: z.uuid(), kind: z.enum(BODY_KINDS), name: z.string() };
export const CouncilBodyRefSchema = answer('CouncilBodyRef', bodyRefFields);
export type CouncilBodyRef = z.infer<typeof CouncilBodyRefSchema>;

export const CouncilMemberRefSchema = answer('CouncilMemberRef', { id: z.uuid(), displayName: z.string() });
export type CouncilMemberRef = z.infer<typeof CouncilMemberRefSchema>;

export const CouncilBodyViewSchema = answer('CouncilBodyView', {
  ...bodyRefFields,
  members: z.array(CouncilMemberRefSchema),
  chairId: z.uuid().nullable(),
  seats: z
    .number()
    .int()
    .describe('Seats by law: the base of quorum and of the majorities "of all" (an empty seat counts)'),
  noticeDays: z
    .number()
    .int()
    .describe('Days of notice a regular sitting of this body needs (its agenda published at least this long before)'),
  reviewDays: z.number().int().describe('Days after the closing for correction requests to the minutes'),
  agendaVote: z
    .boolean()
    .describe('Its rules have the first vote of a sitting adopt the agenda (no other vote before it)'),
  /** Speaking time per kind of turn, seconds. */
  speakingLimits: SpeakingLimitsViewSchema.optional(),
});
export type CouncilBodyView = z.infer<typeof CouncilBodyViewSchema>;

/**
 * An admin changes a body's settings (`PATCH /api/council/bodies/:id`, at least one field):
 * `noticeDays`, the notice period of its regular sittings, 0–60 days; `seats`, its seats by law
 * (sittings already opened keep the seats they opened with).
 */
export const UpdateBodySchema = z
  .strictObject({
    noticeDays: z.number().int().min(0).max(60).optional(),
    /** The review period of the minutes: days after the closing for correction requests (0–30). */
    reviewDays: z.number().int().min(0).max(30).optional(),
    /** Its seats by law (the council's after a change of the municipality's population band). */
    seats: Seats.optional(),
    /** Its rules have the first vote of a sitting adopt the agenda (council-procedure.ts). */
    agendaVote: z.boolean().optional(),
    /** Speaking time per kind of turn, seconds (some or all). */
    speakingLimits: SpeakingLimitsSchema.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'nothing to change' });
export type UpdateBodyRequest = z.infer<typeof UpdateBodySchema>;

/** The chair moves a waiting request to a place in the queue (1 = next). */
export const MoveSpeakerSchema = z.strictObject({ position: z.number().int().min(1).max(1000) });
export type MoveSpeakerRequest = z.infer<typeof MoveSpeakerSchema>;

/** The chair mutes a member's published audio. */
/** The participant a chair's video action (mute, remove) is about. */
export const CouncilMuteSchema = z.strictObject({ userId: z.uuid() });
export type CouncilMuteRequest = z.infer<typeof CouncilMuteSchema>;

const viewerTokenFields = { token: z.string(), url: z.string(), room: z.string() };

/** A LiveKit token for a session's room (members: publish only when allowed; citizens: hidden viewers). */
export const CouncilVideoJoinSchema = answer(
  'CouncilVideoJoin',
  { ...viewerTokenFields, canPublish: z.boolean() },
  "A LiveKit token for a session's room (publish only when allowed)",
);
export type CouncilVideoJoin = z.infer<typeof CouncilVideoJoinSchema>;

export const CouncilViewerTokenSchema = answer(
  'CouncilViewerToken',
  viewerTokenFields,
  "A hidden, subscribe-only LiveKit token for a session's room",
);
export type CouncilViewerToken = z.infer<typeof CouncilViewerTokenSchema>;

export const CouncilVideoStateSchema = answer('CouncilVideoState', {
  configured: z.boolean().describe('LiveKit is configured on this portal'),
  live: z.boolean().describe('The session is open or paused and its room can be joined or watched'),
});
export type CouncilVideoState = z.infer<typeof CouncilVideoStateSchema>;

export const RECORDING_STATUSES = ['recording', 'complete', 'failed'] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

/** A LiveKit Egress room-composite recording of a session (from open to close). */
export const CouncilRecordingViewSchema = answer(
  'CouncilRecordingView',
  {
    id: z.uuid(),
    status: z.enum(RECORDING_STATUSES),
    startedAt: InstantSchema,
    endedAt: InstantSchema.nullable(),
    url: z.string().nullable(),
  },
  'A LiveKit Egress room-composite recording of a session (from open to close)',
);
export type CouncilRecordingView = z.infer<typeof CouncilRecordingViewSchema>;

/** A chapter of a recording: an agenda item taken up while it ran, `seconds` from its start. */
export interface RecordingChapter {
  itemId: string;
  position: number;
  title: string;
  /** Seconds from the recording's start (milliseconds kept). */
  seconds: number;
}

/**
 * The chapters of a complete recording: every time an item was taken up while it ran, in
 * order — and, at 0, the item that was current when it started (taken up before it, in the
 * same sitting). Nothing for a recording that is not complete.
 */
export function recordingChapters(
  recording: Pick<CouncilRecordingView, 'status' | 'startedAt' | 'endedAt'>,
  items: Pick<AgendaItemView, 'id' | 'position' | 'title' | 'takenUpAt'>[],
): RecordingChapter[] {
  if (recording.status !== 'complete' || !recording.endedAt) return [];
  const start = Date.parse(recording.startedAt);
  const end = Date.parse(recording.endedAt);
  const takings = items
    .flatMap((i) => (i.takenUpAt ?? []).map((at) => ({ item: i, at: Date.parse(at) })))
    .sort((a, b) => a.at - b.at);
  const before = takings.filter((t) => t.at < start).at(-1);
  const during = takings.filter((t) => t.at >= start && t.at <= end);
  const chapters = [...(before && !during.some((t) => t.at === start) ? [{ ...before, at: start }] : []), ...during];
  return chapters
    .filter((c, n) => chapters[n + 1]?.at !== c.at)
    .map((c) => ({
      itemId: c.item.id,
      position: c.item.position,
      title: c.item.title,
      seconds: (c.at - start) / 1000,
    }));
}

/** Self check-in (no userId) or the clerk registering someone; `present: false` checks out. */
export const AttendanceRequestSchema = z.strictObject({
  userId: z.uuid().optional(),
  present: z.boolean().default(true),
  /** A member's own check-in in the chamber: the code shown there (council-remote.ts). */
  code: z
    .string()
    .regex(/^\d{6}$/, 'six digits')
    .optional(),
});
export type AttendanceRequest = z.infer<typeof AttendanceRequestSchema>;

/**
 * The clerk registers several members at once (present, or `present: false`: left the hall).
 * All or nothing: one id that is not a member of the body changes nobody. At most as many as
 * a body may have seats (101).
 */
export const BulkAttendanceRequestSchema = z.strictObject({
  userIds: z.array(z.uuid()).min(1).max(101),
  present: z.boolean(),
});
export type BulkAttendanceRequest = z.infer<typeof BulkAttendanceRequestSchema>;

/** A member's own declaration, or — `userId` given — the clerk recording one made orally in the hall. */
export const ConflictRequestSchema = z.strictObject({ reason: text(2000), userId: z.uuid().optional() });
export type ConflictRequest = z.infer<typeof ConflictRequestSchema>;

// OpenVoteRequestSchema (votes of every kind): council-procedure.ts

/**
 * `userId`: the clerk recording a hand vote in the hall for that member (open and roll-call
 * votes). It never replaces the member's own electronic ballot; changing an entry the clerk
 * made needs `reason` (kept in the audit log with the choice before and after).
 */
export const BallotRequestSchema = z
  .strictObject({ choice: z.enum(BALLOT_CHOICES), userId: z.uuid().optional(), reason: text(500).optional() })
  .refine((b) => b.reason === undefined || b.userId !== undefined, {
    message: 'a reason goes with the clerk’s correction of an entry (userId)',
    path: ['reason'],
  });
export type BallotRequest = z.infer<typeof BallotRequestSchema>;

/** Asking for the floor (`POST …/speakers`): the body. A request, once made, is a row of the speakers' list (the `SpeakerRequest` entity). */
export const FloorRequestSchema = z.strictObject({
  kind: z.enum(SPEAKER_KINDS).default('speech'),
  /** A reply or a counter-reply: the speech (a speaker request's id) it answers. */
  answersId: z.uuid().optional(),
});
export type FloorRequest = z.infer<typeof FloorRequestSchema>;

/**
 * `?format=json|html|pdf&version=N`: without a version, the latest published version (before
 * the first publication: the draft); a version being drafted is read by its number.
 */
export const MinutesQuerySchema = z.strictObject({
  format: z.enum(['json', 'html', 'pdf']).default('json'),
  version: z.coerce.number().int().min(1).max(1000).optional(),
});
export type MinutesQuery = z.infer<typeof MinutesQuerySchema>;

export const MINUTES_SIGNER_ROLES = ['chair', 'minute_taker'] as const;
export type MinutesSignerRole = (typeof MINUTES_SIGNER_ROLES)[number];
/** `draft`: in review or being signed; `signed`: both signatures on the current content; `published`: frozen. */
export const MINUTES_STATUSES = ['draft', 'signed', 'published'] as const;
export type MinutesStatus = (typeof MINUTES_STATUSES)[number];

/** A member's correction request during the review period (`POST …/minutes/corrections`). */
export const MinutesCorrectionSchema = z.strictObject({ text: z.string().trim().min(1).max(4000) });
export type MinutesCorrectionRequest = z.infer<typeof MinutesCorrectionSchema>;

/** The clerk's answer to a correction request (`POST …/minutes/corrections/:correctionId/answer`). */
export const MinutesAnswerSchema = z.strictObject({
  accepted: z.boolean(),
  answer: z.string().trim().min(1).max(4000),
});
export type MinutesAnswerRequest = z.infer<typeof MinutesAnswerSchema>;

export const MinutesCorrectionParamsSchema = z.strictObject({ id: z.uuid(), correctionId: z.uuid() });

/** The clerk names the minute-taker (`PUT …/minute-taker`; without userId: the clerk). */
export const MinuteTakerSchema = z.strictObject({ userId: z.uuid().optional() });
export type MinuteTakerRequest = z.infer<typeof MinuteTakerSchema>;

/** A signature (`POST …/minutes/sign`); the role is needed only by someone who is both. */
export const MinutesSignSchema = z.strictObject({ role: z.enum(MINUTES_SIGNER_ROLES).optional() });
export type MinutesSignRequest = z.infer<typeof MinutesSignSchema>;

/** A correction after publication (`POST …/minutes/versions`): a new version, with its reason. */
export const MinutesNewVersionSchema = z.strictObject({ reason: z.string().trim().min(1).max(2000) });
export type MinutesNewVersionRequest = z.infer<typeof MinutesNewVersionSchema>;

export const SittingItemParamsSchema = z.strictObject({ id: z.uuid(), itemId: z.uuid() });

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
export const RecordingParamsSchema = z.strictObject({ id: z.uuid(), recordingId: z.uuid() });

export const PublicAgendaQuerySchema = z.strictObject({ format: z.enum(['json', 'csv']).default('json') });
export type PublicAgendaQuery = z.infer<typeof PublicAgendaQuerySchema>;

export const MaterialViewSchema = answer('MaterialView', {
  id: z.uuid(),
  itemId: z.uuid(),
  filename: z.string(),
  contentType: z.enum(Object.values(MATERIAL_CONTENT_TYPES) as [MaterialContentType, ...MaterialContentType[]]),
  size: z.number().int(),
  sha256: z.string(),
  uploadedAt: InstantSchema,
});
export type MaterialView = z.infer<typeof MaterialViewSchema>;

export const CouncilWatchSchema = z.strictObject({ sessionId: z.uuid() });

export const CouncilQuorumSchema = answer('CouncilQuorum', {
  present: z.number().int(),
  total: z.number().int(),
  required: z.number().int(),
  reached: z.boolean(),
});
export type CouncilQuorum = z.infer<typeof CouncilQuorumSchema>;

export const ConflictViewSchema = answer('ConflictView', {
  itemId: z.uuid(),
  member: CouncilMemberRefSchema,
  reason: z.string(),
  declaredAt: InstantSchema,
});
export type ConflictView = z.infer<typeof ConflictViewSchema>;

export const AttendanceViewSchema = answer('AttendanceView', {
  member: CouncilMemberRefSchema,
  present: z.boolean(),
  checkedInAt: InstantSchema.nullable(),
  checkedOutAt: InstantSchema.nullable(),
});
export type AttendanceView = z.infer<typeof AttendanceViewSchema>;

export const VoteCountsSchema = answer('VoteCounts', {
  for: z.number().int(),
  against: z.number().int(),
  abstain: z.number().int(),
});
export type VoteCounts = z.infer<typeof VoteCountsSchema>;

/** The snapshot stored when a vote closes; it never changes afterwards. */
/** How a vote ended: a decision needs the quorum at the moment it is taken (ЗМСМА чл. 27, ал. 2). */
export const VOTE_OUTCOMES = ['adopted', 'rejected', 'no_quorum'] as const;
export type VoteOutcome = (typeof VOTE_OUTCOMES)[number];

const voteSnapshotFields = {
  seats: z.number().int().describe('Seats of the body by law (an empty seat included)'),
  present: z.number().int().describe('Members present'),
  entitled: z.number().int().describe('Present members not under a declared conflict of interest on the item'),
  quorumRequired: z.number().int().describe('Members present needed for a quorum: more than half of the seats'),
  quorumReached: z.boolean(),
  required: z.number().int().describe('Votes "for" needed to adopt'),
  counts: VoteCountsSchema,
};

/** What a vote stood on at one moment (stored when it opens and when it closes; never recomputed). */
export const VoteSnapshotSchema = answer(
  'VoteSnapshot',
  voteSnapshotFields,
  'What a vote stood on at one moment (stored when it opens and when it closes; never recomputed)',
);
export type VoteSnapshot = z.infer<typeof VoteSnapshotSchema>;

/** The snapshot at close. */
export const VoteResultSchema = answer(
  'VoteResult',
  {
    ...voteSnapshotFields,
    outcome: z.enum(VOTE_OUTCOMES),
    passed: z.boolean().describe("`outcome === 'adopted'`"),
    members: z.number().int().describe('The seats (kept under this name for older clients)'),
  },
  'The snapshot at close',
);
export type VoteResult = z.infer<typeof VoteResultSchema>;

export const RollCallEntrySchema = answer('RollCallEntry', {
  member: CouncilMemberRefSchema,
  recordedBy: z
    .enum(['member', 'clerk'])
    .optional()
    .describe('Who entered it: the member (an electronic ballot, theirs alone) or the clerk (in the hall)'),
  choice: z.enum(BALLOT_CHOICES),
});
export type RollCallEntry = z.infer<typeof RollCallEntrySchema>;

export const SpeakerViewSchema = answer('SpeakerView', {
  id: z.uuid(),
  sessionId: z.uuid(),
  itemId: z.uuid().nullable(),
  member: CouncilMemberRefSchema,
  kind: z.enum(SPEAKER_KINDS),
  status: z.enum(SPEAKER_STATUSES),
  requestedAt: InstantSchema,
  grantedAt: InstantSchema.nullable(),
  finishedAt: InstantSchema.nullable(),
  seconds: z.number().nullable().describe('Speaking time so far (finished: the whole time)'),
  queuePosition: z
    .number()
    .int()
    .nullable()
    .optional()
    .describe('Place in the waiting queue (1 = next; null when not waiting)'),
  limitSeconds: z
    .number()
    .int()
    .nullable()
    .optional()
    .describe('The time limit fixed when the floor was given (seconds; null: not given yet, or given before limits)'),
  answersId: z.uuid().nullable().optional().describe('A reply or counter-reply: the speech it answers'),
  timeUpAt: InstantSchema.nullable()
    .optional()
    .describe('When the chair was told the time was up (null: not yet, or not up)'),
});
export type SpeakerView = z.infer<typeof SpeakerViewSchema>;

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
  /** The server's clock when this was sent (clients count a speaker's time down from it). */
  now?: string;
}

export const MinutesSignatureViewSchema = answer('MinutesSignatureView', {
  role: z.enum(MINUTES_SIGNER_ROLES),
  signer: CouncilMemberRefSchema,
  signedAt: InstantSchema,
  sha256: z.string().describe('The SHA-256 of the canonical content signed'),
});
export type MinutesSignatureView = z.infer<typeof MinutesSignatureViewSchema>;

export const MinutesCorrectionViewSchema = answer('MinutesCorrectionView', {
  id: z.uuid(),
  version: z.number().int(),
  author: CouncilMemberRefSchema,
  text: z.string(),
  createdAt: InstantSchema,
  answer: z.string().nullable(),
  accepted: z.boolean().nullable(),
  answeredBy: CouncilMemberRefSchema.nullable(),
  answeredAt: InstantSchema.nullable(),
});
export type MinutesCorrectionView = z.infer<typeof MinutesCorrectionViewSchema>;

export const MinutesVersionViewSchema = answer('MinutesVersionView', {
  version: z.number().int(),
  number: z.number().int(),
  reason: z.string().nullable(),
  sha256: z.string().describe('SHA-256 of the signed content'),
  files: z
    .object({ json: z.string(), html: z.string(), pdf: z.string() })
    .describe('The SHA-256 of each stored file (served byte for byte)'),
  publishedAt: InstantSchema,
  publishedBy: CouncilMemberRefSchema,
});
export type MinutesVersionView = z.infer<typeof MinutesVersionViewSchema>;

/** Where a sitting's minutes stand (`GET …/minutes/status`): draft, review, signatures, versions. */
export const MinutesStateViewSchema = answer(
  'MinutesStateView',
  {
    sessionId: z.uuid(),
    number: z.number().int(),
    version: z.number().int().describe('The version being drafted, or the latest published one'),
    reason: z.string().nullable(),
    status: z.enum(MINUTES_STATUSES),
    reviewDays: z.number().int(),
    reviewEndsAt: InstantSchema.nullable(),
    reviewOpen: z.boolean(),
    sha256: z.string().nullable().describe('SHA-256 of the current content (of the published version, once published)'),
    minuteTaker: CouncilMemberRefSchema.nullable(),
    signatures: z.array(MinutesSignatureViewSchema),
    corrections: z.array(MinutesCorrectionViewSchema),
    versions: z.array(MinutesVersionViewSchema),
    may: z
      .object({
        correct: z.boolean(),
        sign: z.array(z.enum(MINUTES_SIGNER_ROLES)),
        answer: z.boolean(),
        publish: z.boolean(),
        newVersion: z.boolean(),
      })
      .describe('What the reader may do now'),
  },
  "Where a sitting's minutes stand: draft, review, signatures, versions",
);
export type MinutesStateView = z.infer<typeof MinutesStateViewSchema>;

/** ЗМСМА чл. 22, ал. 1: the council's acts go to the mayor and the regional governor within 7 days; ал. 2: made public. */
export const DECISION_DISPATCH_DAYS = 7;
export const DECISION_DISPATCHES = ['mayor', 'governor', 'public'] as const;
export type DecisionDispatch = (typeof DECISION_DISPATCHES)[number];

/** The clerk records that a decision was sent to the mayor, to the regional governor, or made public (now). */
export const DispatchDecisionSchema = z.strictObject({ to: z.enum(DECISION_DISPATCHES) });
export type DispatchDecisionRequest = z.infer<typeof DispatchDecisionSchema>;

/** Public search of the sittings (`GET /api/public/council/sittings`): newest first unless `when=upcoming`. */
export const SittingsQuerySchema = z.strictObject({
  /** Words of the title or of an agenda item's title (case-insensitive, Cyrillic included). */
  q: z.string().trim().min(1).max(200).optional(),
  /** The calendar year (Sofia) the sitting starts in. */
  year: z.coerce.number().int().min(1990).max(2200).optional(),
  bodyId: z.uuid().optional(),
  /** `upcoming`: published, open or paused, soonest first; `past`: closed, latest first. */
  when: z.enum(['upcoming', 'past']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type SittingsQuery = z.infer<typeof SittingsQuerySchema>;

/** Public search of the register of decisions (`GET /api/public/council/register`), in the register's order. */
export const RegisterQuerySchema = z
  .strictObject({
    /** Words of the title or the text (case-insensitive, Cyrillic included). */
    q: z.string().trim().min(1).max(200).optional(),
    /** „Решение № N“. */
    number: z.coerce.number().int().min(1).max(1_000_000).optional(),
    /** Decided on or after / on or before these Sofia calendar days. */
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    subject: z.enum(AGENDA_SUBJECTS).optional(),
    outcome: z.enum(VOTE_OUTCOMES).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['to'] });
export type RegisterQuery = z.infer<typeof RegisterQuerySchema>;

/** The council's open datasets (`GET /api/public/council/data/{name}.csv|.json|.schema.json`). */
export const OPEN_DATASETS = ['sittings', 'agenda-items', 'attendance', 'votes', 'ballots', 'decisions'] as const;
export type OpenDataset = (typeof OPEN_DATASETS)[number];
export const OPEN_DATA_FILE = new RegExp(`^(${OPEN_DATASETS.join('|')})\\.(csv|json|schema\\.json)$`);
export const OpenDataFileParamsSchema = z.strictObject({
  file: z.string().regex(OPEN_DATA_FILE, `one of ${OPEN_DATASETS.join(', ')} with .csv, .json or .schema.json`),
});
/** The dataset and the format a valid `file` names. */
export function openDataFile(file: string): { dataset: OpenDataset; format: 'csv' | 'json' | 'schema.json' } {
  const [, dataset, format] = OPEN_DATA_FILE.exec(file)!;
  return { dataset: dataset as OpenDataset, format: format as 'csv' | 'json' | 'schema.json' };
}
export type OpenDataFileParams = z.infer<typeof OpenDataFileParamsSchema>;

export const DecisionsQuerySchema = z.strictObject({ format: z.enum(['json', 'csv']).default('json') });
export type DecisionsQuery = z.infer<typeof DecisionsQuerySchema>;

// --- mandates and seats ------------------------------------------------------------------

/** A term of the council (ЗМСМА чл. 24): sittings, minutes and decisions are numbered within it. */
export const CouncilMandateViewSchema = answer(
  'CouncilMandateView',
  {
    id: z.uuid(),
    name: z.string().describe('E.g. „2023–2027“'),
    startsOn: z.iso.date().describe('First day, a Sofia calendar date'),
    endsOn: z.iso.date().describe('Last day, a Sofia calendar date'),
    current: z.boolean().describe('The mandate in force today (the latest started)'),
  },
  'A term of the council (ЗМСМА чл. 24): sittings, minutes and decisions are numbered within it',
);
export type CouncilMandateView = z.infer<typeof CouncilMandateViewSchema>;

/** An admin starts the record of a new mandate (its seats start empty). */
export const CreateMandateSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(40),
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
  })
  .refine((m) => m.endsOn > m.startsOn, { message: 'endsOn is after startsOn', path: ['endsOn'] });
export type CreateMandateRequest = z.infer<typeof CreateMandateSchema>;

/** One holding of a seat: who, from when, until when and why it ended. */
export const SeatHoldingViewSchema = answer('SeatHoldingView', {
  userId: z.uuid(),
  displayName: z.string().describe('The name as it was when the seat was taken'),
  heldFrom: z.iso.date(),
  heldUntil: z.iso.date().nullable(),
  endReason: z.string().nullable(),
});
export type SeatHoldingView = z.infer<typeof SeatHoldingViewSchema>;

/** A seat of the council in a mandate: its holder now (null: empty) and everyone who held it. */
export const CouncilSeatViewSchema = answer('CouncilSeatView', {
  seat: z.number().int(),
  holder: SeatHoldingViewSchema.nullable(),
  history: z.array(SeatHoldingViewSchema),
});
export type CouncilSeatView = z.infer<typeof CouncilSeatViewSchema>;

export const MandateSeatsViewSchema = answer('MandateSeatsView', {
  mandate: CouncilMandateViewSchema,
  seats: z.array(CouncilSeatViewSchema).describe("The council's seats by law; every seat is listed, an empty one too"),
});
export type MandateSeatsView = z.infer<typeof MandateSeatsViewSchema>;

/** `/api/council/mandates/:id/seats/:seat` */
export const SeatParamsSchema = z.strictObject({ id: z.uuid(), seat: z.coerce.number().int().min(1).max(101) });
export type SeatParams = z.infer<typeof SeatParamsSchema>;

/**
 * The clerk records who takes a seat (`PUT …/seats/:seat`): the first holder, or the next on
 * the list replacing one whose mandate ended early — then `reason` says why (ЗМСМА чл. 30,
 * ал. 4) and the previous holding ends the day before `from`. `from` defaults to today.
 */
export const AssignSeatSchema = z.strictObject({
  userId: z.uuid(),
  from: z.iso.date().optional(),
  reason: z.string().trim().min(1).max(500).optional(),
});
export type AssignSeatRequest = z.infer<typeof AssignSeatSchema>;

/** The clerk records that a holding ended and the seat stays empty for now (`POST …/seats/:seat/end`). */
export const EndSeatSchema = z.strictObject({
  on: z.iso.date().optional(),
  reason: z.string().trim().min(1).max(500),
});
export type EndSeatRequest = z.infer<typeof EndSeatSchema>;
