import { z } from 'zod';
import { answer } from './answers.js';
import type { SpeakerView } from './council.js';

/**
 * The floor with time limits (issue 15, part 6).
 *
 * A council's rulebook (правилник за организацията и дейността на общинския съвет, adopted
 * under ЗМСМА чл. 21, ал. 3) sets how long each kind of turn may last: a speech (изказване),
 * a reply to a speech (реплика), the speaker's counter-reply (дуплика) and a procedural point
 * (процедурен въпрос). Each body keeps its own limits (`PATCH /api/council/bodies/:id`
 * `{ speakingLimits }`, seconds); the limit is copied onto a request when the floor is given.
 */
export const SPEAKING_LIMIT_KINDS = ['speech', 'reply', 'counter_reply', 'procedural'] as const;

/** Seconds per kind of turn. */
export const SpeakingLimitsViewSchema = answer('SpeakingLimits', {
  speech: z.number().int(),
  reply: z.number().int(),
  counter_reply: z.number().int(),
  procedural: z.number().int(),
});
export type SpeakingLimits = z.infer<typeof SpeakingLimitsViewSchema>;

/** The defaults: speech 5 minutes, reply 3, counter-reply 2, procedural 1. */
export const DEFAULT_SPEAKING_LIMITS: SpeakingLimits = { speech: 300, reply: 180, counter_reply: 120, procedural: 60 };

/** One limit: 1 second to 1 hour. */
const LimitSeconds = z.number().int().min(1).max(3600);

/** Some of a body's limits (the others stay as they are). */
export const SpeakingLimitsSchema = z
  .strictObject({
    speech: LimitSeconds.optional(),
    reply: LimitSeconds.optional(),
    counter_reply: LimitSeconds.optional(),
    procedural: LimitSeconds.optional(),
  })
  .refine((l) => Object.values(l).some((v) => v !== undefined), { message: 'no limit given' });

/** At most this many replies (реплики) answer one speech; one counter-reply (дуплика) answers them. */
export const MAX_REPLIES_PER_SPEECH = 3;

/** `council.floor.time_up`: to the chair of the sitting only, once, when a speaker's time is up. */
export interface CouncilFloorTimeUpEvent {
  sessionId: string;
  speaker: SpeakerView;
}
