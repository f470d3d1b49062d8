import type { CouncilSessionView } from '@egov-box/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatDateTime, type Language } from '../../format/datetime';
import { ActionError, saveBlob, useAction, useCouncilError } from './actions';

const FORMATS = ['html', 'pdf', 'json'] as const;
const EXT = { html: 'html', pdf: 'pdf', json: 'json' } as const;
const enc = encodeURIComponent;

/** Links to the published minutes (no login); nothing until the clerk publishes them. */
export function PublicMinutesLinks({ session }: { session: CouncilSessionView }) {
  const { t, i18n } = useTranslation();
  if (!session.minutesPublishedAt) return null;
  return (
    <div data-testid="public-minutes">
      <p>
        {t('council.minutesPublishedAt', {
          time: formatDateTime(session.minutesPublishedAt, i18n.language as Language),
        })}
      </p>
      <ul className="link-list">
        {FORMATS.map((f) => (
          <li key={f}>
            <a href={`/api/public/council/sessions/${enc(session.id)}/minutes?format=${f}`}>
              {t(`council.minutesFormat.${f}`)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The published agenda as open data (JSON, CSV). */
export function OpenDataLinks({ session }: { session: CouncilSessionView }) {
  const { t } = useTranslation();
  if (session.status === 'draft') return null;
  const base = `/api/public/council/sessions/${enc(session.id)}/agenda`;
  return (
    <p className="muted">
      {t('council.openData')} <a href={`${base}?format=json`}>JSON</a> · <a href={`${base}?format=csv`}>CSV</a>
    </p>
  );
}

/**
 * Minutes for the clerk's office and the chair: the generated record at once (HTML, PDF,
 * JSON, fetched with their token), and for the clerk the button that makes them public.
 */
export function MinutesSection({ session, canPublish }: { session: CouncilSessionView; canPublish: boolean }) {
  const { t } = useTranslation();
  const errorText = useCouncilError();
  const [problem, setProblem] = useState<string | null>(null);
  const { run, pending, error } = useAction();
  return (
    <section className="card" aria-labelledby="minutes-heading">
      <h2 id="minutes-heading">{t('council.minutes')}</h2>
      <p className="muted">{t('council.minutesDraftNote')}</p>
      <div className="actions">
        {FORMATS.map((f) => (
          <button
            key={f}
            type="button"
            className="button button-secondary"
            onClick={() => {
              setProblem(null);
              api
                .download(`/api/council/sessions/${enc(session.id)}/minutes?format=${f}`)
                .then((file) => saveBlob(file.blob, `minutes-${session.number}.${EXT[f]}`))
                .catch((e: unknown) => setProblem(errorText(e)));
            }}
          >
            {t('council.downloadMinutes', { format: t(`council.minutesFormat.${f}`) })}
          </button>
        ))}
      </div>
      <ActionError error={problem} />
      {session.minutesPublishedAt ? (
        <PublicMinutesLinks session={session} />
      ) : canPublish ? (
        session.status === 'closed' ? (
          <>
            <button
              type="button"
              className="button button-primary"
              disabled={pending}
              onClick={() =>
                run({
                  path: `/api/council/sessions/${enc(session.id)}/minutes/publish`,
                  done: t('council.done.minutesPublished'),
                })
              }
            >
              {t('council.publishMinutes')}
            </button>
            <ActionError error={error} />
          </>
        ) : (
          <p className="muted">{t('council.minutesAfterClose')}</p>
        )
      ) : (
        <p className="muted">{t('council.minutesNotPublished')}</p>
      )}
    </section>
  );
}
