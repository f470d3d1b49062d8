import { z } from 'zod';
import { PRESENCE_STATUSES } from './events.js';

/** `presence.set`: what a person can choose; `offline` is derived, never set. */
export const SETTABLE_PRESENCE_STATUSES = PRESENCE_STATUSES.filter((s) => s !== 'offline') as Exclude<
  (typeof PRESENCE_STATUSES)[number],
  'offline'
>[];
export const PresenceSetSchema = z.strictObject({
  status: z.enum(['online', 'away', 'busy', 'dnd']),
});
export type PresenceSet = z.infer<typeof PresenceSetSchema>;
