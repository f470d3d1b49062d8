import { z } from 'zod';
import { answer, InstantSchema } from './answers.js';
import {
  agendaItemFields,
  CouncilMemberRefSchema,
  lawfulVote,
  MAJORITIES,
  VOTE_OUTCOMES,
  VoteCountsSchema,
} from './council.js';

/**
 * The procedure at a sitting (issue 15, parts 1 and 2): the agenda adopted by the sitting's
 * first vote and changed by votes, amendments put to the vote before the decision, and
 * procedural motions.
 *
 * - `agenda`: the adoption of the agenda (the sitting's first vote; no item).
 * - `agenda_change`: to add a proposed urgent item (`change: 'add'`) or withdraw one (`'withdraw'`).
 * - `amendment`: a proposal to amend the current item's draft decision (its text and proposer).
 * - `decision`: the draft decision (as amended) — the only kind that makes a numbered decision.
 * - `procedural`: a procedural motion (`motion`): close the debate, a break, postpone the item.
 */
export const VOTE_KINDS = ['agenda', 'agenda_change', 'amendment', 'decision', 'procedural'] as const;
export type VoteKind = (typeof VOTE_KINDS)[number];

export const PROCEDURAL_MOTIONS = ['close_debate', 'break', 'postpone'] as const;
export type ProceduralMotion = (typeof PROCEDURAL_MOTIONS)[number];

export const AGENDA_CHANGES = ['add', 'withdraw'] as const;
export type AgendaChange = (typeof AGENDA_CHANGES)[number];

/**
 * An item's state: `proposed` (an urgent item not yet voted on the agenda), `scheduled` (on the
 * agenda), `rejected` (proposed, not adopted: kept on record, not on the agenda), `withdrawn`
 * (taken off by a vote: kept on record), `postponed` (an adopted motion left it without decision).
 */
export const AGENDA_ITEM_STATES = ['proposed', 'scheduled', 'rejected', 'withdrawn', 'postponed'] as const;
export type AgendaItemState = (typeof AGENDA_ITEM_STATES)[number];

const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * Opens a vote (chair). `{ itemId }` alone is the item's decision vote, as before.
 * - `agenda`: no item; the first vote of the sitting.
 * - `agenda_change`: `itemId` and `change` (add a proposed item / withdraw a scheduled one).
 * - `amendment`: `itemId` (the current item), `text`, `proposerId` (a member of the body).
 * - `decision`: `itemId`; optional `text` — the draft decision as amended (else the item's draft).
 * - `procedural`: `motion`; `itemId` required to postpone (the current item).
 * `majority` may be given for every kind but `decision` (the item's): by default a majority of
 * those present (ЗМСМА чл. 27, ал. 3), unless the body's rules say otherwise.
 */
export const OpenVoteRequestSchema = z
  .strictObject({
    itemId: z.uuid().optional(),
    kind: z.enum(VOTE_KINDS).default('decision'),
    label: text(300).optional(),
    text: text(20_000).optional(),
    proposerId: z.uuid().optional(),
    motion: z.enum(PROCEDURAL_MOTIONS).optional(),
    change: z.enum(AGENDA_CHANGES).optional(),
    majority: z.enum(MAJORITIES).optional(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const needsItem = v.kind === 'decision' || v.kind === 'agenda_change' || v.kind === 'amendment';
    if (needsItem && !v.itemId) issue('itemId', `a vote of kind ${v.kind} is on an item`);
    if (v.kind === 'agenda' && v.itemId) issue('itemId', 'the agenda is adopted as a whole');
    if (v.kind === 'amendment' && !v.text) issue('text', 'an amendment has its text');
    if (v.kind === 'amendment' && !v.proposerId) issue('proposerId', 'an amendment has its proposer');
    if ((v.kind === 'agenda_change') !== (v.change !== undefined))
      issue('change', 'a change (add or withdraw) goes with an agenda_change vote, and only with it');
    if ((v.kind === 'procedural') !== (v.motion !== undefined))
      issue('motion', 'a motion goes with a procedural vote, and only with it');
    if (v.kind === 'procedural' && v.motion === 'postpone' && !v.itemId) issue('itemId', 'postponing names the item');
    if (v.kind === 'decision' && v.majority) issue('majority', 'a decision is voted by its item’s majority');
    if ((v.kind === 'agenda' || v.kind === 'agenda_change') && v.text) issue('text', 'no text for this kind');
  });
export type OpenVoteRequest = z.input<typeof OpenVoteRequestSchema>;
export type OpenVoteInput = z.output<typeof OpenVoteRequestSchema>;

/**
 * An urgent item proposed at an open sitting (a member of the body or the chair): its fields as
 * on the agenda, and where it would go (`position`: 1-based; default the end). It stays
 * `proposed` until an `agenda_change` vote adds it; its materials are uploaded to it meanwhile.
 */
export const ProposeItemRequestSchema = z
  .strictObject({ ...agendaItemFields, position: z.number().int().min(1).max(1000).optional() })
  .superRefine(lawfulVote);
export type ProposeItemRequest = z.input<typeof ProposeItemRequestSchema>;
export type ProposeItemInput = z.output<typeof ProposeItemRequestSchema>;

/** One change of the agenda at the sitting for an item: proposed / added / withdrawn, by which vote. */
export const AgendaItemChangeViewSchema = answer(
  'AgendaItemChangeView',
  {
    change: z.enum(['proposed', ...AGENDA_CHANGES, 'postponed']),
    at: InstantSchema,
    voteId: z.uuid().nullable().describe('The vote that decided it (null: the proposal itself)'),
    outcome: z.enum(VOTE_OUTCOMES).nullable(),
    counts: VoteCountsSchema.nullable(),
  },
  'One change of the agenda at the sitting for an item: proposed / added / withdrawn, by which vote',
);
export type AgendaItemChangeView = z.infer<typeof AgendaItemChangeViewSchema>;

/** The default label of a vote, in Bulgarian (the language of the record). */
export function defaultVoteLabel(v: {
  kind: VoteKind;
  motion?: ProceduralMotion | null;
  change?: AgendaChange | null;
  itemTitle?: string | null;
  amendmentNumber?: number;
}): string | null {
  switch (v.kind) {
    case 'agenda':
      return 'Приемане на дневния ред';
    case 'agenda_change':
      return `${v.change === 'add' ? 'Включване в дневния ред' : 'Оттегляне от дневния ред'}: ${v.itemTitle ?? ''}`.trim();
    case 'amendment':
      return `Предложение за изменение № ${v.amendmentNumber ?? 1}`;
    case 'procedural':
      return {
        close_debate: 'Процедурно предложение: прекратяване на разискванията',
        break: 'Процедурно предложение: почивка',
        postpone: 'Процедурно предложение: отлагане на точката',
      }[v.motion ?? 'break'];
    case 'decision':
      return null;
  }
}

/**
 * A vote of the procedure on an item, as the register shows it with the item's decision: the
 * amendments and motions voted on it before the decision (their stored results).
 */
export const ProcedureVoteRefSchema = answer('ProcedureVoteRef', {
  voteId: z.uuid(),
  kind: z.enum(VOTE_KINDS),
  label: z.string().nullable(),
  text: z.string().nullable(),
  proposer: CouncilMemberRefSchema.nullable(),
  closedAt: InstantSchema.nullable(),
  outcome: z.enum(VOTE_OUTCOMES).nullable(),
  counts: VoteCountsSchema.nullable(),
});
export type ProcedureVoteRef = z.infer<typeof ProcedureVoteRefSchema>;
