import { useTranslation } from 'react-i18next';
import { PageTitle } from '../components/PageTitle';
import { UpcomingSection } from './dashboard/UpcomingSection';

export function SchedulePage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle title={t('schedule.title')}>{t('schedule.title')}</PageTitle>
      <p className="lead">{t('schedule.intro')}</p>
      <UpcomingSection limit={50} />
    </>
  );
}
