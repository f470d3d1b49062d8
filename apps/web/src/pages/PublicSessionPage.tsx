import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isMissingEndpoint } from '../api/client';
import { useApi } from '../api/queries';
import type { CouncilSessionView } from '../api/types';
import { PageTitle } from '../components/PageTitle';
import { LoadError, Loading } from '../components/States';
import { SessionView } from './council/SessionView';

/** What a citizen sees without an account. */
export function PublicSessionPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const session = useApi<CouncilSessionView>(
    ['public', 'sessions', id],
    `/api/public/council/sessions/${encodeURIComponent(id)}`,
  );
  const title = session.data?.title ?? t('publicSession.title');
  return (
    <>
      <PageTitle title={title}>{title}</PageTitle>
      <p className="lead">{t('publicSession.intro')}</p>
      {session.isPending ? (
        <Loading />
      ) : session.isError ? (
        !isMissingEndpoint(session.error) && (session.error as { status?: number }).status === 404 ? (
          <p className="state state-error">{t('publicSession.notFound')}</p>
        ) : (
          <LoadError
            error={session.error}
            retry={() => void session.refetch()}
            unavailable={t('publicSession.unavailable')}
          />
        )
      ) : (
        <SessionView session={session.data} />
      )}
      <p>
        <Link to="/login">{t('publicSession.signIn')}</Link>
      </p>
    </>
  );
}
