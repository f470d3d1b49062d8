import { loggedUrl } from './logger.js';

describe('loggedUrl', () => {
  it('hides the secret of a calendar feed and keeps everything else', () => {
    const secret = 'Abc_def-123456789012345678901234567890123';
    expect(loggedUrl(`/api/calendar/${secret}.ics`)).toBe('/api/calendar/[redacted].ics');
    expect(loggedUrl(`/api/calendar/${secret}.ics?x=1`)).toBe('/api/calendar/[redacted].ics?x=1');
    expect(loggedUrl('/api/meetings/upcoming?limit=20')).toBe('/api/meetings/upcoming?limit=20');
    expect(loggedUrl('/api/me/calendar-feed')).toBe('/api/me/calendar-feed');
  });
});
