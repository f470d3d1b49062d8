import { z } from 'zod';
import { answer, InstantSchema } from './answers.js';
import { MAJORITIES, VOTE_MODES, VOTE_OUTCOMES, VoteCountsSchema } from './council.js';
import { ElectionResultSchema } from './council-elections.js';
import { ProcedureVoteRefSchema } from './council-procedure.js';

/** An entry of the council's register of decisions (as decided; never recomputed). */
export const DecisionViewSchema = answer(
  'DecisionView',
  {
    id: z.uuid(),
    number: z.number().int().nullable().describe('"Решение № N" (null: not adopted), within the mandate'),
    mandate: z.string().describe('The mandate whose register numbers it (e.g. „2023–2027“)'),
    outcome: z.enum(VOTE_OUTCOMES),
    title: z.string(),
    text: z.string().nullable(),
    sessionId: z.uuid(),
    itemId: z.uuid(),
    voteId: z.uuid().nullable().describe('The vote it comes from (null: an election round, `electionId`)'),
    electionId: z.uuid().nullable().optional(),
    election: ElectionResultSchema.nullable()
      .optional()
      .describe(
        "An election round that elected someone: its result (`counts.for` = the elected's votes, `against` = every other ballot counted)",
      ),
    protocolNumber: z.number().int().describe("Протокол № N: the sitting's number"),
    decidedAt: InstantSchema,
    counts: VoteCountsSchema,
    majority: z.enum(MAJORITIES),
    voteMode: z.enum(VOTE_MODES),
    required: z.number().int(),
    present: z.number().int(),
    seats: z.number().int(),
    deadline: InstantSchema.nullable().describe(
      'Adopted: by when it must be sent and made public (decidedAt + 7 days); null otherwise',
    ),
    sentToMayorAt: InstantSchema.nullable(),
    sentToGovernorAt: InstantSchema.nullable(),
    publishedAt: InstantSchema.nullable(),
    procedure: z
      .array(ProcedureVoteRefSchema)
      .optional()
      .describe("The amendments and motions voted on the item before this decision, labelled (the register's list)"),
  },
  "An entry of the council's register of decisions (as decided; never recomputed)",
);
export type DecisionView = z.infer<typeof DecisionViewSchema>;
