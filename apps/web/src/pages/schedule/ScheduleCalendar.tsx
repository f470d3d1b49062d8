import type { UpcomingMeetingView } from '@egov-box/contracts';
import FullCalendar from '@fullcalendar/react';
import bgLocale from '@fullcalendar/react/locales/bg';
import classicThemePlugin from '@fullcalendar/react/themes/classic';
import timeGridPlugin from '@fullcalendar/react/timegrid';
import '@fullcalendar/react/skeleton.css';
import '@fullcalendar/react/themes/classic/theme.css';
import '@fullcalendar/react/themes/classic/palette.css';
import { useTranslation } from 'react-i18next';
import { PORTAL_ZONE, type Language } from '../../format/datetime';

/**
 * My meetings as a FullCalendar time grid for one day or one week (Europe/Sofia, Bulgarian
 * locale, weeks from Monday). It is for the eye: the same meetings are listed beside it
 * with their actions, so the grid is hidden from assistive technology.
 */
export default function ScheduleCalendar({
  view,
  anchor,
  meetings,
  lang,
}: {
  view: 'day' | 'week';
  anchor: string;
  meetings: UpcomingMeetingView[];
  lang: Language;
}) {
  const { t } = useTranslation();
  return (
    <div aria-hidden="true" className="calendar" data-testid={`calendar-${view}`}>
      <FullCalendar
        key={`${view}-${anchor}-${lang}`}
        plugins={[timeGridPlugin, classicThemePlugin]}
        initialView={view === 'day' ? 'timeGridDay' : 'timeGridWeek'}
        initialDate={anchor}
        timeZone={PORTAL_ZONE}
        locales={[bgLocale]}
        locale={lang === 'bg' ? 'bg' : 'en-gb'}
        headerToolbar={false}
        allDaySlot={false}
        slotMinTime="07:00:00"
        slotMaxTime="21:00:00"
        height="auto"
        firstDay={1}
        // The portal's primary blue with white text (8.6:1); the theme's default is below 4.5:1.
        eventColor="#1d4f7a"
        eventContrastColor="#ffffff"
        events={meetings.map((m) => ({
          id: m.id,
          title: m.status === 'cancelled' ? `${m.title} (${t('schedule.cancelled')})` : m.title,
          start: m.startsAt,
          end: m.endsAt,
        }))}
      />
    </div>
  );
}
