import type { UpcomingMeetingView } from '@egov-box/contracts';

/**
 * Where a meeting takes place, as the schedule says it: a personal room is named after its
 * owner, so it reads "Стаята на Емил Василев" (not „Място: Емил Василев“); a one-on-one is
 * always in the invitee's room, which for the invitee is their own. Any other space by name.
 */
export interface Place {
  key: 'schedule.place.yourRoom' | 'schedule.place.roomOf' | 'schedule.place.space';
  /** The owner's or the space's name (none for "your room"). */
  name?: string;
}

export function placeOf(m: Pick<UpcomingMeetingView, 'kind' | 'role' | 'space'>): Place {
  if (m.space.kind !== 'personal') return { key: 'schedule.place.space', name: m.space.name };
  if (m.kind === 'one_on_one' && m.role === 'invitee') return { key: 'schedule.place.yourRoom' };
  return { key: 'schedule.place.roomOf', name: m.space.name };
}

/**
 * Whether the row offers „Приемам / Може би / Отказвам“. An invitation to a booking or a
 * session does (the answer stays shown as the pressed button, and can be changed). A
 * one-on-one does not: both people agreed on its time on the one-on-ones page, where it is
 * moved (propose other times) or called off; an RSVP here would contradict that agreement.
 */
export function offersRsvp(m: Pick<UpcomingMeetingView, 'kind' | 'role' | 'status'>): boolean {
  return m.role === 'invitee' && m.kind !== 'one_on_one' && m.status !== 'cancelled';
}
