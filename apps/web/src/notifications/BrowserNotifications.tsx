import type { CouncilSessionView, PresenceStatus, PresenceUpdated } from '@egov-box/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import { useUser } from '../auth/AuthContext';
import { formatTime, type Language } from '../format/datetime';
import { useRealtimeEvent } from '../realtime/RealtimeContext';
import {
  admissionAlert,
  inBackground,
  knockAlert,
  offersEnable,
  reminderAlert,
  shouldAlert,
  voteAlert,
  type Alert,
  type NotificationChoice,
} from './alerts';
import { setUnseenCount } from './title';

/** What the browser allows now ('unsupported': no Notification API, e.g. an old or embedded browser). */
export function notificationChoice(): NotificationChoice {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/**
 * My own presence as the server has it: fetched once (again after a reconnect, when every
 * query is refetched) and then followed through `presence.updated` (sent to me as well).
 */
function useOwnPresence(meId: string): RefObject<PresenceStatus | null> {
  const status = useRef<PresenceStatus | null>(null);
  const heard = useRef(false);
  useRealtimeEvent('presence.updated', (e) => {
    if (e.userId !== meId) return;
    heard.current = true;
    status.current = e.status;
  });
  useEffect(() => {
    let cancelled = false;
    heard.current = false;
    api.get<PresenceUpdated[]>(`/api/presence?userIds=${meId}`).then(
      (list) => {
        // An event that arrived meanwhile is newer than this answer.
        if (!cancelled && !heard.current) status.current = list.find((p) => p.userId === meId)?.status ?? null;
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [meId]);
  return status;
}

/**
 * While the portal's tab is in the background, the knocks on my door, the answer to my knock,
 * a meeting of mine about to start and a vote opened in a sitting I attend raise a system
 * notification (when the browser allows them) and a count in the tab's title; nothing while
 * I am „Не безпокойте“. Coming back to the tab clears the count. Renders nothing.
 */
export function BrowserNotifications() {
  const me = useUser();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const presence = useOwnPresence(me.id);
  const [unseen, setUnseen] = useState(0);

  useEffect(() => {
    setUnseenCount(unseen);
  }, [unseen]);

  useEffect(() => {
    const back = () => {
      if (!inBackground(document)) setUnseen(0);
    };
    document.addEventListener('visibilitychange', back);
    window.addEventListener('focus', back);
    return () => {
      document.removeEventListener('visibilitychange', back);
      window.removeEventListener('focus', back);
      setUnseenCount(0);
    };
  }, []);

  const raise = useCallback(
    (alert: Alert | null) => {
      if (!alert || !shouldAlert(inBackground(document), presence.current)) return;
      setUnseen((n) => n + 1);
      if (notificationChoice() !== 'granted') return;
      try {
        const n = new Notification(t(alert.title.key, alert.title.params), {
          body: t(alert.body.key, alert.body.params),
          tag: alert.tag,
          lang: i18n.language,
          icon: '/favicon.svg',
        });
        n.addEventListener('click', () => {
          window.focus();
          void navigate(alert.url);
          n.close();
        });
      } catch {
        // Some browsers (Chrome on Android) show notifications only through a service worker:
        // the title's count still tells.
      }
    },
    [t, i18n, navigate, presence],
  );

  useRealtimeEvent('knock.requested', (e) => raise(knockAlert(e, me.id)));
  useRealtimeEvent('knock.resolved', (e) => raise(admissionAlert(e, me.id)));
  useRealtimeEvent('meeting.reminder', (e) =>
    raise(reminderAlert(e, formatTime(e.startsAt, i18n.language as Language))),
  );
  useRealtimeEvent('council.vote.opened', (e) => {
    // The server sends it to those watching the sitting and to the members present; on another
    // page the sitting is not loaded yet: it is read once (its title, the item, my attendance).
    const key = ['council', 'sessions', e.sessionId];
    const cached = queryClient.getQueryData<CouncilSessionView>(key);
    if (cached) return raise(voteAlert(e, me.id, cached));
    void queryClient
      .fetchQuery({
        queryKey: key,
        queryFn: () => api.get<CouncilSessionView>(`/api/council/sessions/${encodeURIComponent(e.sessionId)}`),
      })
      .then((sitting) => raise(voteAlert(e, me.id, sitting)))
      .catch(() => undefined);
  });
  return null;
}

/**
 * Whether the browser lets the portal show notifications, and asking it to (only from a
 * click: browsers ignore or penalise a prompt nobody asked for).
 */
export function useNotificationChoice(): { choice: NotificationChoice; enable: () => Promise<NotificationChoice> } {
  const [choice, setChoice] = useState<NotificationChoice>(notificationChoice);
  useEffect(() => {
    // The person may change it in the browser's site settings meanwhile.
    const again = () => setChoice(notificationChoice());
    window.addEventListener('focus', again);
    return () => window.removeEventListener('focus', again);
  }, []);
  const enable = useCallback(async () => {
    let answer = notificationChoice();
    if (offersEnable(answer)) {
      try {
        answer = await Notification.requestPermission();
      } catch {
        answer = notificationChoice();
      }
    }
    setChoice(answer);
    return answer;
  }, []);
  return { choice, enable };
}
