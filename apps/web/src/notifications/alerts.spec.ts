import type { CouncilSessionView, CouncilVoteEvent, KnockEvent, MeetingReminderEvent } from '@egov-box/contracts';
import { bg } from '../i18n/bg';
import {
  admissionAlert,
  inBackground,
  knockAlert,
  offersEnable,
  reminderAlert,
  shouldAlert,
  titleWithCount,
  voteAlert,
  type Alert,
} from './alerts';
import { setPageTitle, setUnseenCount } from './title';

const ME = 'u-me';
const knock = (over: Partial<KnockEvent> = {}): KnockEvent => ({
  id: 'k1',
  spaceId: 's1',
  visitor: { id: 'u-vis', username: 'vis', displayName: 'Борис Петров' },
  ownerId: ME,
  message: null,
  status: 'pending',
  createdAt: '2026-12-04T10:00:00Z',
  expiresAt: '2026-12-04T10:01:00Z',
  resolvedAt: null,
  admissionExpiresAt: null,
  ...over,
});

/** Every key an alert names exists in the Bulgarian messages (so it never shows a raw key). */
function expectKnownKeys(a: Alert): void {
  for (const key of [a.title.key, a.body.key]) {
    const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], bg);
    expect({ key, type: typeof value }).toEqual({ key, type: 'string' });
  }
}

describe('which events become a background alert', () => {
  it('a knock on my door, with the visitor and their message, opening my room', () => {
    const a = knockAlert(knock({ message: 'Имате ли минута?' }), ME)!;
    expect(a).toEqual({
      title: { key: 'notifications.knock.title', params: { name: 'Борис Петров' } },
      body: { key: 'notifications.knock.bodyMessage', params: { message: 'Имате ли минута?' } },
      url: '/rooms/s1',
      tag: 'knock:k1',
    });
    expectKnownKeys(a);
    expect(knockAlert(knock(), ME)!.body.key).toBe('notifications.knock.body');
    // Not my door, or not waiting any more: nothing.
    expect(knockAlert(knock({ ownerId: 'u-other' }), ME)).toBeNull();
    expect(knockAlert(knock({ status: 'expired' }), ME)).toBeNull();
  });

  it('the answer to my own knock (let in or turned down), never an expiry or the owner’s own answer', () => {
    const mine = { visitor: { id: ME, username: 'me', displayName: 'Аз' }, ownerId: 'u-owner' };
    const admitted = admissionAlert(knock({ ...mine, status: 'admitted' }), ME)!;
    expect(admitted).toMatchObject({
      url: '/rooms/s1',
      tag: 'knock:k1',
      title: { key: 'notifications.admitted.title' },
    });
    expectKnownKeys(admitted);
    const denied = admissionAlert(knock({ ...mine, status: 'denied' }), ME)!;
    expect(denied.title.key).toBe('notifications.denied.title');
    expectKnownKeys(denied);
    expect(admissionAlert(knock({ ...mine, status: 'expired' }), ME)).toBeNull();
    expect(admissionAlert(knock({ ...mine, status: 'pending' }), ME)).toBeNull();
    // I am the owner who answered: the event reaches me too, but it is no news.
    expect(admissionAlert(knock({ status: 'admitted' }), ME)).toBeNull();
  });

  it('a meeting about to start opens its room, or the schedule for a hall', () => {
    const reminder = (kind: string): MeetingReminderEvent => ({
      meetingId: 'm1',
      title: 'Оперативка',
      startsAt: '2026-12-04T08:10:00Z',
      endsAt: '2026-12-04T09:00:00Z',
      space: { id: 'sp1', kind, name: kind === 'personal' ? 'Стаята на Ана' : 'Зала 1', location: null },
    });
    const inRoom = reminderAlert(reminder('personal'), '10:10 ч.');
    expect(inRoom).toEqual({
      title: { key: 'notifications.meeting.title', params: { title: 'Оперативка' } },
      body: { key: 'notifications.meeting.body', params: { time: '10:10 ч.', place: 'Стаята на Ана' } },
      url: '/rooms/sp1',
      tag: 'meeting:m1',
    });
    expectKnownKeys(inRoom);
    expect(reminderAlert(reminder('hall'), '10:10 ч.').url).toBe('/schedule');
  });

  it('a vote opened in a sitting where I am registered present, not when absent or not that sitting', () => {
    const vote = { id: 'v1', sessionId: 'cs1', itemId: 'i2', status: 'open' } as CouncilVoteEvent['vote'];
    const e: CouncilVoteEvent = { sessionId: 'cs1', version: 7, vote };
    const sitting = (present: boolean) =>
      ({
        id: 'cs1',
        title: 'Пето заседание',
        items: [{ id: 'i2', title: 'Бюджет 2027' }],
        attendance: [{ member: { id: ME, displayName: 'Аз' }, present, checkedInAt: null, checkedOutAt: null }],
      }) as unknown as CouncilSessionView;
    const a = voteAlert(e, ME, sitting(true))!;
    expect(a).toEqual({
      title: { key: 'notifications.vote.title', params: { session: 'Пето заседание' } },
      body: { key: 'notifications.vote.bodyItem', params: { item: 'Бюджет 2027' } },
      url: '/council/cs1',
      tag: 'vote:v1',
    });
    expectKnownKeys(a);
    expect(voteAlert(e, ME, sitting(false))).toBeNull(); // checked out / not in the hall
    expect(voteAlert(e, 'u-guest', sitting(true))).toBeNull(); // not a member there
    expect(voteAlert(e, ME, undefined)).toBeNull(); // the tab does not have the sitting
    expect(voteAlert({ ...e, sessionId: 'cs2' }, ME, sitting(true))).toBeNull();
    expect(voteAlert({ ...e, vote: { ...vote, status: 'closed' } }, ME, sitting(true))).toBeNull();
  });
});

describe('when, and what the title says', () => {
  it('only in the background, and never while I am „Не безпокойте“', () => {
    expect(inBackground({ hidden: true, hasFocus: () => true })).toBe(true);
    expect(inBackground({ hidden: false, hasFocus: () => false })).toBe(true);
    expect(inBackground({ hidden: false, hasFocus: () => true })).toBe(false);
    expect(shouldAlert(true, 'online')).toBe(true);
    expect(shouldAlert(true, 'busy')).toBe(true);
    expect(shouldAlert(true, null)).toBe(true); // presence not known yet: better told than not
    expect(shouldAlert(true, 'dnd')).toBe(false);
    expect(shouldAlert(false, 'online')).toBe(false);
  });

  it('puts the count in front of the page’s title and takes it away at zero', () => {
    expect(titleWithCount('Начало — eGov Box', 2)).toBe('(2) Начало — eGov Box');
    expect(titleWithCount('Начало — eGov Box', 0)).toBe('Начало — eGov Box');
  });

  it('a page that renames the tab keeps the count in front', () => {
    const doc = { title: '' };
    (globalThis as { document?: unknown }).document = doc;
    try {
      setPageTitle('Начало — eGov Box');
      setUnseenCount(1);
      expect(doc.title).toBe('(1) Начало — eGov Box');
      setPageTitle('График — eGov Box');
      expect(doc.title).toBe('(1) График — eGov Box');
      setUnseenCount(0);
      expect(doc.title).toBe('График — eGov Box');
    } finally {
      delete (globalThis as { document?: unknown }).document;
    }
  });

  it('offers the browser’s prompt only before it was answered', () => {
    expect(offersEnable('default')).toBe(true);
    expect(offersEnable('granted')).toBe(false);
    expect(offersEnable('denied')).toBe(false); // no prompt again once refused
    expect(offersEnable('unsupported')).toBe(false);
  });
});
