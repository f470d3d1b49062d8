import type { KnockEvent, KnockView } from '@egov-box/contracts';
import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useApi } from '../../api/queries';
import { useNow } from '../../format/useNow';
import { useAnnounce } from '../../components/Announcer';
import { useErrorMessage } from '../../components/States';
import { useRealtimeEvent } from '../../realtime/RealtimeContext';

/** A knock from the history (`KnockView`) or from `knock.requested` (`KnockEvent`). */
type Knock = KnockView | KnockEvent;

/** Pending, unexpired knocks, oldest first, without the ones answered or resolved since. */
export function pendingKnocks<K extends Pick<Knock, 'id' | 'status' | 'createdAt' | 'expiresAt'>>(
  history: K[],
  live: K[],
  done: string[],
  now: Date,
): K[] {
  const byId = new Map<string, K>();
  for (const k of [...history, ...live]) byId.set(k.id, k);
  return [...byId.values()]
    .filter((k) => k.status === 'pending' && !done.includes(k.id))
    .filter((k) => Date.parse(k.expiresAt) > now.getTime())
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * Knocks on my door as they arrive (`knock.requested`), answered with "Пусни" / "Откажи".
 * The list is a live region and each new knock is announced.
 */
export function KnocksSection() {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const errorMessage = useErrorMessage();
  // Knocks still waiting when the page opened (history) plus live ones.
  const history = useApi<KnockView[]>(['rooms', 'me', 'knocks'], '/api/rooms/me/knocks?limit=20');
  const [live, setKnocks] = useState<Knock[]>([]);
  const [done, setDone] = useState<string[]>([]);
  const now = useNow(15_000);
  const knocks = useMemo(
    () => pendingKnocks<Knock>(history.data ?? [], live, done, now),
    [history.data, live, done, now],
  );
  const [error, setError] = useState<string | null>(null);
  const who = (k: Knock) => k.visitor.displayName;

  useRealtimeEvent('knock.requested', (knock) => {
    setKnocks((list) => (list.some((k) => k.id === knock.id) ? list : [...list, knock]));
    announce(t('dashboard.knocks.announce', { name: who(knock) }));
  });
  useRealtimeEvent('knock.resolved', (e) => setDone((d) => [...d, e.id]));

  const answer = useMutation({
    mutationFn: ({ knock, admit }: { knock: Knock; admit: boolean }) =>
      api.post(`/api/knocks/${knock.id}/${admit ? 'admit' : 'deny'}`),
    onSuccess: (_r, { knock, admit }) => {
      setDone((d) => [...d, knock.id]);
      setError(null);
      announce(t(admit ? 'dashboard.knocks.admitted' : 'dashboard.knocks.denied', { name: who(knock) }));
    },
    onError: (err) => setError(errorMessage(err)),
  });

  return (
    <section className="card" aria-labelledby="knocks-heading">
      <h2 id="knocks-heading">{t('dashboard.knocks.heading')}</h2>
      <div aria-live="polite" data-testid="knocks">
        {knocks.length === 0 ? (
          <p className="empty">{t('dashboard.knocks.empty')}</p>
        ) : (
          <ul className="list">
            {knocks.map((k) => (
              <li key={k.id} className="list-item knock">
                <div>
                  <p className="list-title" id={`knock-${k.id}`}>
                    {t('dashboard.knocks.request', { name: who(k) })}
                  </p>
                  {k.message ? <p className="muted">{k.message}</p> : null}
                </div>
                <div className="actions">
                  <button
                    type="button"
                    className="button button-primary"
                    disabled={answer.isPending}
                    aria-describedby={`knock-${k.id}`}
                    onClick={() => answer.mutate({ knock: k, admit: true })}
                  >
                    {t('dashboard.knocks.admit')}
                  </button>
                  <button
                    type="button"
                    className="button button-secondary"
                    disabled={answer.isPending}
                    aria-describedby={`knock-${k.id}`}
                    onClick={() => answer.mutate({ knock: k, admit: false })}
                  >
                    {t('dashboard.knocks.deny')}
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
