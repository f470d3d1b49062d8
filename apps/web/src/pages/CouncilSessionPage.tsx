import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useApi } from '../api/queries';
import type { CouncilSessionView } from '../api/types';
import { PageTitle } from '../components/PageTitle';
import { LoadError, Loading } from '../components/States';
import { SessionView } from './council/SessionView';

export function CouncilSessionPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const session = useApi<CouncilSessionView>(
    ['council', 'sessions', id],
    `/api/council/sessions/${encodeURIComponent(id)}`,
  );
  const title = session.data?.title ?? t('council.sessionTitle');
  return (
    <>
      <PageTitle title={title}>{title}</PageTitle>
      {session.isPending ? (
        <Loading />
      ) : session.isError ? (
        <LoadError error={session.error} retry={() => void session.refetch()} unavailable={t('council.unavailable')} />
      ) : (
        <SessionView session={session.data} />
      )}
    </>
  );
}
