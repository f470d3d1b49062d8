import {
  DEFAULT_SPEAKING_LIMITS,
  MAX_REPLIES_PER_SPEECH,
  type SpeakerKind,
  type SpeakerStatus,
  type SpeakingLimits,
} from '@egov-box/contracts';
import { AppError } from '@egov-box/platform';

/**
 * The rules of the floor, as the councils' rulebooks (adopted under ЗМСМА чл. 21, ал. 3) set
 * them — e.g. Правилник на Общински съвет – Русе, чл. 76–79: nobody speaks without the chair
 * giving the floor; a member may reply (реплика) to a speech, and the speaker may answer the
 * replies once (дуплика); a procedural point is heard before the debate goes on. The limits
 * on each turn are the body's own (each rulebook sets them); ours default to 5, 3, 2 and 1
 * minutes. Pure functions: the service reads the rows and applies these.
 */
export const FLOOR_ERRORS = {
  /** A reply or counter-reply names the speech it answers (400). */
  answersRequired: 'answers_required',
  /** A speech or procedural point answers nothing (400). */
  answersNotAllowed: 'answers_not_allowed',
  /** A reply answers a speech of the current item that was given the floor (409). */
  notASpeech: 'not_a_speech',
  /** At most three replies per speech (409). */
  repliesExhausted: 'replies_exhausted',
  /** Nobody replies to their own speech (409). */
  ownSpeech: 'own_speech',
  /** Only the speaker of the speech gives its counter-reply (403). */
  notTheSpeaker: 'not_the_speaker',
  /** One counter-reply per speech (409). */
  counterReplyTaken: 'counter_reply_taken',
  /** A counter-reply answers replies: none was asked for yet (409). */
  noReplies: 'no_replies',
} as const;

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
    if (answersId)
      throw AppError.badRequest(FLOOR_ERRORS.answersNotAllowed, 'A speech or procedural point answers no speech');
    return;
  }
  if (!answersId)
    throw AppError.badRequest(FLOOR_ERRORS.answersRequired, 'A reply or counter-reply names the speech it answers');
  if (!speech) throw AppError.notFound('Speech');
  if (speech.kind !== 'speech' || speech.itemId !== currentItemId || !['speaking', 'finished'].includes(speech.status))
    throw AppError.conflict(FLOOR_ERRORS.notASpeech, 'Only a speech given on the current item is answered');
  const live = speech.answers.filter((a) => a.status !== 'withdrawn');
  if (kind === 'reply') {
    if (speech.userId === actorId)
      throw AppError.conflict(FLOOR_ERRORS.ownSpeech, 'The speaker answers replies with a counter-reply');
    if (live.filter((a) => a.kind === 'reply').length >= MAX_REPLIES_PER_SPEECH)
      throw AppError.conflict(
        FLOOR_ERRORS.repliesExhausted,
        `At most ${MAX_REPLIES_PER_SPEECH} replies answer one speech`,
        { max: MAX_REPLIES_PER_SPEECH },
      );
    return;
  }
  if (speech.userId !== actorId)
    throw AppError.forbidden(FLOOR_ERRORS.notTheSpeaker, 'Only the speaker of the speech gives its counter-reply');
  if (live.some((a) => a.kind === 'counter_reply'))
    throw AppError.conflict(FLOOR_ERRORS.counterReplyTaken, 'The speech already has its counter-reply');
  if (!live.some((a) => a.kind === 'reply'))
    throw AppError.conflict(FLOOR_ERRORS.noReplies, 'A counter-reply answers replies: there are none yet');
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
