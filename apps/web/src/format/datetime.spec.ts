import {
  formatDate,
  formatDateTime,
  formatRange,
  formatTime,
  formatWeekdayDate,
  isoInSofia,
  partOfDay,
} from './datetime';

describe('dates and times in Europe/Sofia', () => {
  it('shows a UTC instant in Sofia winter time (UTC+2) with Bulgarian formats', () => {
    // 12:30 UTC on 5 December 2025 is 14:30 in Sofia.
    expect(formatDate('2025-12-05T12:30:00Z', 'bg')).toBe('5 декември 2025 г.');
    expect(formatTime('2025-12-05T12:30:00Z', 'bg')).toBe('14:30 ч.');
    expect(formatDateTime('2025-12-05T12:30:00Z', 'bg')).toBe('5 декември 2025 г., 14:30 ч.');
    expect(formatWeekdayDate('2025-12-05T12:30:00Z', 'bg')).toBe('петък, 5 декември 2025 г.');
  });

  it('follows summer time (UTC+3)', () => {
    expect(formatTime('2025-07-01T06:00:00Z', 'bg')).toBe('09:00 ч.');
    expect(formatTime('2025-07-01T06:00:00Z', 'en')).toBe('09:00');
  });

  it('reads offsets other than UTC correctly', () => {
    expect(formatDateTime('2025-12-05T09:00:00-05:00', 'bg')).toBe('5 декември 2025 г., 16:00 ч.');
  });

  it('the date is the Sofia date, not the UTC one', () => {
    // 22:30 UTC on 31 December is already New Year in Sofia.
    expect(formatDate('2025-12-31T22:30:00Z', 'bg')).toBe('1 януари 2026 г.');
    expect(formatDate('2025-12-31T22:30:00Z', 'en')).toBe('1 January 2026');
  });

  it('across the spring DST change 09:00 Sofia stays 09:00', () => {
    // 27 March 2026 (EET, UTC+2) and 30 March 2026 (EEST, UTC+3).
    expect(formatTime('2026-03-27T07:00:00Z', 'bg')).toBe('09:00 ч.');
    expect(formatTime('2026-03-30T06:00:00Z', 'bg')).toBe('09:00 ч.');
  });

  it('a meeting on one day shows the date once', () => {
    expect(formatRange('2025-12-05T08:00:00Z', '2025-12-05T09:30:00Z', 'bg')).toBe(
      '5 декември 2025 г., 10:00–11:30 ч.',
    );
    expect(formatRange('2025-12-05T08:00:00Z', '2025-12-05T09:30:00Z', 'en')).toBe('5 December 2025, 10:00–11:30');
  });

  it('a meeting across midnight (Sofia) shows both dates', () => {
    expect(formatRange('2025-12-05T21:00:00Z', '2025-12-05T22:30:00Z', 'bg')).toBe(
      '5 декември 2025 г., 23:00 ч. – 6 декември 2025 г., 00:30 ч.',
    );
  });

  it('nonsense in, empty string out (never "Invalid DateTime" on screen)', () => {
    expect(formatDateTime('not a date', 'bg')).toBe('');
    expect(formatRange('x', 'y', 'en')).toBe('');
  });

  it('machine-readable time carries the Sofia offset', () => {
    expect(isoInSofia('2025-12-05T12:30:00Z')).toBe('2025-12-05T14:30:00.000+02:00');
  });

  it('the greeting follows the hour in Sofia', () => {
    expect(partOfDay(new Date('2025-12-05T06:00:00Z'))).toBe('morning'); // 08:00
    expect(partOfDay(new Date('2025-12-05T11:00:00Z'))).toBe('day'); // 13:00
    expect(partOfDay(new Date('2025-12-05T18:00:00Z'))).toBe('evening'); // 20:00
  });
});
