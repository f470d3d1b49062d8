import type { RecordingChapter } from '@egov-box/contracts';

/** `hh:mm:ss.ttt` of a WebVTT cue time. */
export function vttTime(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/** A cue's text on one line, safe in WebVTT: no `-->`, `&` and `<` as character references. */
function cueText(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A recording's chapters as a WebVTT chapters track: one cue per chapter, from its offset to
 * the next one's (the last to the recording's end, `duration` seconds), titled „т. N. Title“.
 */
export function chaptersVtt(chapters: RecordingChapter[], duration: number): string {
  const lines = ['WEBVTT', ''];
  chapters.forEach((c, n) => {
    const end = Math.max(chapters[n + 1]?.seconds ?? duration, c.seconds + 0.001);
    lines.push(String(n + 1), `${vttTime(c.seconds)} --> ${vttTime(end)}`, cueText(`т. ${c.position}. ${c.title}`), '');
  });
  return lines.join('\n');
}
