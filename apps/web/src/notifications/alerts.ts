import type {
  CouncilSessionView,
  CouncilVoteEvent,
  KnockEvent,
  MeetingReminderEvent,
  PresenceStatus,
} from '@egov-box/contracts';

/**
 * What a background tab tells its person about, worked out from the socket events the tab
 * already receives. An alert names the text by its i18n key (translated when shown, in the
 * language chosen then), the page a click goes to, and a tag: the system replaces an alert
 * with the same tag, so two open tabs of the same person show one notification, not two.
 */
export interface Alert {
  title: { key: string; params: Record<string, string> };
  body: { key: string; params: Record<string, string> };
  /** Where a click on the notification takes the tab (an in-app path). */
  url: string;
  tag: string;
}

/** `knock.requested`: somebody knocks on my door (the server sends it to the room's owner only). */
export function knockAlert(e: KnockEvent, meId: string): Alert | null {
  if (e.ownerId !== meId || e.status !== 'pending') return null;
  return {
    title: { key: 'notifications.knock.title', params: { name: e.visitor.displayName } },
    body: e.message
      ? { key: 'notifications.knock.bodyMessage', params: { message: e.message } }
      : { key: 'notifications.knock.body', params: {} },
    url: `/rooms/${e.spaceId}`,
    tag: `knock:${e.id}`,
  };
}

/**
 * `knock.resolved` where I am the visitor and the owner answered: admitted or denied. An
 * expired knock is no news from a person (the room page says so), and the owner's own
 * answer is no news to the owner.
 */
export function admissionAlert(e: KnockEvent, meId: string): Alert | null {
  if (e.visitor.id !== meId || (e.status !== 'admitted' && e.status !== 'denied')) return null;
  return {
    title: { key: `notifications.${e.status}.title`, params: {} },
    body: { key: `notifications.${e.status}.body`, params: {} },
    url: `/rooms/${e.spaceId}`,
    tag: `knock:${e.id}`,
  };
}

/**
 * `meeting.reminder` (ten minutes before a meeting of mine): a meeting in a personal room
 * opens that room, one in a hall or the chamber opens the schedule.
 */
export function reminderAlert(e: MeetingReminderEvent, startsAt: string): Alert {
  return {
    title: { key: 'notifications.meeting.title', params: { title: e.title } },
    body: { key: 'notifications.meeting.body', params: { time: startsAt, place: e.space.name } },
    url: e.space.kind === 'personal' ? `/rooms/${e.space.id}` : '/schedule',
    tag: `meeting:${e.meetingId}`,
  };
}

/**
 * `council.vote.opened` in a sitting I attend: the server sends it to the members present
 * (and to whoever watches the sitting); its view lists me as present.
 */
export function voteAlert(
  e: CouncilVoteEvent,
  meId: string,
  sitting: Pick<CouncilSessionView, 'id' | 'title' | 'attendance' | 'items'> | undefined,
): Alert | null {
  if (e.vote.status !== 'open' || !sitting || sitting.id !== e.sessionId) return null;
  if (!sitting.attendance.some((a) => a.member.id === meId && a.present)) return null;
  const item = sitting.items.find((i) => i.id === e.vote.itemId);
  return {
    title: { key: 'notifications.vote.title', params: { session: sitting.title } },
    body: item
      ? { key: 'notifications.vote.bodyItem', params: { item: item.title } }
      : { key: 'notifications.vote.body', params: {} },
    url: `/council/${e.sessionId}`,
    tag: `vote:${e.vote.id}`,
  };
}

/** The tab is in the background: another tab or window is in front of it, or it is hidden. */
export function inBackground(doc: { hidden: boolean; hasFocus(): boolean }): boolean {
  return doc.hidden || !doc.hasFocus();
}

/**
 * Whether an event becomes an alert now: only while the tab is in the background (in front,
 * the page itself shows and announces it), and never while I chose „Не безпокойте“.
 */
export function shouldAlert(background: boolean, presence: PresenceStatus | null): boolean {
  return background && presence !== 'dnd';
}

/** The document's title with the number of unseen alerts in front: "(2) Начало — eGov Box". */
export function titleWithCount(title: string, count: number): string {
  return count > 0 ? `(${count}) ${title}` : title;
}

/** What the browser lets the portal do about system notifications. */
export type NotificationChoice = NotificationPermission | 'unsupported';

/**
 * Whether to offer „Включи известията на браузъра“: only while the browser has not been asked
 * (once the person said no, the browser would not ask again anyway; we do not either).
 */
export function offersEnable(choice: NotificationChoice): boolean {
  return choice === 'default';
}
