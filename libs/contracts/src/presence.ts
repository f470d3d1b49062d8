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

/** `GET /api/presence?userIds=a,b`: the presence of up to 200 colleagues (any signed-in user may ask). */
export const PresenceQuerySchema = z.strictObject({
  userIds: z
    .string()
    .max(200 * 37)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.uuid()).min(1).max(200)),
});
export type PresenceQuery = z.infer<typeof PresenceQuerySchema>;
