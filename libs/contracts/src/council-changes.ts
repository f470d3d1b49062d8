import { z } from 'zod';
import { InstantSchema } from './answers.js';

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
export interface SittingWhenWhere {
  startsAt: string;
  endsAt: string;
  place: string | null;
}

/** One announced change, as it was announced (never recomputed). */
export interface SittingChangeView {
  at: string;
  kind: SittingChangeKind;
  /** Why (the clerk's words for a new time or place; null for an agenda change, which its vote explains). */
  reason: string | null;
  /** `rescheduled`: before and after. */
  before?: SittingWhenWhere;
  after?: SittingWhenWhere;
  /** `item_added` / `item_withdrawn`: the item as it then stood. */
  item?: { id: string; position: number; title: string };
}
