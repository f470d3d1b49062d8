import type { OneOnOneView } from '@egov-box/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useUser } from '../../auth/AuthContext';
import { useAnnounce } from '../../components/Announcer';
import { useRealtimeEvent } from '../../realtime/RealtimeContext';

/** One-on-one requests addressed to me that arrived while this page is open. */
export function OneOnOneRequestsSection() {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const [requests, setRequests] = useState<OneOnOneView[]>([]);
  const who = (r: OneOnOneView) => r.requester.displayName;
  const me = useUser();
  useRealtimeEvent('one_on_one.requested', ({ request }) => {
    setRequests((list) => (list.some((r) => r.id === request.id) ? list : [...list, request]));
    announce(t('dashboard.oneOnOnes.announce', { name: who(request) }));
  });
  useRealtimeEvent('one_on_one.updated', ({ request: update }) => {
    // Still mine to answer (e.g. a new proposal): keep it, updated; otherwise it leaves the list.
    const mine = update.status === 'pending' && update.awaitingUserId === me.id;
    setRequests((list) => [...list.filter((r) => r.id !== update.id), ...(mine ? [update] : [])]);
  });
  return (
    <section className="card" aria-labelledby="one-on-one-heading">
      <h2 id="one-on-one-heading">{t('dashboard.oneOnOnes.heading')}</h2>
      <div aria-live="polite">
        {requests.length === 0 ? (
          <p className="empty">{t('dashboard.oneOnOnes.empty')}</p>
        ) : (
          <ul className="list">
            {requests.map((r) => (
              <li key={r.id} className="list-item">
                <div>
                  <p className="list-title">{t('dashboard.oneOnOnes.request', { name: who(r) })}</p>
                  {r.topic ? <p className="muted">{r.topic}</p> : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
      <p>
        <Link to="/one-on-ones">{t('dashboard.oneOnOnes.open')}</Link>
      </p>
    </section>
  );
}
