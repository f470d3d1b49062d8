import type { KnockView, PresenceUpdated, SpaceView } from '@egov-box/contracts';
import { onlineColleagues } from './ColleaguesSection';
import { pendingKnocks } from './KnocksSection';
import { joinWindowOpen } from './MeetingList';
import { safeNext } from '../login/LoginPage';

const person = (id: string, displayName: string) => ({ id, username: id, displayName, roles: [], department: null });
const room = (id: string, owner: ReturnType<typeof person>, door: SpaceView['door'] = 'knock'): SpaceView => ({
  id,
  kind: 'personal',
  name: `Стаята на ${owner.displayName}`,
  door,
  owner,
  capacity: null,
  location: null,
  equipment: [],
  livekitRoom: `room-${id}`,
  participants: [],
});
const presence = (userId: string, status: PresenceUpdated['status'], spaceId: string | null = null) => ({
  userId,
  status,
  spaceId,
  lastSeenAt: '2025-12-05T10:00:00Z',
});

describe('colleagues online', () => {
  const rooms = [room('r1', person('u1', 'Аз')), room('r2', person('u2', 'Борис')), room('r3', person('u3', 'Ана'))];

  it('lists colleagues known to be online, never me, by name, with where they are', () => {
    const list = onlineColleagues(
      rooms,
      { u1: presence('u1', 'online'), u2: presence('u2', 'busy', 'r3'), u3: presence('u3', 'online') },
      'u1',
    );
    expect(list.map((c) => [c.user.displayName, c.status, c.where])).toEqual([
      ['Ана', 'online', null],
      ['Борис', 'busy', 'Стаята на Ана'],
    ]);
  });

  it('offline or unknown colleagues are not shown', () => {
    expect(onlineColleagues(rooms, { u2: presence('u2', 'offline') }, 'u1')).toEqual([]);
  });
});

describe('pending knocks', () => {
  const now = new Date('2025-12-05T10:00:00Z');
  type Knock = Pick<KnockView, 'id' | 'status' | 'createdAt' | 'expiresAt'>;
  const knock = (id: string, extra: Partial<Knock> = {}): Knock => ({
    id,
    status: 'pending',
    createdAt: `2025-12-05T09:59:0${id.length}Z`,
    expiresAt: '2025-12-05T10:01:00Z',
    ...extra,
  });

  it('merges history and live knocks, without duplicates, oldest first', () => {
    const list = pendingKnocks([knock('bb'), knock('a', { status: 'denied' })], [knock('bb'), knock('c')], [], now);
    expect(list.map((k) => k.id)).toEqual(['c', 'bb']);
  });

  it('drops answered and expired knocks', () => {
    const list = pendingKnocks(
      [knock('a'), knock('b', { expiresAt: '2025-12-05T09:59:59Z' })],
      [knock('c')],
      ['c'],
      now,
    );
    expect(list.map((k) => k.id)).toEqual(['a']);
  });
});

describe('join window', () => {
  const meeting = { startsAt: '2025-12-05T10:00:00Z', endsAt: '2025-12-05T11:00:00Z' };
  it('opens 15 minutes before the start and closes at the end', () => {
    expect(joinWindowOpen(meeting, new Date('2025-12-05T09:44:59Z'))).toBe(false);
    expect(joinWindowOpen(meeting, new Date('2025-12-05T09:45:00Z'))).toBe(true);
    expect(joinWindowOpen(meeting, new Date('2025-12-05T10:59:59Z'))).toBe(true);
    expect(joinWindowOpen(meeting, new Date('2025-12-05T11:00:00Z'))).toBe(false);
  });
});

describe('after sign-in', () => {
  it('follows only paths inside the portal', () => {
    expect(safeNext('/halls')).toBe('/halls');
    expect(safeNext('/council/1?x=1')).toBe('/council/1?x=1');
    expect(safeNext(null)).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('/login')).toBe('/');
  });
});
