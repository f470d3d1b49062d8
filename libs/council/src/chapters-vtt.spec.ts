import { describe, expect, it } from '@jest/globals';
import { recordingChapters } from '@egov-box/contracts';
import { chaptersVtt, vttTime } from './chapters-vtt.js';

const items = [
  {
    id: 'a',
    position: 1,
    title: 'Бюджет <2027> & още',
    takenUpAt: ['2026-05-14T07:00:30.000Z', '2026-05-14T08:10:00.000Z'],
  },
  { id: 'b', position: 2, title: 'Отчет -->\nза дейността', takenUpAt: ['2026-05-14T07:12:34.500Z'] },
  { id: 'c', position: 3, title: 'Никога', takenUpAt: [] },
];
const recording = {
  status: 'complete' as const,
  startedAt: '2026-05-14T07:00:00.000Z',
  endedAt: '2026-05-14T08:00:00.000Z',
};

describe('a recording’s chapters', () => {
  it('are the items taken up while it ran, with seconds from its start, in order', () => {
    expect(recordingChapters(recording, items)).toEqual([
      { itemId: 'a', position: 1, title: items[0]!.title, seconds: 30 },
      { itemId: 'b', position: 2, title: items[1]!.title, seconds: 754.5 },
    ]);
  });

  it('start with the item current when it started; none for a recording not complete', () => {
    const later = { ...recording, startedAt: '2026-05-14T07:20:00.000Z', endedAt: '2026-05-14T08:20:00.000Z' };
    expect(recordingChapters(later, items).map((c) => [c.itemId, c.seconds])).toEqual([
      ['b', 0],
      ['a', 3000],
    ]);
    expect(recordingChapters({ ...recording, status: 'recording', endedAt: null }, items)).toEqual([]);
    expect(recordingChapters({ ...recording, status: 'failed' }, items)).toEqual([]);
  });

  it('as WebVTT: cues from one chapter to the next, the last to the end, the text made safe', () => {
    const vtt = chaptersVtt(recordingChapters(recording, items), 3600);
    expect(vtt).toBe(
      [
        'WEBVTT',
        '',
        '1',
        '00:00:30.000 --> 00:12:34.500',
        'т. 1. Бюджет &lt;2027&gt; &amp; още',
        '',
        '2',
        '00:12:34.500 --> 01:00:00.000',
        'т. 2. Отчет --&gt; за дейността',
        '',
      ].join('\n'),
    );
    expect(vttTime(3723.0456)).toBe('01:02:03.046');
  });
});
