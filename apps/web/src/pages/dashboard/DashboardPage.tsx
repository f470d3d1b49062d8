import { useTranslation } from 'react-i18next';
import { useUser } from '../../auth/AuthContext';
import { PageTitle } from '../../components/PageTitle';
import { formatWeekdayDate, partOfDay, type Language } from '../../format/datetime';
import { useNow } from '../../format/useNow';
import { NotificationsControl } from '../../notifications/NotificationsControl';
import { ColleaguesSection } from './ColleaguesSection';
import { KnocksSection } from './KnocksSection';
import { MyRoomSection } from './MyRoomSection';
import { OneOnOneRequestsSection } from './OneOnOneRequestsSection';
import { UpcomingSection } from './UpcomingSection';

export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const now = useNow(60_000);
  const greeting = t(`dashboard.greeting.${partOfDay(now)}`, { name: user.displayName });
  return (
    <>
      <PageTitle title={t('dashboard.title')}>{greeting}</PageTitle>
      <p className="lead">{t('dashboard.today', { date: formatWeekdayDate(now, i18n.language as Language) })}</p>
      <div className="grid">
        <MyRoomSection />
        <KnocksSection />
        <UpcomingSection />
        <ColleaguesSection />
        <OneOnOneRequestsSection />
        <NotificationsControl />
      </div>
    </>
  );
}
