import {
  MATERIAL_CONTENT_TYPES,
  MATERIAL_MAX_BYTES,
  type AgendaItemView,
  type CouncilSessionView,
  type SpeakerView,
  type VoteResult,
} from '@egov-box/contracts';
import { ApiError } from '../../api/client';

/** Client-side council logic; the material types and size limit are the contract's. */

export const MATERIAL_ACCEPT = ['.pdf', '.docx', '.odt', ...Object.values(MATERIAL_CONTENT_TYPES)].join(',');

export type MaterialCheck =
  { ok: true; contentType: string } | { ok: false; reason: 'type' | 'size' | 'empty'; maxBytes: number };

/**
 * The Content-Type to send a chosen file with: the browser's type when it is one of the three,
 * else by the file's extension (browsers often leave .odt/.docx untyped). The server checks
 * the bytes again.
 */
export function checkMaterial(file: { name: string; type: string; size: number }): MaterialCheck {
  const fail = (reason: 'type' | 'size' | 'empty'): MaterialCheck => ({
    ok: false,
    reason,
    maxBytes: MATERIAL_MAX_BYTES,
  });
  const known = Object.values(MATERIAL_CONTENT_TYPES) as string[];
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
  const byExt = (MATERIAL_CONTENT_TYPES as Record<string, string>)[ext];
  const contentType = known.includes(file.type) ? file.type : byExt;
  if (!contentType) return fail('type');
  if (file.size === 0) return fail('empty');
  if (file.size > MATERIAL_MAX_BYTES) return fail('size');
  return { ok: true, contentType };
}

/** The units of file sizes: Bulgarian writes them in Cyrillic (байт, килобайт, мегабайт). */
const SIZE_UNITS = { bg: ['Б', 'КБ', 'МБ'], en: ['B', 'KB', 'MB'] } as const;

/** "1,4 МБ" / "820 КБ" / "12 Б" in Bulgarian, "1.4 MB" / "820 KB" / "12 B" in English (a non-breaking space before the unit). */
export function formatSize(bytes: number, lang: string): string {
  const en = lang === 'en';
  const [b, kb, mb] = SIZE_UNITS[en ? 'en' : 'bg'];
  const nf = (n: number) => n.toLocaleString(en ? 'en-GB' : 'bg-BG', { maximumFractionDigits: 1 });
  if (bytes >= 1024 * 1024) return `${nf(bytes / (1024 * 1024))}\u00a0${mb}`;
  if (bytes >= 1024) return `${nf(bytes / 1024)}\u00a0${kb}`;
  return `${bytes}\u00a0${b}`;
}

/** Seconds as m:ss (h:mm:ss from an hour on). */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * How long a speaker has spoken by `now`: the server's figure when the list arrived plus the
 * time since (so a wrong clock in the browser does not matter); finished speeches as told.
 */
export function speakingSeconds(s: SpeakerView, receivedAt: number, now: number): number | null {
  if (s.status === 'speaking') return (s.seconds ?? 0) + Math.max(0, Math.floor((now - receivedAt) / 1000));
  return s.seconds;
}

export type VoteBlock =
  { blocked: false } | { blocked: true; reason: 'conflict'; detail: string } | { blocked: true; reason: 'absent' };

/** Whether the member may vote on the item, and why not (declared conflict, not present). */
export function voteBlock(sitting: CouncilSessionView, item: AgendaItemView | undefined, userId: string): VoteBlock {
  const conflict = item?.conflicts.find((c) => c.member.id === userId);
  if (conflict) return { blocked: true, reason: 'conflict', detail: conflict.reason };
  const me = sitting.attendance.find((a) => a.member.id === userId);
  if (!me?.present) return { blocked: true, reason: 'absent' };
  return { blocked: false };
}

/** A speaker's request as an action returned it, merged into the list (the event may follow). */
export function mergeSpeaker(list: SpeakerView[], s: SpeakerView): SpeakerView[] {
  const before = list.find((x) => x.id === s.id);
  const rest = list.filter((x) => x.id !== s.id);
  // Granting the floor ends whoever was speaking.
  const fixed =
    s.status === 'speaking'
      ? rest.map((x) => (x.status === 'speaking' ? { ...x, status: 'finished' as const } : x))
      : rest;
  // An action's answer places the request within a list of one (always 1st): keep the place
  // the list had (a new request has none, so it waits last) until the speakers' event comes.
  const merged: SpeakerView = {
    ...s,
    queuePosition: s.status === 'requested' ? (before?.queuePosition ?? null) : null,
  };
  return [...fixed, merged].sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
}

/**
 * The floor in order: whoever speaks, then the waiting requests by the chair's queue
 * (`queuePosition` when the server sends it, else the time of asking).
 */
export function floorQueue(speakers: SpeakerView[]): SpeakerView[] {
  const place = (s: SpeakerView) => s.queuePosition ?? Number.MAX_SAFE_INTEGER;
  const speaking = speakers.filter((s) => s.status === 'speaking');
  const waiting = speakers
    .filter((s) => s.status === 'requested')
    .sort((a, b) => place(a) - place(b) || a.requestedAt.localeCompare(b.requestedAt));
  return [...speaking, ...waiting];
}

/** The message key for a refused video join or viewer token, or null for the common error texts. */
export function videoErrorKey(err: unknown): string | null {
  if (err instanceof ApiError && err.code === 'video_not_configured') return 'council.videoNotConfigured';
  if (err instanceof ApiError && (err.code === 'session_not_live' || err.status === 409)) return 'council.videoNotLive';
  return null;
}

/** The body's name in the page's language: the council is named by the portal, committees by their own name. */
export function bodyName(b: { kind: string; name: string }, t: (key: string) => string): string {
  return b.kind === 'council' ? t('council.body.council') : b.name;
}

/** The i18n key of how a closed vote ended (results stored before outcomes existed: by `passed`). */
export function outcomeKey(
  result: Omit<VoteResult, 'outcome'> & { outcome?: VoteResult['outcome'] },
): 'council.passed' | 'council.rejected' | 'council.noQuorum' {
  const outcome = result.outcome ?? (result.passed ? 'adopted' : 'rejected');
  return outcome === 'adopted' ? 'council.passed' : outcome === 'no_quorum' ? 'council.noQuorum' : 'council.rejected';
}

/**
 * The positions of the agenda items that would be left without a decision if the sitting
 * closed now: those without a closed vote that ended with the quorum (a vote that ends without
 * it adopts nothing, ЗМСМА чл. 27, ал. 2). Said before the chair closes the sitting.
 */
export function undecidedItems(sitting: Pick<CouncilSessionView, 'items' | 'votes'>): number[] {
  const decided = new Set(
    sitting.votes
      .filter((v) => v.status === 'closed' && v.result && v.result.outcome !== 'no_quorum')
      .map((v) => v.itemId),
  );
  return [...sitting.items]
    .sort((a, b) => a.position - b.position)
    .filter((i) => !decided.has(i.id))
    .map((i) => i.position);
}
