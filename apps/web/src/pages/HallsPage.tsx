import { useTranslation } from 'react-i18next';
import { useApi } from '../api/queries';
import { listOf, type SpaceView } from '../api/types';
import { PageTitle } from '../components/PageTitle';
import { LoadError, Loading } from '../components/States';

export function HallsPage() {
  const { t } = useTranslation();
  const halls = useApi<SpaceView[] | { items: SpaceView[] }>(['halls'], '/api/halls');
  const list = halls.data ? listOf(halls.data) : [];
  return (
    <>
      <PageTitle title={t('halls.title')}>{t('halls.title')}</PageTitle>
      <p className="lead">{t('halls.intro')}</p>
      {halls.isPending ? (
        <Loading />
      ) : halls.isError ? (
        <LoadError error={halls.error} retry={() => void halls.refetch()} unavailable={t('halls.unavailable')} />
      ) : list.length === 0 ? (
        <p className="empty">{t('halls.empty')}</p>
      ) : (
        <ul className="grid cards">
          {list.map((hall) => (
            <li key={hall.id} className="card">
              <h2>{hall.name}</h2>
              {hall.capacity ? <p>{t('common.capacity', { count: hall.capacity })}</p> : null}
              {hall.location ? <p>{t('common.location', { location: hall.location })}</p> : null}
              {hall.equipment?.length ? <p>{t('common.equipment', { list: hall.equipment.join(', ') })}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
