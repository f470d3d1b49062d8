import type { CouncilSessionSummary } from '@egov-box/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../../api/queries';
import { PageTitle } from '../../components/PageTitle';
import { LoadError, Loading } from '../../components/States';
import { formatRange, type Language } from '../../format/datetime';
import { Bodies } from './Bodies';
import { Seats } from './Seats';
import { useIsClerk } from './SittingEditor';
import { bodyName } from './model';

export function CouncilPage() {
  const { t, i18n } = useTranslation();
  const sittings = useApi<CouncilSessionSummary[]>(['council', 'sessions'], '/api/council/sessions');
  const list = sittings.data ?? [];
  const isClerk = useIsClerk();
  return (
    <>
      <PageTitle title={t('council.title')}>{t('council.title')}</PageTitle>
      <p className="lead">{t('council.intro')}</p>
      <h2>{t('council.listHeading')}</h2>
      {isClerk ? (
        <p>
          <Link className="button button-primary" to="/council/new" data-testid="new-session">
            {t('council.editor.newTitle')}
          </Link>
        </p>
      ) : null}
      {sittings.isPending ? (
        <Loading />
      ) : sittings.isError ? (
        <LoadError error={sittings.error} retry={() => void sittings.refetch()} />
      ) : list.length === 0 ? (
        <p className="empty">{t('council.empty')}</p>
      ) : (
        <ul className="list card">
          {list.map((s) => (
            <li key={s.id} className="list-item">
              <div>
                <p className="list-title">
                  <Link to={`/council/${s.id}`}>{s.title}</Link>
                </p>
                <p className="muted">
                  {s.body ? `${bodyName(s.body, t)} · ` : ''}
                  {t(`council.sittingStatus.${s.status}`)}
                </p>
                {s.startsAt && s.endsAt ? (
                  <p className="muted">{formatRange(s.startsAt, s.endsAt, i18n.language as Language)}</p>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Bodies canEdit={isClerk} />
      <Seats canEdit={isClerk} />
      <h2>{t('council.register.heading')}</h2>
      <p>
        {t('council.register.intro')} <a href="/api/public/council/decisions?format=json">JSON</a> ·{' '}
        <a href="/api/public/council/decisions?format=csv">CSV</a>
      </p>
    </>
  );
}
