import { MATERIAL_MAX_BYTES, type CouncilSessionView, type SpeakerView } from '@egov-box/contracts';
import { ApiError } from '../../api/client';
import {
  checkMaterial,
  floorQueue,
  formatDuration,
  formatSize,
  mergeSpeaker,
  speakingSeconds,
  undecidedItems,
  videoErrorKey,
  voteBlock,
} from './model';

const speaker = (over: Partial<SpeakerView> = {}): SpeakerView => ({
  id: 'sp1',
  sessionId: 's1',
  itemId: 'i1',
  member: { id: 'u1', displayName: 'Анна Петрова' },
  kind: 'speech',
  status: 'requested',
  requestedAt: '2026-01-01T08:00:00Z',
  grantedAt: null,
  finishedAt: null,
  seconds: null,
  ...over,
});

const sitting = (over: Partial<CouncilSessionView> = {}): CouncilSessionView => ({
  id: 's1',
  number: 1,
  title: 'Заседание',
  status: 'open',
  startsAt: '2026-01-01T08:00:00Z',
  endsAt: '2026-01-01T12:00:00Z',
  version: 5,
  currentItemId: 'i1',
  publishedAt: '2025-12-20T08:00:00Z',
  extraordinary: false,
  extraordinaryReason: null,
  description: null,
  meetingId: 'm1',
  spaceId: 'sp1',
  openedAt: null,
  closedAt: null,
  items: [
    {
      id: 'i1',
      position: 1,
      title: 'Бюджет',
      rapporteur: null,
      legalBasis: null,
      subject: 'other',
      voteMode: 'roll_call',
      majority: 'present',
      takenUpAt: [],
      conflicts: [
        {
          itemId: 'i1',
          member: { id: 'u2', displayName: 'Борис' },
          reason: 'Съпругата ми е управител',
          declaredAt: '',
        },
      ],
    },
  ],
  attendance: [
    { member: { id: 'u1', displayName: 'Анна' }, present: true, checkedInAt: null, checkedOutAt: null },
    { member: { id: 'u2', displayName: 'Борис' }, present: true, checkedInAt: null, checkedOutAt: null },
    { member: { id: 'u3', displayName: 'Вера' }, present: false, checkedInAt: null, checkedOutAt: null },
  ],
  quorum: { present: 2, total: 51, required: 26, reached: false },
  votes: [],
  ...over,
});

describe('council materials', () => {
  it('sends the browser’s type when it is one of the three, else the type of the extension', () => {
    expect(checkMaterial({ name: 'a.pdf', type: 'application/pdf', size: 10 })).toEqual({
      ok: true,
      contentType: 'application/pdf',
    });
    expect(checkMaterial({ name: 'Решение.ODT', type: '', size: 10 })).toEqual({
      ok: true,
      contentType: 'application/vnd.oasis.opendocument.text',
    });
    expect(checkMaterial({ name: 'x.docx', type: 'application/octet-stream', size: 10 })).toMatchObject({
      ok: true,
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
  });

  it('refuses other types, empty files and files over 20 MB before sending them', () => {
    expect(checkMaterial({ name: 'photo.jpg', type: 'image/jpeg', size: 10 })).toMatchObject({
      ok: false,
      reason: 'type',
    });
    expect(checkMaterial({ name: 'a.pdf', type: 'application/pdf', size: 0 })).toMatchObject({
      ok: false,
      reason: 'empty',
    });
    expect(checkMaterial({ name: 'a.pdf', type: 'application/pdf', size: MATERIAL_MAX_BYTES })).toMatchObject({
      ok: true,
    });
    expect(checkMaterial({ name: 'a.pdf', type: 'application/pdf', size: MATERIAL_MAX_BYTES + 1 })).toMatchObject({
      ok: false,
      reason: 'size',
    });
  });

  it('formats sizes', () => {
    // Bulgarian in Cyrillic (issue 22, item 18: „193 B“ in the Bulgarian interface), a non-breaking space before the unit.
    for (const [bytes, lang, shown] of [
      [12, 'bg', '12\u00a0Б'],
      [193, 'bg', '193\u00a0Б'],
      [2048, 'bg', '2\u00a0КБ'],
      [1.5 * 1024 * 1024, 'bg', '1,5\u00a0МБ'],
      [12, 'en', '12\u00a0B'],
      [2048, 'en', '2\u00a0KB'],
      [1.5 * 1024 * 1024, 'en', '1.5\u00a0MB'],
    ] as const)
      expect([bytes, lang, formatSize(bytes, lang)]).toEqual([bytes, lang, shown]);
  });
});

describe('speakers’ time', () => {
  it('formats durations as m:ss and h:mm:ss', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(-3)).toBe('0:00');
  });

  it('a running speech counts from the server’s figure at arrival, whatever the browser clock says', () => {
    const s = speaker({ status: 'speaking', grantedAt: '1999-01-01T00:00:00Z', seconds: 30 });
    expect(speakingSeconds(s, 1_000_000, 1_000_000)).toBe(30);
    expect(speakingSeconds(s, 1_000_000, 1_012_500)).toBe(42);
    // A finished speech is what the server measured; a waiting request has no time.
    expect(speakingSeconds(speaker({ status: 'finished', seconds: 95 }), 0, 999_999)).toBe(95);
    expect(speakingSeconds(speaker(), 0, 5000)).toBeNull();
  });

  it('granting the floor in the merged list ends the speech that was running', () => {
    const a = speaker({ id: 'a', status: 'speaking', requestedAt: '2026-01-01T08:00:00Z' });
    const b = speaker({ id: 'b', requestedAt: '2026-01-01T08:01:00Z' });
    const merged = mergeSpeaker([a, b], { ...b, status: 'speaking' });
    expect(merged.map((s) => [s.id, s.status])).toEqual([
      ['a', 'finished'],
      ['b', 'speaking'],
    ]);
    expect(mergeSpeaker([], b)).toEqual([{ ...b, queuePosition: null }]);
  });

  it('a new request from an action waits behind the ones the chair has placed', () => {
    const placed = (id: string, at: string, queuePosition: number) => speaker({ id, requestedAt: at, queuePosition });
    const list = [placed('x', '2026-01-01T08:05:00Z', 1), placed('y', '2026-01-01T08:01:00Z', 2)];
    // The server answers the new request with queuePosition 1 (a list of one).
    const mine = speaker({ id: 'new', requestedAt: '2026-01-01T08:09:00Z', queuePosition: 1 });
    expect(floorQueue(mergeSpeaker(list, mine)).map((s) => s.id)).toEqual(['x', 'y', 'new']);
  });
});

describe('the floor queue', () => {
  it('puts the speaker first, then waiting requests by the chair’s order, then by the time of asking', () => {
    const list = [
      speaker({ id: 'late', requestedAt: '2026-01-01T08:05:00Z' }),
      speaker({ id: 'early', requestedAt: '2026-01-01T08:01:00Z' }),
      speaker({ id: 'moved', requestedAt: '2026-01-01T08:09:00Z', queuePosition: 1 }),
      speaker({ id: 'talking', status: 'speaking', requestedAt: '2026-01-01T08:10:00Z' }),
      speaker({ id: 'done', status: 'finished' }),
      speaker({ id: 'gone', status: 'withdrawn' }),
    ];
    expect(floorQueue(list).map((s) => s.id)).toEqual(['talking', 'moved', 'early', 'late']);
  });
});

describe('who may vote', () => {
  it('a member with a declared conflict cannot vote, with the reason', () => {
    const s = sitting();
    expect(voteBlock(s, s.items[0], 'u2')).toEqual({
      blocked: true,
      reason: 'conflict',
      detail: 'Съпругата ми е управител',
    });
  });

  it('an absent member cannot vote; a present one without conflict can', () => {
    const s = sitting();
    expect(voteBlock(s, s.items[0], 'u3')).toEqual({ blocked: true, reason: 'absent' });
    expect(voteBlock(s, s.items[0], 'nobody')).toEqual({ blocked: true, reason: 'absent' });
    expect(voteBlock(s, s.items[0], 'u1')).toEqual({ blocked: false });
  });
});

describe('council video refusals', () => {
  it('says whether video is not configured or the session not live', () => {
    expect(videoErrorKey(new ApiError(503, 'video_not_configured', 'off'))).toBe('council.videoNotConfigured');
    expect(videoErrorKey(new ApiError(409, 'session_not_live', 'closed'))).toBe('council.videoNotLive');
    // A missing session or a refusal is the common text.
    expect(videoErrorKey(new ApiError(404, 'not_found', 'Council session not found'))).toBeNull();
    expect(videoErrorKey(new ApiError(403, 'forbidden', 'no'))).toBeNull();
  });
});

describe('items left without a decision at the close', () => {
  const item = (id: string, position: number) => ({ ...sitting().items[0]!, id, position, conflicts: [] });
  const vote = (itemId: string, status: 'open' | 'closed', outcome?: 'adopted' | 'rejected' | 'no_quorum') =>
    ({ id: `v-${itemId}`, itemId, status, result: outcome ? { outcome } : null }) as Record<string, unknown>;
  const items = [item('c', 3), item('a', 1), item('d', 4), item('b', 2)];
  it.each([
    ['no votes: every item, in agenda order', [], [1, 2, 3, 4]],
    [
      'adopted and rejected items are decided',
      [vote('a', 'closed', 'adopted'), vote('b', 'closed', 'rejected')],
      [3, 4],
    ],
    [
      'a vote without quorum decided nothing',
      [vote('a', 'closed', 'no_quorum'), vote('b', 'closed', 'adopted')],
      [1, 3, 4],
    ],
    ['a vote still open is not a decision', [vote('c', 'open')], [1, 2, 3, 4]],
    [
      'a second vote with quorum after one without',
      [vote('a', 'closed', 'no_quorum'), { ...vote('a', 'closed', 'adopted'), id: 'v-a2' }],
      [2, 3, 4],
    ],
    ['everything decided', ['a', 'b', 'c', 'd'].map((i) => vote(i, 'closed', 'rejected')), []],
  ])('%s', (_what, votes, expected) => {
    expect(undecidedItems({ items, votes: votes as never })).toEqual(expected);
  });
});
