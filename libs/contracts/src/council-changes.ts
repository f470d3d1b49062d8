import { z } from 'zod';
import { answer, InstantSchema } from './answers.js';

/**
 * Changes to a sitting after it was published, each announced to its members (issue 15, part 8):
 * a new time or place (`POST /api/council/sessions/:id/reschedule`, the clerk, before it opens)
 * and the agenda changed at the sitting (an urgent item added, an item withdrawn).
 */
export const SITTING_CHANGE_KINDS = ['rescheduled', 'item_added', 'item_withdrawn'] as const;
export type SittingChangeKind = (typeof SITTING_CHANGE_KINDS)[number];

/**
 * Moves a published sitting that has not opened: a new start and end, a new place, or both,
 * always with the reason the members are told. Moved earlier, a regular sitting still keeps its
 * body's notice (409 `notice_period`); a taken room is 409 `slot_taken`.
 */
export const RescheduleSittingSchema = z
  .strictObject({
    startsAt: InstantSchema.optional(),
    endsAt: InstantSchema.optional(),
    /** The council chamber or a meeting hall. */
    spaceId: z.uuid().optional(),
    reason: z.string().trim().min(1).max(2000),
  })
  .refine((s) => s.startsAt !== undefined || s.endsAt !== undefined || s.spaceId !== undefined, {
    message: 'give a new time or place',
    path: ['startsAt'],
  })
  .refine((s) => !s.startsAt || !s.endsAt || Date.parse(s.endsAt) > Date.parse(s.startsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  });
export type RescheduleSittingRequest = z.infer<typeof RescheduleSittingSchema>;

/** Where and when, as announced at one moment (the place's name as it was then). */
export const SittingWhenWhereSchema = answer('SittingWhenWhere', {
  startsAt: InstantSchema,
  endsAt: InstantSchema,
  place: z.string().nullable(),
});
export type SittingWhenWhere = z.infer<typeof SittingWhenWhereSchema>;

/** An agenda item as it stood at one moment: its id, place and title. */
export const AgendaItemRefSchema = answer('AgendaItemRef', {
  id: z.uuid(),
  position: z.number().int(),
  title: z.string(),
});
export type AgendaItemRef = z.infer<typeof AgendaItemRefSchema>;

/** One announced change, as it was announced (never recomputed). */
export const SittingChangeViewSchema = answer(
  'SittingChangeView',
  {
    at: InstantSchema,
    kind: z.enum(SITTING_CHANGE_KINDS),
    reason: z
      .string()
      .nullable()
      .describe("Why (the clerk's words for a new time or place; null for an agenda change, which its vote explains)"),
    before: SittingWhenWhereSchema.optional().describe('`rescheduled`: before'),
    after: SittingWhenWhereSchema.optional().describe('`rescheduled`: after'),
    item: AgendaItemRefSchema.optional().describe('`item_added` / `item_withdrawn`: the item as it then stood'),
  },
  'One announced change, as it was announced (never recomputed)',
);
export type SittingChangeView = z.infer<typeof SittingChangeViewSchema>;
