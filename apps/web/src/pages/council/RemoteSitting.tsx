import type { CouncilSessionView } from '@egov-box/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, type Language } from '../../format/datetime';
import { ActionError, useAction } from './actions';

/**
 * A remote sitting under ЗМСМА чл. 28а (issue 15, part 5): the chair declares it with the
 * declared situation's reference; once remote, everyone signed in sees the form and the
 * reference, the clerk confirms each present member's identity by sight and voice, and the
 * chair gives a member the microphone for the identification call.
 */
export function RemoteSitting({
  sitting,
  isChair,
  isClerk,
}: {
  sitting: CouncilSessionView;
  isChair: boolean;
  isClerk: boolean;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const { run, pending, error } = useAction();
  const [reference, setReference] = useState('');
  const form = sitting.form;
  const held = ['published', 'open', 'paused'].includes(sitting.status);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['council', 'sessions', sitting.id] });
  if (!form) return null;
  if (!form.remote) {
    if (!isChair || !held) return null;
    return (
      <section className="card" aria-labelledby="remote-heading">
        <h2 id="remote-heading">{t('council.remote.title')}</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            run({
              path: `/api/council/sessions/${sitting.id}/remote`,
              body: { emergencyReference: reference },
              done: t('council.remote.declared'),
              onData: refresh,
            });
          }}
        >
          <label htmlFor="remote-reference">{t('council.remote.reference')}</label>
          <textarea
            id="remote-reference"
            data-testid="remote-reference"
            rows={2}
            maxLength={1000}
            required
            value={reference}
            onChange={(e) => setReference(e.target.value)}
          />
          <p className="muted">{t('council.remote.hint')}</p>
          <button type="submit" className="button button-secondary" disabled={pending || reference.trim().length < 5}>
            {t('council.remote.declare')}
          </button>
        </form>
        <ActionError error={error} />
      </section>
    );
  }
  const identified = new Map((form.identifications ?? []).map((i) => [i.member.id, i]));
  const present = sitting.attendance.filter((a) => a.present);
  const live = sitting.status === 'open' || sitting.status === 'paused';
  return (
    <section className="card" aria-labelledby="remote-heading" data-testid="remote-sitting">
      <h2 id="remote-heading">{t('council.remote.isRemote')}</h2>
      <p>
        {t('council.remote.grounds')}: {form.emergencyReference}
      </p>
      {isClerk || isChair ? (
        <table className="table">
          <caption>{t('council.remote.identification')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('council.remote.member')}</th>
              <th scope="col">{t('council.remote.identified')}</th>
              <th scope="col">{t('council.remote.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {present.map((a) => {
              const done = identified.get(a.member.id);
              return (
                <tr key={a.member.id}>
                  <th scope="row">{a.member.displayName}</th>
                  <td>
                    {done
                      ? t('council.remote.identifiedAt', {
                          at: formatDateTime(done.confirmedAt, i18n.language as Language),
                          by: done.confirmedBy.displayName,
                        })
                      : '—'}
                  </td>
                  <td className="actions">
                    {isChair && live ? (
                      <button
                        type="button"
                        className="button button-secondary"
                        disabled={pending}
                        onClick={() =>
                          run({
                            path: `/api/council/sessions/${sitting.id}/video/microphone`,
                            body: { userId: a.member.id, purpose: 'identification', grant: !done },
                            done: t('council.remote.micDone'),
                          })
                        }
                      >
                        {done ? t('council.remote.takeMic') : t('council.remote.giveMic')}
                        <span className="visually-hidden"> — {a.member.displayName}</span>
                      </button>
                    ) : null}
                    {isClerk && live && !done ? (
                      <button
                        type="button"
                        className="button button-secondary"
                        disabled={pending}
                        onClick={() =>
                          run({
                            path: `/api/council/sessions/${sitting.id}/identifications`,
                            body: { userId: a.member.id },
                            done: t('council.remote.confirmed'),
                            onData: refresh,
                          })
                        }
                      >
                        {t('council.remote.confirm')}
                        <span className="visually-hidden"> — {a.member.displayName}</span>
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <ActionError error={error} />
    </section>
  );
}
