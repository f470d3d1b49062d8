import FullCalendar from '@fullcalendar/react';
import bgLocale from '@fullcalendar/react/locales/bg';
import classicThemePlugin from '@fullcalendar/react/themes/classic';
import timeGridPlugin from '@fullcalendar/react/timegrid';
import '@fullcalendar/react/skeleton.css';
import '@fullcalendar/react/themes/classic/theme.css';
import '@fullcalendar/react/themes/classic/palette.css';
import './calendar.css';
import { PORTAL_ZONE, type Language } from '../../format/datetime';

/** How a slot is drawn: each kind has its own colour, all with white text at ≥ 7:1. */
export type CalendarSlotKind = 'busy' | 'tentative' | 'cancelled';

export interface CalendarSlot {
  id: string;
  title: string;
  start: string;
  end: string;
  kind: CalendarSlotKind;
}

/** Background colours of the slots (white text on each: 8.6:1, 7.1:1, 7.6:1 — WCAG AA asks 4.5:1). */
export const SLOT_COLOURS: Record<CalendarSlotKind, string> = {
  busy: '#1d4f7a',
  tentative: '#8a4a00',
  cancelled: '#4b5563',
};

/**
 * The portal's one time-grid calendar (the schedule and the halls): Europe/Sofia, weeks from
 * Monday, Bulgarian or English, 07:00–21:00, and colours that keep WCAG AA contrast in every
 * state the grid can show (today, past days, weekends, busy, tentative and cancelled slots) —
 * see calendar.css. It is for the eye: each page lists the same slots beside it as text, so
 * the grid is hidden from assistive technology.
 */
export default function WeekCalendar({
  view,
  anchor,
  slots,
  lang,
  testId,
}: {
  view: 'day' | 'week';
  /** The day shown, or any day of the week shown (YYYY-MM-DD, Sofia). */
  anchor: string;
  slots: CalendarSlot[];
  lang: Language;
  testId?: string;
}) {
  return (
    <div aria-hidden="true" className="calendar" data-testid={testId}>
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
        eventContrastColor="#ffffff"
        events={slots.map((s) => ({
          id: s.id,
          title: s.title,
          start: s.start,
          end: s.end,
          color: SLOT_COLOURS[s.kind],
          className: `slot-${s.kind}`,
        }))}
      />
    </div>
  );
}
