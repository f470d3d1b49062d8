import type { CouncilSessionSummary } from '@egov-box/contracts';

export type EmbedChoice =
  | { kind: 'live'; sitting: CouncilSessionSummary }
  | { kind: 'next'; sitting: CouncilSessionSummary }
  | { kind: 'none' };

const byStart = (a: CouncilSessionSummary, b: CouncilSessionSummary) =>
  Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.number - b.number;

/**
 * Which sitting the embedded view shows, from the public upcoming sittings: the one live now
 * (open or paused; when several bodies sit at once, the council's own first, else the earliest),
 * else the next published one that has not ended, else none.
 */
export function pickSitting(sittings: readonly CouncilSessionSummary[], now: Date): EmbedChoice {
  const live = sittings.filter((s) => s.status === 'open' || s.status === 'paused').sort(byStart);
  if (live.length) return { kind: 'live', sitting: live.find((s) => s.body?.kind === 'council') ?? live[0]! };
  const next = sittings
    .filter((s) => s.status === 'published' && Date.parse(s.endsAt) >= now.getTime())
    .sort(byStart)[0];
  return next ? { kind: 'next', sitting: next } : { kind: 'none' };
}
