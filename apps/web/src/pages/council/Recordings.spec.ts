import { chaptersUrl, clock } from './Recordings';

describe('a recording’s chapter times and track', () => {
  it('shows offsets as hh:mm:ss, whole seconds down', () => {
    expect(clock(0)).toBe('00:00:00');
    expect(clock(754.9)).toBe('00:12:34');
    expect(clock(3723)).toBe('01:02:03');
    expect(clock(-3)).toBe('00:00:00');
  });

  it('takes the chapters track from the public route', () => {
    expect(chaptersUrl('s 1', 'r/2')).toBe('/api/public/council/sessions/s%201/recordings/r%2F2/chapters.vtt');
  });
});
