import { ApiError } from '../../api/client';
import {
  canKnock,
  entryAfterDoorChange,
  entryFromJoinError,
  entryFromKnockError,
  knockOutcome,
  type Entry,
} from './roomState';

const err = (status: number, code: string) => new ApiError(status, code, code);
const event = (over: Partial<Parameters<typeof knockOutcome>[0]> = {}) => ({
  id: 'k1',
  spaceId: 'room',
  status: 'admitted' as const,
  visitor: { id: 'me', username: 'me', displayName: 'Аз' },
  ...over,
});

describe('room entry', () => {
  it('reads the door answer of POST /api/spaces/:id/join', () => {
    expect(entryFromJoinError(err(403, 'knock_required'))).toEqual({ kind: 'knock_required' });
    expect(entryFromJoinError(err(403, 'door_closed'))).toEqual({ kind: 'door_closed' });
    expect(entryFromJoinError(err(403, 'not_invited'))).toEqual({ kind: 'not_invited' });
    expect(entryFromJoinError(err(503, 'video_unavailable'))).toEqual({ kind: 'video_unavailable' });
    // Anything else is an error to show, not a door state.
    const other = err(403, 'forbidden');
    expect(entryFromJoinError(other)).toEqual({ kind: 'error', error: other });
    const network = new Error('offline');
    expect(entryFromJoinError(network)).toEqual({ kind: 'error', error: network });
  });

  it('already knocking (409 knock_pending) means waiting; other knock errors stay errors', () => {
    expect(entryFromKnockError(err(409, 'knock_pending'))).toEqual({ kind: 'knocking', knockId: null });
    expect(entryFromKnockError(err(403, 'door_closed'))).toEqual({ kind: 'door_closed' });
    expect(entryFromKnockError(err(429, 'too_many_requests')).kind).toBe('error');
  });

  it('only my knock on this room moves the waiting screen', () => {
    const waiting: Entry = { kind: 'knocking', knockId: 'k1' };
    expect(knockOutcome(event(), waiting, 'room', 'me')).toBe('join');
    expect(knockOutcome(event({ status: 'denied' }), waiting, 'room', 'me')).toEqual({ kind: 'denied' });
    expect(knockOutcome(event({ status: 'expired' }), waiting, 'room', 'me')).toEqual({ kind: 'expired' });
    expect(knockOutcome(event({ id: 'k2' }), waiting, 'room', 'me')).toBeNull();
    expect(knockOutcome(event({ spaceId: 'other' }), waiting, 'room', 'me')).toBeNull();
    expect(
      knockOutcome(event({ visitor: { id: 'you', username: 'you', displayName: 'Ти' } }), waiting, 'room', 'me'),
    ).toBeNull();
    // Not waiting (e.g. the owner, who also hears knock.resolved): nothing changes.
    expect(knockOutcome(event(), { kind: 'knock_required' }, 'room', 'me')).toBeNull();
    // Knocking without a known id (409 knock_pending): any of my knocks on this room counts.
    expect(knockOutcome(event({ id: 'k9' }), { kind: 'knocking', knockId: null }, 'room', 'me')).toBe('join');
  });

  it('offers the knock form when the door asks for it and after a refusal or expiry', () => {
    expect(canKnock({ kind: 'knock_required' })).toBe(true);
    expect(canKnock({ kind: 'denied' })).toBe(true);
    expect(canKnock({ kind: 'expired' })).toBe(true);
    expect(canKnock({ kind: 'knocking', knockId: 'k' })).toBe(false);
    expect(canKnock({ kind: 'door_closed' })).toBe(false);
  });

  it.each<[Entry, 'open' | 'knock' | 'closed', Entry]>([
    [{ kind: 'knock_required' }, 'open', { kind: 'idle' }],
    [{ kind: 'door_closed' }, 'knock', { kind: 'idle' }],
    [{ kind: 'door_closed' }, 'open', { kind: 'idle' }],
    [{ kind: 'denied' }, 'open', { kind: 'idle' }],
    [{ kind: 'expired' }, 'closed', { kind: 'idle' }],
    [{ kind: 'knocking', knockId: 'k1' }, 'open', { kind: 'idle' }],
    [{ kind: 'knocking', knockId: 'k1' }, 'closed', { kind: 'knocking', knockId: 'k1' }],
    [{ kind: 'idle' }, 'closed', { kind: 'idle' }],
    [{ kind: 'joining' }, 'closed', { kind: 'joining' }],
    [{ kind: 'left' }, 'closed', { kind: 'left' }],
    [{ kind: 'video_unavailable' }, 'open', { kind: 'video_unavailable' }],
  ])('after the door changes, %j at a door now %s becomes %j', (entry, door, next) => {
    expect(entryAfterDoorChange(entry, door)).toEqual(next);
  });
});
