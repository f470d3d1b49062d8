import { z } from 'zod';
import { answer, InstantSchema } from './answers.js';
import {
  AGENDA_SUBJECTS,
  AttendanceViewSchema,
  BALLOT_CHOICES,
  COUNCIL_SESSION_STATUSES,
  ConflictViewSchema,
  CouncilBodyRefSchema,
  CouncilMemberRefSchema,
  CouncilQuorumSchema,
  CouncilRecordingViewSchema,
  CouncilVideoStateSchema,
  MAJORITIES,
  MaterialViewSchema,
  MINUTES_STATUSES,
  MinutesSignatureViewSchema,
  RollCallEntrySchema,
  SpeakerViewSchema,
  VOTE_MODES,
  VOTE_OUTCOMES,
  VoteCountsSchema,
  VoteResultSchema,
  VoteSnapshotSchema,
} from './council.js';
import { SittingChangeViewSchema } from './council-changes.js';
import { ClosedDoorViewSchema } from './council-closed-door.js';
import { ElectionViewSchema } from './council-elections.js';
import {
  AGENDA_CHANGES,
  AGENDA_ITEM_STATES,
  AgendaItemChangeViewSchema,
  PROCEDURAL_MOTIONS,
  VOTE_KINDS,
} from './council-procedure.js';
import { DecisionViewSchema } from './council-register.js';
import { SittingFormViewSchema } from './council-remote.js';

/**
 * A council sitting as the API answers it: its agenda items, votes, the sitting itself (summary
 * and full view), the minutes, and the public record's pages. These shapes hold the shapes of
 * council.ts and of the procedure, elections, remote form, changes and closed-door files, so
 * they live here, where all of those can be imported without a cycle.
 */

const agendaItemViewFields = {
  id: z.uuid(),
  position: z.number().int(),
  title: z.string(),
  rapporteur: z.string().nullable(),
  legalBasis: z.string().nullable(),
  draftDecision: z.string().nullable().optional().describe("The draft decision's text (null: none given)"),
  subject: z
    .enum(AGENDA_SUBJECTS)
    .describe(
      'What it decides on; budget, taxes and fees, property and debt are voted by roll call of all (`subjectRequirement`)',
    ),
  voteMode: z.enum(VOTE_MODES),
  majority: z.enum(MAJORITIES),
  conflicts: z.array(ConflictViewSchema),
  materials: z.array(MaterialViewSchema).optional().describe('Attached files (PDF/DOCX/ODT) with their SHA-256'),
  state: z
    .enum(AGENDA_ITEM_STATES)
    .optional()
    .describe('Proposed at the sitting, on the agenda, rejected, withdrawn or postponed (council-procedure.ts)'),
  proposedBy: z
    .uuid()
    .nullable()
    .optional()
    .describe('An urgent item proposed at the sitting: who proposed it (null: on the agenda as published)'),
  changes: z
    .array(AgendaItemChangeViewSchema)
    .optional()
    .describe('How the agenda changed at the sitting for this item: which vote, when, its outcome'),
  closedDoor: ClosedDoorViewSchema.optional().describe('Closed-door (ЗМСМА чл. 28): only when it is'),
};

export const AgendaItemViewSchema = answer('AgendaItemView', {
  ...agendaItemViewFields,
  takenUpAt: z
    .array(InstantSchema)
    .describe('Every time the chair took the item up during the sitting (in order; empty: never)'),
});
export type AgendaItemView = z.infer<typeof AgendaItemViewSchema>;

const voteViewFields = {
  id: z.uuid(),
  sessionId: z.uuid(),
  itemId: z
    .uuid()
    .nullable()
    .describe("The item voted on (null: the agenda's adoption, a motion with no item taken up)"),
  kind: z.enum(VOTE_KINDS).optional().describe('What is voted on (council-procedure.ts; always set by the server)'),
  label: z.string().nullable().optional(),
  text: z.string().nullable().optional(),
  motion: z.enum(PROCEDURAL_MOTIONS).nullable().optional(),
  change: z.enum(AGENDA_CHANGES).nullable().optional(),
  proposer: CouncilMemberRefSchema.nullable().optional(),
  mode: z.enum(VOTE_MODES),
  majority: z.enum(MAJORITIES),
  status: z.enum(['open', 'closed']),
  openedAt: InstantSchema,
  closedAt: InstantSchema.nullable(),
  ballotsCast: z.number().int().describe('How many members have voted'),
  counts: VoteCountsSchema.nullable().describe('Running totals (null for a secret vote until it closes)'),
  atOpen: VoteSnapshotSchema.nullable().describe('The snapshot when the vote opened'),
  decision: z
    .object({ id: z.uuid(), number: z.number().int().nullable(), outcome: z.enum(VOTE_OUTCOMES) })
    .nullable()
    .optional()
    .describe("The council's votes on an item, once closed: its entry in the register (`number` only when adopted)"),
  result: VoteResultSchema.nullable(),
  roll: z.array(RollCallEntrySchema).nullable().describe("Roll-call votes only: each member's name and choice"),
  mine: z
    .object({ voted: z.boolean(), choice: z.enum(BALLOT_CHOICES).nullable() })
    .optional()
    .describe("The signed-in member's own ballot (open and roll-call votes); secret: only whether they voted"),
};

export const VoteViewSchema = answer('VoteView', voteViewFields);
export type VoteView = z.infer<typeof VoteViewSchema>;

const sittingSummaryFields = {
  id: z.uuid(),
  number: z.number().int(),
  title: z.string(),
  status: z.enum(COUNCIL_SESSION_STATUSES),
  startsAt: InstantSchema,
  endsAt: InstantSchema,
  version: z.number().int(),
  currentItemId: z.uuid().nullable(),
  body: CouncilBodyRefSchema.optional().describe('The council or the committee that meets'),
  publishedAt: InstantSchema.nullable().describe('When the clerk published the agenda ("обявено на …"; null: a draft)'),
  extraordinary: z
    .boolean()
    .describe('An extraordinary sitting (извънредно заседание): published at shorter notice, for the reason given'),
  extraordinaryReason: z.string().nullable(),
  closedDoor: ClosedDoorViewSchema.optional().describe('A closed-door sitting (ЗМСМА чл. 28): only when it is'),
};

export const CouncilSessionSummarySchema = answer('CouncilSessionSummary', sittingSummaryFields);
export type CouncilSessionSummary = z.infer<typeof CouncilSessionSummarySchema>;

/** The parts of a sitting's full view that its minutes repeat. */
const sittingRecordFields = {
  ...sittingSummaryFields,
  description: z.string().nullable(),
  meetingId: z.uuid(),
  spaceId: z.uuid(),
  place: z.string().nullable().optional().describe("Where it meets: the chamber's or hall's name"),
  openedAt: InstantSchema.nullable(),
  closedAt: InstantSchema.nullable(),
  agendaAdoptedAt: InstantSchema.nullable()
    .optional()
    .describe('When the sitting adopted its agenda (null: not (yet) adopted)'),
  agendaVoteId: z.uuid().nullable().optional().describe('The vote that adopted the agenda'),
  quorum: CouncilQuorumSchema,
  minutesPublishedAt: InstantSchema.nullable()
    .optional()
    .describe('When the clerk published the minutes (null: not public yet)'),
  form: SittingFormViewSchema.optional().describe('In the chamber, or remote under ЗМСМА чл. 28а'),
  video: CouncilVideoStateSchema.optional(),
  recordings: z.array(CouncilRecordingViewSchema).optional(),
  changes: z
    .array(SittingChangeViewSchema)
    .optional()
    .describe('Changes announced after publishing (a new time or place; items added or withdrawn), oldest first'),
  elections: z.array(ElectionViewSchema).optional().describe("The sitting's election rounds, oldest first"),
};

export const CouncilSessionViewSchema = answer(
  'CouncilSessionView',
  {
    ...sittingRecordFields,
    items: z.array(AgendaItemViewSchema),
    attendance: z.array(AttendanceViewSchema),
    votes: z.array(VoteViewSchema),
    speakers: z
      .array(SpeakerViewSchema)
      .optional()
      .describe('The speakers\u2019 list of the session (the same as `GET …/speakers` and the minutes)'),
  },
  'A sitting with its agenda, attendance, quorum, votes, speakers, elections and changes',
);
export type CouncilSessionView = z.infer<typeof CouncilSessionViewSchema>;

/**
 * What a bulk registration did: `changed` are the members whose attendance it changed (in the
 * order given), the others were already so — undoing it is the same call for `changed` with
 * the opposite `present`.
 */
export const BulkAttendanceResultSchema = answer(
  'BulkAttendanceResult',
  { changed: z.array(z.uuid()), session: CouncilSessionViewSchema },
  'What a bulk registration did: `changed` are the members whose attendance it changed (in the order given)',
);
export type BulkAttendanceResult = z.infer<typeof BulkAttendanceResultSchema>;

/** An urgent item proposed at the sitting: its id, and the sitting with it. */
export const ProposedItemResultSchema = answer(
  'ProposedItemResult',
  { itemId: z.uuid(), session: CouncilSessionViewSchema },
  'An urgent item proposed at the sitting: its id, and the sitting with it',
);
export type ProposedItemResult = z.infer<typeof ProposedItemResultSchema>;

/** An agenda item as the minutes record it (without the times it was taken up). */
export const MinutesAgendaItemSchema = answer('MinutesAgendaItem', agendaItemViewFields);

/** A vote as the minutes record it, with its item's title. */
export const MinutesVoteViewSchema = answer('MinutesVoteView', { ...voteViewFields, itemTitle: z.string() });

/** The minutes' record: the sitting, who attended, the votes, elections, conflicts, speakers, recordings. */
export const CouncilMinutesSchema = answer('CouncilMinutes', {
  session: answer('MinutesSittingView', { ...sittingRecordFields, items: z.array(MinutesAgendaItemSchema) }),
  mandate: z.string().optional().describe('The mandate within which the minutes and decisions are numbered'),
  attendance: z.array(AttendanceViewSchema),
  absent: z
    .array(CouncilMemberRefSchema)
    .describe('Members of the body (when the sitting opened) who never registered: listed by name'),
  votes: z.array(MinutesVoteViewSchema),
  elections: z
    .array(ElectionViewSchema)
    .optional()
    .describe('Every election round, oldest first (only when the sitting held any)'),
  conflicts: z.array(ConflictViewSchema),
  speakers: z.array(SpeakerViewSchema),
  recordings: z.array(CouncilRecordingViewSchema),
  generatedAt: InstantSchema,
  number: z.number().int().optional().describe('"Протокол № N": the sitting\u2019s number within its body'),
  version: z.number().int().optional().describe('The version of the minutes (1; a correction after publication: 2, …)'),
  reason: z.string().nullable().optional().describe('Why the version was made'),
  status: z.enum(MINUTES_STATUSES).optional(),
  reviewEndsAt: InstantSchema.nullable()
    .optional()
    .describe(
      'The end of the review period (the closing, or the start of a later version, + the body\u2019s review days)',
    ),
  sha256: z.string().optional().describe('SHA-256 of the canonical content (what the chair and the minute-taker sign)'),
  signatures: z.array(MinutesSignatureViewSchema).optional(),
  publishedAt: InstantSchema.optional().describe('A published version: when'),
});
export type CouncilMinutes = z.infer<typeof CouncilMinutesSchema>;

/** Where a page of the public record stands: how many in all, and which slice this is. */
const pageFields = { total: z.number().int(), limit: z.number().int(), offset: z.number().int() };

/** A published sitting in the public list, with where it meets (the chamber's or hall's name). */
export const SittingListItemSchema = answer('SittingListItem', {
  ...sittingSummaryFields,
  place: z.string().nullable(),
});

export const SittingsPageSchema = answer('SittingsPage', {
  items: z.array(SittingListItemSchema).describe("Each with where it meets (the chamber's or hall's name)"),
  ...pageFields,
});
export type SittingsPage = z.infer<typeof SittingsPageSchema>;

/** A decision of the register with what its agenda item decides on. */
export const RegisterEntrySchema = answer(
  'RegisterEntry',
  { ...DecisionViewSchema.shape, subject: z.enum(AGENDA_SUBJECTS) },
  'A decision of the register with what its agenda item decides on',
);
export type RegisterEntry = z.infer<typeof RegisterEntrySchema>;

export const RegisterPageSchema = answer('RegisterPage', {
  items: z.array(RegisterEntrySchema),
  ...pageFields,
});
export type RegisterPage = z.infer<typeof RegisterPageSchema>;

/** A decision's public page: the decision, its sitting, its item (with materials) and its vote. */
export const PublicDecisionViewSchema = answer(
  'PublicDecisionView',
  {
    decision: RegisterEntrySchema,
    sitting: CouncilSessionSummarySchema,
    item: AgendaItemViewSchema,
    vote: VoteViewSchema.nullable().describe(
      "Null for an election's entry (its rounds are in the sitting's `elections`)",
    ),
  },
  "A decision's public page: the decision, its sitting, its item (with materials) and its vote",
);
export type PublicDecisionView = z.infer<typeof PublicDecisionViewSchema>;

/** The published agenda as open data (also as CSV, one row per item and material). */
export const PublicAgendaSchema = answer(
  'PublicAgenda',
  {
    session: answer('PublicAgendaSitting', {
      ...CouncilSessionSummarySchema.pick({
        id: true,
        number: true,
        title: true,
        status: true,
        startsAt: true,
        endsAt: true,
        publishedAt: true,
        extraordinary: true,
        extraordinaryReason: true,
      }).shape,
      agendaAdoptedAt: InstantSchema.nullable().describe(
        'When the sitting adopted its agenda (null: not adopted by a vote)',
      ),
    }),
    items: z.array(
      answer('PublicAgendaItem', {
        id: z.uuid(),
        number: z.number().int(),
        title: z.string(),
        rapporteur: z.string().nullable(),
        legalBasis: z.string().nullable(),
        subject: z.enum(AGENDA_SUBJECTS),
        voteMode: z.enum(VOTE_MODES),
        majority: z.enum(MAJORITIES),
        materials: z.array(MaterialViewSchema),
        state: z
          .enum(AGENDA_ITEM_STATES)
          .describe(
            'On the agenda, or proposed, rejected, withdrawn, postponed at the sitting — with the votes that did it',
          ),
        changes: z.array(AgendaItemChangeViewSchema),
      }),
    ),
  },
  'The published agenda as open data (also as CSV, one row per item and material)',
);
export type PublicAgenda = z.infer<typeof PublicAgendaSchema>;
