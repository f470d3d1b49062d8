import { describe, expect, it } from '@jest/globals';
import type { SpeakerKind, SpeakerStatus } from '@egov-box/contracts';
import { AppError } from '@egov-box/platform';
import { checkFloorRequest, limitFor, queueWith, type AnsweredSpeech } from './floor-rules.js';

const ITEM = 'item-1';
const SPEAKER = 'speaker';
const OTHER = 'other';
const speech = (answers: [SpeakerKind, SpeakerStatus][] = [], over: Partial<AnsweredSpeech> = {}): AnsweredSpeech => ({
  kind: 'speech',
  status: 'finished',
  itemId: ITEM,
  userId: SPEAKER,
  answers: answers.map(([kind, status]) => ({ kind, status })),
  ...over,
});

/** The error code `checkFloorRequest` throws (and its status), or 'ok'. */
function outcome(...args: Parameters<typeof checkFloorRequest>): string {
  try {
    checkFloorRequest(...args);
    return 'ok';
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return `${err.getStatus()} ${err.code}`;
  }
}

describe('asking for the floor: replies and counter-replies', () => {
  it.each<[string, SpeakerKind, string | undefined, AnsweredSpeech | null, string, string]>([
    ['a speech answers nothing', 'speech', undefined, null, OTHER, 'ok'],
    ['a procedural point answers nothing', 'procedural', undefined, null, OTHER, 'ok'],
    ['a speech naming a speech', 'speech', 'x', speech(), OTHER, '400 answers_not_allowed'],
    ['a reply without its speech', 'reply', undefined, null, OTHER, '400 answers_required'],
    ['a counter-reply without its speech', 'counter_reply', undefined, null, SPEAKER, '400 answers_required'],
    ['a reply to an unknown speech', 'reply', 'x', null, OTHER, '404 not_found'],
    ['a first reply', 'reply', 'x', speech(), OTHER, 'ok'],
    ['a reply while the speech goes on', 'reply', 'x', speech([], { status: 'speaking' }), OTHER, 'ok'],
    ['a reply to a speech not given yet', 'reply', 'x', speech([], { status: 'requested' }), OTHER, '409 not_a_speech'],
    ['a reply to a withdrawn speech', 'reply', 'x', speech([], { status: 'withdrawn' }), OTHER, '409 not_a_speech'],
    ['a reply to a reply', 'reply', 'x', speech([], { kind: 'reply' }), OTHER, '409 not_a_speech'],
    ['a reply to a speech on another item', 'reply', 'x', speech([], { itemId: 'item-2' }), OTHER, '409 not_a_speech'],
    ["a reply to one's own speech", 'reply', 'x', speech(), SPEAKER, '409 own_speech'],
    [
      'the third reply',
      'reply',
      'x',
      speech([
        ['reply', 'finished'],
        ['reply', 'requested'],
      ]),
      OTHER,
      'ok',
    ],
    [
      'a fourth reply',
      'reply',
      'x',
      speech([
        ['reply', 'finished'],
        ['reply', 'speaking'],
        ['reply', 'requested'],
      ]),
      OTHER,
      '409 replies_exhausted',
    ],
    [
      'a withdrawn reply does not count',
      'reply',
      'x',
      speech([
        ['reply', 'finished'],
        ['reply', 'withdrawn'],
        ['reply', 'requested'],
      ]),
      OTHER,
      'ok',
    ],
    ['the counter-reply by the speaker', 'counter_reply', 'x', speech([['reply', 'finished']]), SPEAKER, 'ok'],
    [
      'a counter-reply by someone else',
      'counter_reply',
      'x',
      speech([['reply', 'finished']]),
      OTHER,
      '403 not_the_speaker',
    ],
    ['a counter-reply with no reply', 'counter_reply', 'x', speech(), SPEAKER, '409 no_replies'],
    [
      'a counter-reply when only a withdrawn reply',
      'counter_reply',
      'x',
      speech([['reply', 'withdrawn']]),
      SPEAKER,
      '409 no_replies',
    ],
    [
      'a second counter-reply',
      'counter_reply',
      'x',
      speech([
        ['reply', 'finished'],
        ['counter_reply', 'finished'],
      ]),
      SPEAKER,
      '409 counter_reply_taken',
    ],
    [
      'a counter-reply after a withdrawn one',
      'counter_reply',
      'x',
      speech([
        ['reply', 'finished'],
        ['counter_reply', 'withdrawn'],
      ]),
      SPEAKER,
      'ok',
    ],
  ])('%s', (_what, kind, answersId, answered, actor, expected) => {
    expect(outcome(kind, answersId, answered, actor, ITEM)).toBe(expected);
  });
});

describe('the queue: a procedural point goes ahead', () => {
  const r = (id: string, kind: SpeakerKind) => ({ id, kind });
  it.each<[string, { id: string; kind: SpeakerKind }[], { id: string; kind: SpeakerKind }, string[]]>([
    ['a speech joins at the end', [r('a', 'speech'), r('b', 'reply')], r('n', 'speech'), ['a', 'b', 'n']],
    ['a procedural point goes first', [r('a', 'speech'), r('b', 'reply')], r('n', 'procedural'), ['n', 'a', 'b']],
    [
      'after the procedural points already waiting',
      [r('p', 'procedural'), r('a', 'speech')],
      r('n', 'procedural'),
      ['p', 'n', 'a'],
    ],
    ['into an empty queue', [], r('n', 'procedural'), ['n']],
    ['behind procedural points only', [r('p', 'procedural')], r('n', 'procedural'), ['p', 'n']],
  ])('%s', (_what, waiting, added, expected) => {
    expect(queueWith(waiting, added).map((x) => x.id)).toEqual(expected);
  });
});

describe('time limits', () => {
  const limits = { speech: 300, reply: 180, counter_reply: 120, procedural: 60 };
  it.each<[SpeakerKind, number]>([
    ['speech', 300],
    ['reply', 180],
    ['counter_reply', 120],
    ['procedural', 60],
  ])('%s: %i seconds', (kind, seconds) => {
    expect(limitFor(kind, limits)).toBe(seconds);
  });
});
