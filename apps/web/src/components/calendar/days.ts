import { DateTime } from 'luxon';
import { PORTAL_ZONE, type Language } from '../../format/datetime';

/**
 * The date (YYYY-MM-DD, Sofia) of a calendar column, from the day shown (day view) or any day
 * of the week shown (week view, Monday first) and FullCalendar's weekday number (0 = Sunday).
 * Worked out from the anchor rather than from FullCalendar's Date, which is shifted to the
 * browser's own zone.
 */
export function columnDate(view: 'day' | 'week', anchor: string, dow: number): string {
  const day = DateTime.fromISO(anchor, { zone: PORTAL_ZONE });
  if (view === 'day') return day.toISODate()!;
  return day
    .startOf('week')
    .plus({ days: (dow + 6) % 7 })
    .toISODate()!;
}

/** A column's heading, short enough for a phone: "пн 7.12", "Mon 7/12". */
export function formatDayHeader(date: string, lang: Language): string {
  const d = DateTime.fromISO(date, { zone: PORTAL_ZONE });
  return lang === 'bg' ? d.setLocale('bg').toFormat('ccc d.M') : d.setLocale('en-GB').toFormat('ccc d/M');
}
