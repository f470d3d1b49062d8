import { escapeHtml } from './mail.service.js';

/** One line of a mail: plain text, or a label with a value, or a link. */
export type MailLine = string | { label: string; value: string } | { link: string; text: string };

/**
 * The plain-text and HTML bodies of a mail from the same lines (the HTML escapes everything it
 * is given; links must be http(s)). `lang` is the mail's language (the `<html lang>`).
 */
export function mailBodies(
  lang: 'bg' | 'en',
  heading: string,
  lines: MailLine[],
  footer: string,
): { text: string; html: string } {
  const text = [heading, '', ...lines.map(textLine), '', '—', footer].join('\n');
  const html =
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(heading)}</title></head>` +
    `<body style="font-family:sans-serif;line-height:1.5"><h1 style="font-size:1.25em">${escapeHtml(heading)}</h1>` +
    lines.map(htmlLine).join('') +
    `<hr><p style="color:#444;font-size:.9em">${escapeHtml(footer)}</p></body></html>`;
  return { text, html };
}

function textLine(l: MailLine): string {
  if (typeof l === 'string') return l;
  if ('label' in l) return `${l.label}: ${l.value}`;
  return `${l.text}: ${l.link}`;
}

function htmlLine(l: MailLine): string {
  if (typeof l === 'string') return `<p>${escapeHtml(l)}</p>`;
  if ('label' in l) return `<p><strong>${escapeHtml(l.label)}:</strong> ${escapeHtml(l.value)}</p>`;
  const safe = /^https?:\/\//.test(l.link) ? l.link : '#';
  return `<p><a href="${escapeHtml(safe)}">${escapeHtml(l.text)}</a></p>`;
}

const FORMATS = {
  bg: new Intl.DateTimeFormat('bg-BG', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Sofia' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Sofia' }),
};
const TIMES = {
  bg: new Intl.DateTimeFormat('bg-BG', { timeStyle: 'short', timeZone: 'Europe/Sofia' }),
  en: new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone: 'Europe/Sofia' }),
};

/** `четвъртък, 10 декември 2026 г., 10:00 – 11:00` in Sofia time. */
export function mailTimeRange(lang: 'bg' | 'en', start: Date, end: Date): string {
  return `${FORMATS[lang].format(start)} – ${TIMES[lang].format(end)}`;
}

/** The footer every mail carries (why they got it, where to turn it off). */
export function mailFooter(lang: 'bg' | 'en'): string {
  return lang === 'en'
    ? 'eGov Box. You can choose which messages you get by mail in your settings in the portal.'
    : 'eGov Box. Кои съобщения получавате по пощата избирате в настройките си в портала.';
}
