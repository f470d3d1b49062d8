import { useTranslation } from 'react-i18next';
import { isMissingEndpoint } from '../../api/client';
import { useApi } from '../../api/queries';
import { LoadError, Loading } from '../../components/States';
import { bodyName, type CouncilBody } from './model';

/** The council and its standing committees, with their members (for every signed-in user). */
export function Bodies() {
  const { t } = useTranslation();
  const bodies = useApi<CouncilBody[]>(['council', 'bodies'], '/api/council/bodies');
  return (
    <section className="card" aria-labelledby="bodies-heading" data-testid="bodies">
      <h2 id="bodies-heading">{t('council.bodies')}</h2>
      {bodies.isPending ? (
        <Loading />
      ) : bodies.isError ? (
        isMissingEndpoint(bodies.error) ? (
          <p className="muted">{t('council.bodiesUnavailable')}</p>
        ) : (
          <LoadError error={bodies.error} retry={() => void bodies.refetch()} />
        )
      ) : (
        <>
          <ul className="list">
            {bodies.data.map((b) => {
              const chair = b.members.find((m) => m.id === b.chairId);
              const members = [...b.members].sort((x, y) => x.displayName.localeCompare(y.displayName, 'bg'));
              return (
                <li key={b.id} className="list-item">
                  <div>
                    <p className="list-title">
                      {bodyName(b, t)}
                      {b.kind === 'committee' ? <span className="badge"> ({t('council.body.committee')})</span> : null}
                    </p>
                    <p className="muted">
                      {t('council.membersCount', { count: b.members.length })}
                      {chair ? ` · ${t('council.bodyChair', { name: chair.displayName })}` : ''}
                    </p>
                    <details>
                      <summary>{t('council.membersOf', { name: bodyName(b, t) })}</summary>
                      <ul className="columns">
                        {members.map((m) => (
                          <li key={m.id}>{m.displayName}</li>
                        ))}
                      </ul>
                    </details>
                  </div>
                </li>
              );
            })}
          </ul>
          {bodies.data.every((b) => b.kind !== 'committee') ? <p className="empty">{t('council.noBodies')}</p> : null}
        </>
      )}
    </section>
  );
}
