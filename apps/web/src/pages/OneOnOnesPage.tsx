import { useTranslation } from 'react-i18next';
import { PageTitle } from '../components/PageTitle';
import { NotAvailable } from '../components/States';

/** The one-on-one API (free slots, requests) is being built; nothing to show until it lands. */
export function OneOnOnesPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle title={t('oneOnOnes.title')}>{t('oneOnOnes.title')}</PageTitle>
      <p className="lead">{t('oneOnOnes.intro')}</p>
      <NotAvailable text={t('oneOnOnes.unavailable')} />
    </>
  );
}
