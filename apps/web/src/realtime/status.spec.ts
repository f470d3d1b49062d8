import { nextStatus } from './status';

describe('connection indicator', () => {
  it('connecting → live → reconnecting → live', () => {
    let s = nextStatus('offline', 'connecting');
    expect(s).toBe('connecting');
    s = nextStatus(s, 'disconnected');
    expect(s).toBe('connecting'); // a failed first attempt is still "connecting"
    s = nextStatus(s, 'connected');
    expect(s).toBe('live');
    s = nextStatus(s, 'disconnected');
    expect(s).toBe('reconnecting');
    s = nextStatus(s, 'disconnected');
    expect(s).toBe('reconnecting');
    expect(nextStatus(s, 'connected')).toBe('live');
  });
});
