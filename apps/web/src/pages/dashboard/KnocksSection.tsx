import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useApi } from '../../api/queries';
import { listOf, type KnockView } from '../../api/types';
import { useNow } from '../../format/useNow';
import { useAnnounce } from '../../components/Announcer';
import { useErrorMessage } from '../../components/States';
import { useRealtimeEvent } from '../../realtime/RealtimeContext';

/** Pending, unexpired knocks, oldest first, without the ones answered or resolved since. */
export function pendingKnocks(history: KnockView[], live: KnockView[], done: string[], now: Date): KnockView[] {
  const byId = new Map<string, KnockView>();
  for (const k of [...history, ...live]) byId.set(k.id, k);
  return [...byId.values()]
    .filter((k) => (k.status ?? 'pending') === 'pending' && !done.includes(k.id))
    .filter((k) => !k.expiresAt || Date.parse(k.expiresAt) > now.getTime())
    .sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''));
}

/**
 * Knocks on my door as they arrive (`knock.requested`), answered with "Пусни" / "Откажи".
 * The list is a live region and each new knock is announced.
 */
export function KnocksSection() {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const errorMessage = useErrorMessage();
  // Knocks still waiting when the page opened (history, if the server has it) plus live ones.
  const history = useApi<KnockView[] | { items: KnockView[] }>(
    ['rooms', 'me', 'knocks'],
    '/api/rooms/me/knocks?limit=20',
  );
  const [live, setKnocks] = useState<KnockView[]>([]);
  const [done, setDone] = useState<string[]>([]);
  const now = useNow(15_000);
  const knocks = useMemo(
    () => pendingKnocks(history.data ? listOf(history.data) : [], live, done, now),
    [history.data, live, done, now],
  );
  const [error, setError] = useState<string | null>(null);
  const who = (k: KnockView) => k.visitor?.displayName ?? '—';

  useRealtimeEvent('knock.requested', (e) => {
    const knock = e as KnockView;
    if (!knock?.id) return;
    setKnocks((list) => (list.some((k) => k.id === knock.id) ? list : [...list, knock]));
    announce(t('dashboard.knocks.announce', { name: who(knock) }));
  });
  useRealtimeEvent('knock.resolved', (e) => {
    const id = (e as { id?: string; knockId?: string })?.id ?? (e as { knockId?: string })?.knockId;
    if (id) setDone((d) => [...d, id]);
  });

  const answer = useMutation({
    mutationFn: ({ knock, admit }: { knock: KnockView; admit: boolean }) =>
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
