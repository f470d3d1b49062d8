import type { CouncilBodyView } from '@egov-box/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/queries';
import { LoadError, Loading } from '../../components/States';
import { CommitteeEditor } from './CommitteeEditor';
import { bodyName } from './model';

/**
 * The council and its standing committees, with their members (for every signed-in user);
 * the clerk creates committees and changes their members and chair here.
 */
export function Bodies({ canEdit = false }: { canEdit?: boolean }) {
  const { t } = useTranslation();
  const bodies = useApi<CouncilBodyView[]>(['council', 'bodies'], '/api/council/bodies');
  // 'new' or a committee's id: the form open in place of its button.
  const [editing, setEditing] = useState<string | null>(null);
  const councillors = bodies.data?.find((b) => b.kind === 'council')?.members ?? [];
  const close = (openerId: string) => {
    setEditing(null);
    // Back to the button that opened the form (it is rendered again).
    setTimeout(() => document.getElementById(openerId)?.focus(), 0);
  };
  return (
    <section className="card" aria-labelledby="bodies-heading" data-testid="bodies">
      <h2 id="bodies-heading">{t('council.bodies')}</h2>
      {bodies.isPending ? (
        <Loading />
      ) : bodies.isError ? (
        <LoadError error={bodies.error} retry={() => void bodies.refetch()} />
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
                    {canEdit && b.kind === 'committee' ? (
                      editing === b.id ? (
                        <CommitteeEditor committee={b} councillors={councillors} onDone={() => close(`edit-${b.id}`)} />
                      ) : (
                        <button
                          type="button"
                          id={`edit-${b.id}`}
                          className="button button-secondary"
                          onClick={() => setEditing(b.id)}
                        >
                          {t('council.committee.edit')}
                          <span className="visually-hidden"> — {b.name}</span>
                        </button>
                      )
                    ) : null}
                  </div>
                </li>
              );
            })}
          </ul>
          {bodies.data.every((b) => b.kind !== 'committee') ? <p className="empty">{t('council.noBodies')}</p> : null}
          {canEdit ? (
            editing === 'new' ? (
              <section aria-labelledby="new-committee-heading">
                <h3 id="new-committee-heading">{t('council.committee.newHeading')}</h3>
                <CommitteeEditor councillors={councillors} onDone={() => close('new-committee')} />
              </section>
            ) : (
              <button
                type="button"
                id="new-committee"
                className="button button-primary"
                onClick={() => setEditing('new')}
              >
                {t('council.committee.new')}
              </button>
            )
          ) : null}
        </>
      )}
    </section>
  );
}
