import { z } from 'zod';
import { answer, InstantSchema } from './answers.js';
import { CouncilMemberRefSchema } from './council.js';

/**
 * Elections at a sitting (issue 15, part 3): a secret vote with candidates — the chair of the
 * council (ЗМСМА чл. 24), a deputy chair, a committee's chair. Each present member chooses one
 * candidate or none (a blank ballot); a candidate is elected by more than half of ALL the
 * seats; when nobody is, a second round is held between the two first (every one tied for a
 * place going on). A round taken on paper is entered as totals by the counting commission.
 */
export const ELECTION_OUTCOMES = ['elected', 'second_round', 'not_elected', 'no_quorum'] as const;
export type ElectionOutcome = (typeof ELECTION_OUTCOMES)[number];

export const ELECTION_MODES = ['electronic', 'paper'] as const;
export type ElectionMode = (typeof ELECTION_MODES)[number];

const title = z.string().trim().min(1).max(300);
const uniqueIds = (ids: string[]) => new Set(ids).size === ids.length;

/** The chair opens an election on the current item with its candidates (members of the body's mandate). */
export const OpenElectionSchema = z.strictObject({
  itemId: z.uuid(),
  /** What is elected: "Председател на Общинския съвет". */
  office: title,
  candidateIds: z.array(z.uuid()).min(1).max(30).refine(uniqueIds, { message: 'a candidate is named once' }),
  /** `paper`: the ballots are cast on paper in the hall and the commission enters the totals. */
  mode: z.enum(ELECTION_MODES).default('electronic'),
});
export type OpenElectionRequest = z.infer<typeof OpenElectionSchema>;

/** A member's ballot: one candidate, or `null` — none (a blank ballot). The last one counts. */
export const ElectionBallotSchema = z.strictObject({ candidateId: z.uuid().nullable() });
export type ElectionBallotRequest = z.infer<typeof ElectionBallotSchema>;

const count = z.number().int().min(0).max(10_000);

/**
 * The counting commission's totals of a paper round, in one request: the votes of every
 * candidate of the round, the blank and the invalid ballots, and the commission — the clerk
 * and two members present, by name. Never ballot by ballot.
 */
export const PaperTotalsSchema = z.strictObject({
  totals: z
    .array(z.strictObject({ candidateId: z.uuid(), votes: count }))
    .min(1)
    .max(30)
    .refine((t) => uniqueIds(t.map((x) => x.candidateId)), { message: 'a candidate is counted once' }),
  blank: count,
  invalid: count,
  commission: z.strictObject({
    clerkId: z.uuid(),
    memberIds: z.array(z.uuid()).length(2).refine(uniqueIds, { message: 'two different members' }),
  }),
});
export type PaperTotalsRequest = z.infer<typeof PaperTotalsSchema>;

export const ElectionCandidateVotesSchema = answer('ElectionCandidateVotes', {
  candidateId: z.uuid(),
  votes: z.number().int(),
});
export type ElectionCandidateVotes = z.infer<typeof ElectionCandidateVotesSchema>;

/** A round's result at its close: a snapshot, never recomputed. */
export const ElectionResultSchema = answer(
  'ElectionResult',
  {
    round: z.number().int(),
    seats: z.number().int(),
    present: z.number().int(),
    quorumRequired: z.number().int(),
    quorumReached: z.boolean(),
    required: z.number().int().describe('Votes a candidate needs: more than half of all the seats'),
    votes: z.array(ElectionCandidateVotesSchema),
    blank: z.number().int(),
    invalid: z.number().int(),
    voters: z.number().int().describe("Ballots in the count: candidates' votes + blank + invalid"),
    outcome: z.enum(ELECTION_OUTCOMES),
    electedId: z.uuid().nullable(),
    runoff: z.array(z.uuid()).describe('`second_round`: who goes on'),
  },
  "A round's result at its close: a snapshot, never recomputed",
);
export type ElectionResult = z.infer<typeof ElectionResultSchema>;

export const ElectionCommissionViewSchema = answer('ElectionCommissionView', {
  clerk: CouncilMemberRefSchema,
  members: z.array(CouncilMemberRefSchema),
});
export type ElectionCommissionView = z.infer<typeof ElectionCommissionViewSchema>;

/** One round of an election (the second round is a round of its own, linked to the first). */
export const ElectionViewSchema = answer(
  'ElectionView',
  {
    id: z.uuid(),
    sessionId: z.uuid(),
    itemId: z.uuid(),
    office: z.string(),
    round: z.number().int(),
    firstRoundId: z
      .uuid()
      .nullable()
      .describe("The first round's id (the second round's `firstRoundId`); null for a first round"),
    mode: z.enum(ELECTION_MODES),
    status: z.enum(['open', 'closed']),
    openedAt: InstantSchema,
    closedAt: InstantSchema.nullable(),
    candidates: z.array(CouncilMemberRefSchema),
    ballotsCast: z.number().int().describe('How many members have voted (electronic rounds), live while open'),
    result: ElectionResultSchema.nullable().describe(
      'Null until the round closes: nobody sees totals while it is open',
    ),
    commission: ElectionCommissionViewSchema.nullable().describe('A paper round: who counted'),
    decision: z
      .object({ id: z.uuid(), number: z.number().int().nullable() })
      .nullable()
      .optional()
      .describe("The council's register entry when the round elected someone"),
    mine: z
      .object({ voted: z.boolean(), candidateId: z.uuid().nullable() })
      .nullable()
      .optional()
      .describe(
        'The signed-in member: whether they voted, and — while the round is open only — their own choice, read back to them',
      ),
  },
  'One round of an election (the second round is a round of its own, linked to the first)',
);
export type ElectionView = z.infer<typeof ElectionViewSchema>;

export interface CouncilElectionEvent {
  sessionId: string;
  version: number;
  election: ElectionView;
}
