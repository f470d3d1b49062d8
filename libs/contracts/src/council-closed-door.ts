import { z } from 'zod';
import { answer, InstantSchema } from './answers.js';

/**
 * Glossary — **closed-door** (закрито заседание; ЗМСМА чл. 28: the sittings of the council and
 * its committees are open, but by exception the council may decide that a sitting be closed).
 * Not the status `closed`, which only means that a sitting has ended.
 *
 * A sitting or a single agenda item may be closed-door. The clerk records the council's decision
 * to close (its reason; who recorded it and when are kept). What stays public, as the law wants
 * of every act of the council: that the sitting is held or was held, its agenda titles and its
 * decisions (the register, each decision's vote totals and outcome). What is withheld from every
 * public answer and `/public` socket event, while held and after:
 * - a closed-door sitting: its live state (current item, attendance, quorum, votes while open,
 *   speakers), its materials, draft decisions, declared conflicts, votes by name, stream and
 *   recordings; no `/public` event is sent for it at all;
 * - a closed-door item: its speakers (the debate), its votes by name (roll), its materials, its
 *   draft decision and declared conflicts;
 * - no viewer token and no recording (Egress) while the sitting is closed-door or a closed-door
 *   item is the current one;
 * - the public minutes leave the debate of closed-door items out; the members' and staff's
 *   minutes keep it.
 * Members and staff see everything as before.
 */
export const ClosedDoorViewSchema = answer('ClosedDoorView', {
  at: InstantSchema.describe('When the decision to close was recorded'),
  reason: z
    .string()
    .nullable()
    .describe("Why (the council's decision, e.g. „Решение № 12: лични данни“); null in public answers"),
});
export type ClosedDoorView = z.infer<typeof ClosedDoorViewSchema>;

/**
 * `POST /api/council/sessions/:id/closed-door` and `…/items/:itemId/closed-door` (clerks):
 * `closed: true` records the council's decision with its reason (until the sitting ends);
 * `closed: false` undoes it, only on a draft (once published, what was withheld stays withheld).
 */
export const SetClosedDoorSchema = z
  .strictObject({
    closed: z.boolean(),
    reason: z.string().trim().min(1).max(2000).optional(),
  })
  .refine((r) => !r.closed || r.reason !== undefined, { message: 'give the reason', path: ['reason'] })
  .refine((r) => r.closed || r.reason === undefined, { message: 'no reason when opening', path: ['reason'] });
export type SetClosedDoorRequest = z.infer<typeof SetClosedDoorSchema>;
