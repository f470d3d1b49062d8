import type { CouncilSessionSummary } from '@egov-box/contracts';
import { pickSitting } from './pick';

const sitting = (
  id: string,
  status: CouncilSessionSummary['status'],
  startsAt: string,
  kind: 'council' | 'committee' = 'council',
): CouncilSessionSummary => ({
  id,
  number: 1,
  title: id,
  status,
  startsAt,
  endsAt: new Date(Date.parse(startsAt) + 3 * 3_600_000).toISOString(),
  version: 1,
  currentItemId: null,
  body: { id: kind, kind, name: kind },
  publishedAt: startsAt,
  extraordinary: false,
  extraordinaryReason: null,
});

describe('the sitting the embedded view shows', () => {
  const now = new Date('2026-12-04T10:00:00Z');

  it('a live one first: the council before a committee, else the earliest; paused counts as live', () => {
    const committee = sitting('committee', 'open', '2026-12-04T07:00:00Z', 'committee');
    const council = sitting('council', 'paused', '2026-12-04T09:00:00Z');
    const later = sitting('later', 'published', '2026-12-04T08:00:00Z');
    expect(pickSitting([later, committee, council], now)).toEqual({ kind: 'live', sitting: council });
    const other = sitting('other', 'open', '2026-12-04T08:30:00Z', 'committee');
    expect(pickSitting([other, committee], now)).toEqual({ kind: 'live', sitting: committee });
  });

  it('else the next published sitting that has not ended; else none', () => {
    const ended = sitting('ended', 'published', '2026-12-01T07:00:00Z');
    const soon = sitting('soon', 'published', '2026-12-10T07:00:00Z');
    const later = sitting('later', 'published', '2026-12-20T07:00:00Z');
    expect(pickSitting([later, ended, soon], now)).toEqual({ kind: 'next', sitting: soon });
    expect(pickSitting([ended, sitting('closed', 'closed', '2026-12-04T08:00:00Z')], now)).toEqual({ kind: 'none' });
    expect(pickSitting([], now)).toEqual({ kind: 'none' });
  });
});
