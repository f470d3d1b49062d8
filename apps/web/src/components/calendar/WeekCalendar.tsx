import FullCalendar from '@fullcalendar/react';
import bgLocale from '@fullcalendar/react/locales/bg';
import classicThemePlugin from '@fullcalendar/react/themes/classic';
import timeGridPlugin from '@fullcalendar/react/timegrid';
import '@fullcalendar/react/skeleton.css';
import '@fullcalendar/react/themes/classic/theme.css';
import '@fullcalendar/react/themes/classic/palette.css';
import './calendar.css';
import { formatRange, PORTAL_ZONE, type Language } from '../../format/datetime';
import { columnDate, formatDayHeader } from './days';

/**
 * How a slot is drawn: each kind has its own colour, all with white text at ≥ 6.5:1; `own` is
 * the viewer's own booking (its text says so too, colour is never the only sign).
 */
export type CalendarSlotKind = 'busy' | 'tentative' | 'cancelled' | 'own';

export interface CalendarSlot {
  id: string;
  title: string;
  start: string;
  end: string;
  kind: CalendarSlotKind;
}

/** Slots this short (minutes) show their title alone, on one line: their time is on the axis. */
export const SHORT_SLOT_MINUTES = 30;

/** True for a slot drawn as one line (its title only). */
export function isShortSlot(slot: Pick<CalendarSlot, 'start' | 'end'>): boolean {
  return Date.parse(slot.end) - Date.parse(slot.start) <= SHORT_SLOT_MINUTES * 60_000;
}

/** Background colours of the slots (white text on each: 8.6:1, 7.1:1, 7.6:1, 6.5:1 — WCAG AA asks 4.5:1). */
export const SLOT_COLOURS: Record<CalendarSlotKind, string> = {
  busy: '#1d4f7a',
  tentative: '#8a4a00',
  cancelled: '#4b5563',
  own: '#1e6b34',
};

/**
 * The portal's one time-grid calendar (the schedule and the halls): Europe/Sofia, weeks from
 * Monday, each column headed by its weekday and date, Bulgarian or English, 07:00–21:00, and
 * colours that keep WCAG AA contrast in every state the grid can show (today, past days,
 * weekends, busy, tentative, cancelled and own slots) — see calendar.css. It is for the eye: each page lists the same slots beside it as text, so
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
        // FullCalendar's Bulgarian locale has no word for the timed part of the grid: its
        // (hidden) label would read "Timed" in the Bulgarian interface.
        timedText={lang === 'bg' ? 'По часове' : 'Timed'}
        slotMinTime="07:00:00"
        slotMaxTime="21:00:00"
        height="auto"
        firstDay={1}
        // Weekday and date on every column ("пн 7.12"), also where FullCalendar would shrink
        // the heading to a single letter on a narrow screen.
        dayHeaderContent={(arg) => (
          <span className="day-header">{formatDayHeader(columnDate(view, anchor, arg.dow), lang)}</span>
        )}
        eventContrastColor="#ffffff"
        // Half an hour is at least 32 px high and nothing is thinner than one line, so a short
        // meeting shows its title legibly (one line, cut with an ellipsis; the whole of it in the
        // tooltip) instead of time and title squeezed into a sliver.
        slotMinHeight={32}
        eventMinHeight={24}
        eventContent={(arg) => {
          // The slot as given (FullCalendar's own dates are shifted to the portal's zone).
          const slot = slots.find((s) => s.id === arg.event.id);
          const short = slot ? isShortSlot(slot) : false;
          return (
            <div
              className={short ? 'slot-content slot-short' : 'slot-content'}
              title={slot ? `${formatRange(slot.start, slot.end, lang)} — ${slot.title}` : arg.event.title}
            >
              {short ? null : <div className="slot-line slot-time">{arg.timeText}</div>}
              <div className="slot-line slot-title">{arg.event.title}</div>
            </div>
          );
        }}
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
