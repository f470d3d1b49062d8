import { DateTime } from 'luxon';

/** Every wall-clock time in the portal is shown in the municipality's zone. */
export const PORTAL_ZONE = 'Europe/Sofia';

export type Language = 'bg' | 'en';

const LOCALE: Record<Language, string> = { bg: 'bg', en: 'en-GB' };

// Bulgarian conventions: "5 декември 2025 г.", "14:30 ч.", day-month order, 24-hour clock.
const FORMATS: Record<Language, { date: string; weekdayDate: string; time: string; short: string }> = {
  bg: { date: "d MMMM yyyy 'г.'", weekdayDate: "cccc, d MMMM yyyy 'г.'", time: "HH:mm 'ч.'", short: "dd.MM.yyyy 'г.'" },
  en: { date: 'd MMMM yyyy', weekdayDate: 'cccc, d MMMM yyyy', time: 'HH:mm', short: 'dd/MM/yyyy' },
};

function inSofia(instant: string | Date, lang: Language): DateTime {
  const dt = typeof instant === 'string' ? DateTime.fromISO(instant, { setZone: false }) : DateTime.fromJSDate(instant);
  return dt.setZone(PORTAL_ZONE).setLocale(LOCALE[lang]);
}

/** "5 декември 2025 г." */
export function formatDate(instant: string | Date, lang: Language): string {
  const dt = inSofia(instant, lang);
  return dt.isValid ? dt.toFormat(FORMATS[lang].date) : '';
}

/** "петък, 5 декември 2025 г." */
export function formatWeekdayDate(instant: string | Date, lang: Language): string {
  const dt = inSofia(instant, lang);
  return dt.isValid ? dt.toFormat(FORMATS[lang].weekdayDate) : '';
}

/** "14:30 ч." */
export function formatTime(instant: string | Date, lang: Language): string {
  const dt = inSofia(instant, lang);
  return dt.isValid ? dt.toFormat(FORMATS[lang].time) : '';
}

/** "5 декември 2025 г., 14:30 ч." */
export function formatDateTime(instant: string | Date, lang: Language): string {
  const dt = inSofia(instant, lang);
  return dt.isValid ? `${dt.toFormat(FORMATS[lang].date)}, ${dt.toFormat(FORMATS[lang].time)}` : '';
}

/**
 * A meeting's time: "5 декември 2025 г., 14:30–15:30 ч." on one day, both ends in full
 * when it spans days. Times without the "ч." suffix inside the range, once at the end.
 */
export function formatRange(start: string | Date, end: string | Date, lang: Language): string {
  const a = inSofia(start, lang);
  const b = inSofia(end, lang);
  if (!a.isValid || !b.isValid) return '';
  if (a.hasSame(b, 'day')) {
    const suffix = lang === 'bg' ? ' ч.' : '';
    return `${a.toFormat(FORMATS[lang].date)}, ${a.toFormat('HH:mm')}–${b.toFormat('HH:mm')}${suffix}`;
  }
  return `${formatDateTime(start, lang)} – ${formatDateTime(end, lang)}`;
}

/** The ISO string for a <time dateTime> attribute (with the Sofia offset). */
export function isoInSofia(instant: string | Date): string {
  return inSofia(instant, 'en').toISO() ?? '';
}

/** Which part of the day it is in Sofia, for the greeting. */
export function partOfDay(now: Date = new Date()): 'morning' | 'day' | 'evening' {
  const hour = DateTime.fromJSDate(now).setZone(PORTAL_ZONE).hour;
  if (hour >= 4 && hour < 11) return 'morning';
  if (hour >= 11 && hour < 18) return 'day';
  return 'evening';
}
