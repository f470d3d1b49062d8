import { createPino, loggedUrl, requestLogger, writeRequestLine } from './logger.js';

describe('loggedUrl', () => {
  it('hides the secret of a calendar feed and keeps everything else', () => {
    const secret = 'Abc_def-123456789012345678901234567890123';
    expect(loggedUrl(`/api/calendar/${secret}.ics`)).toBe('/api/calendar/[redacted].ics');
    expect(loggedUrl(`/api/calendar/${secret}.ics?x=1`)).toBe('/api/calendar/[redacted].ics?x=1');
    expect(loggedUrl('/api/meetings/upcoming?limit=20')).toBe('/api/meetings/upcoming?limit=20');
    expect(loggedUrl('/api/me/calendar-feed')).toBe('/api/me/calendar-feed');
  });
});

describe('the request line', () => {
  /** The app's logger writing into an array instead of stdout. */
  const capture = () => {
    const lines: Record<string, unknown>[] = [];
    const root = createPino(
      { logLevel: 'info' },
      { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) },
    );
    return { lines, root };
  };

  it('holds the request id, method, logged URL, status and time, on the same stream', () => {
    const { lines, root } = capture();
    const secret = 'Abc_def-123456789012345678901234567890123';
    writeRequestLine(requestLogger(root), {
      reqId: 'r-1',
      method: 'GET',
      url: `/api/calendar/${secret}.ics`,
      statusCode: 200,
      ms: 1.5,
    });
    expect(lines).toEqual([
      {
        level: 30,
        time: expect.any(Number),
        app: 'egov-box',
        reqId: 'r-1',
        req: { method: 'GET', url: '/api/calendar/[redacted].ics' },
        res: { statusCode: 200 },
        ms: 1.5,
        msg: 'request',
      },
    ]);
  });

  it('leaves the redaction of every other line as it was', () => {
    const { lines, root } = capture();
    requestLogger(root);
    root.info(
      { token: 'secret', user: { token: 'secret' }, req: { headers: { authorization: 'Bearer x' } }, password: 'p' },
      'other',
    );
    expect(lines[0]).toMatchObject({
      token: '[redacted]',
      user: { token: '[redacted]' },
      req: { headers: { authorization: '[redacted]' } },
      password: '[redacted]',
    });
  });
});
