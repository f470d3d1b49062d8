import {
  DEFAULT_SPEAKING_LIMITS,
  MAX_REPLIES_PER_SPEECH,
  type SpeakerKind,
  type SpeakerStatus,
  type SpeakingLimits,
} from '@egov-box/contracts';
import { AppError, defineErrors } from '@egov-box/platform';

/**
 * The rules of the floor, as the councils' rulebooks (adopted under ЗМСМА чл. 21, ал. 3) set
 * them — e.g. Правилник на Общински съвет – Русе, чл. 76–79: nobody speaks without the chair
 * giving the floor; a member may reply (реплика) to a speech, and the speaker may answer the
 * replies once (дуплика); a procedural point is heard before the debate goes on. The limits
 * on each turn are the body's own (each rulebook sets them); ours default to 5, 3, 2 and 1
 * minutes. Pure functions: the service reads the rows and applies these.
 */
export const FloorErrors = defineErrors({
  /** A reply or counter-reply names the speech it answers. */
  answersRequired: { code: 'answers_required', status: 400 },
  /** A speech or procedural point answers nothing. */
  answersNotAllowed: { code: 'answers_not_allowed', status: 400 },
  /** A reply answers a speech of the current item that was given the floor. */
  notASpeech: { code: 'not_a_speech', status: 409 },
  /** At most three replies per speech. */
  repliesExhausted: { code: 'replies_exhausted', status: 409 },
  /** Nobody replies to their own speech. */
  ownSpeech: { code: 'own_speech', status: 409 },
  /** Only the speaker of the speech gives its counter-reply. */
  notTheSpeaker: { code: 'not_the_speaker', status: 403 },
  /** One counter-reply per speech. */
  counterReplyTaken: { code: 'counter_reply_taken', status: 409 },
  /** A counter-reply answers replies: none was asked for yet. */
  noReplies: { code: 'no_replies', status: 409 },
});

/** The speech a reply or counter-reply names, and the turns already answering it. */
export interface AnsweredSpeech {
  kind: SpeakerKind;
  status: SpeakerStatus;
  itemId: string | null;
  userId: string;
  /** Requests answering it (any status): kind and status. */
  answers: { kind: SpeakerKind; status: SpeakerStatus }[];
}

/**
 * Whether `actorId` may ask for the floor of `kind` answering `speech` (null: `answersId` not
 * given, or not a request of this sitting) on the current item; throws the clear 4xx otherwise.
 */
export function checkFloorRequest(
  kind: SpeakerKind,
  answersId: string | undefined,
  speech: AnsweredSpeech | null,
  actorId: string,
  currentItemId: string | null,
): void {
  const answering = kind === 'reply' || kind === 'counter_reply';
  if (!answering) {
    if (answersId) throw FloorErrors.answersNotAllowed('A speech or procedural point answers no speech');
    return;
  }
  if (!answersId) throw FloorErrors.answersRequired('A reply or counter-reply names the speech it answers');
  if (!speech) throw AppError.notFound('Speech');
  if (speech.kind !== 'speech' || speech.itemId !== currentItemId || !['speaking', 'finished'].includes(speech.status))
    throw FloorErrors.notASpeech('Only a speech given on the current item is answered');
  const live = speech.answers.filter((a) => a.status !== 'withdrawn');
  if (kind === 'reply') {
    if (speech.userId === actorId) throw FloorErrors.ownSpeech('The speaker answers replies with a counter-reply');
    if (live.filter((a) => a.kind === 'reply').length >= MAX_REPLIES_PER_SPEECH)
      throw FloorErrors.repliesExhausted(`At most ${MAX_REPLIES_PER_SPEECH} replies answer one speech`, {
        max: MAX_REPLIES_PER_SPEECH,
      });
    return;
  }
  if (speech.userId !== actorId)
    throw FloorErrors.notTheSpeaker('Only the speaker of the speech gives its counter-reply');
  if (live.some((a) => a.kind === 'counter_reply'))
    throw FloorErrors.counterReplyTaken('The speech already has its counter-reply');
  if (!live.some((a) => a.kind === 'reply'))
    throw FloorErrors.noReplies('A counter-reply answers replies: there are none yet');
}

/** The limit for a kind of turn, seconds. */
export function limitFor(kind: SpeakerKind, limits: SpeakingLimits): number {
  return limits[kind] ?? DEFAULT_SPEAKING_LIMITS[kind];
}

/**
 * The waiting queue once a new request joins it: a procedural point goes ahead of the queue,
 * after the procedural points already waiting (in order of asking); anything else at the end.
 */
export function queueWith<T extends { id: string; kind: SpeakerKind }>(waiting: T[], added: T): T[] {
  if (added.kind !== 'procedural') return [...waiting, added];
  const ahead = waiting.findIndex((w) => w.kind !== 'procedural');
  const at = ahead < 0 ? waiting.length : ahead;
  return [...waiting.slice(0, at), added, ...waiting.slice(at)];
}
