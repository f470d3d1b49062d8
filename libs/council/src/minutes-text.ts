import type { MinutesSignatureView, MinutesStatus, VoteResult } from '@egov-box/contracts';

/** Bulgarian wording of the minutes (HTML and PDF). */
export const CHOICE_BG = { for: '„за“', against: '„против“', abstain: '„въздържал се“' } as const;
export const MODE_BG = { open: 'явно', roll_call: 'поименно', secret: 'тайно' } as const;
export const MAJORITY_BG = {
  present: 'мнозинство от присъстващите',
  all: 'мнозинство от общия брой съветници',
  two_thirds_all: 'две трети от общия брой съветници',
} as const;
export const SPEAKER_BG = {
  speech: 'изказване',
  reply: 'реплика',
  counter_reply: 'дуплика',
  procedural: 'процедурно предложение',
} as const;

/** How a vote ended, as the minutes say it (results kept before outcomes existed: by `passed`). */
export function outcomeBg(r: VoteResult): string {
  const outcome = (r as Partial<VoteResult>).outcome ?? (r.passed ? 'adopted' : 'rejected');
  return {
    adopted: 'Решението е прието.',
    rejected: 'Решението не е прието.',
    no_quorum: 'Няма кворум при гласуването: решение не е взето.',
  }[outcome];
}

export const SIGNER_BG = { chair: 'Председател', minute_taker: 'Протоколчик' } as const;

/** What the rendered minutes show around the record: the version, its status and signatures. */
export interface MinutesFrame {
  /** The municipality (the council's name when no other is configured). */
  municipality: string;
  version: number;
  reason: string | null;
  status: MinutesStatus;
  /** SHA-256 of the canonical content. */
  sha256: string;
  signatures: MinutesSignatureView[];
  publishedAt: string | null;
}

export const RECORDING_BG = { recording: 'записва се', complete: 'завършен', failed: 'неуспешен' } as const;

export function esc(s: string | number | null | undefined): string {
  return String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

export const time = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString('bg-BG', {
        timeZone: 'Europe/Sofia',
        dateStyle: 'short',
        timeStyle: 'medium',
      })
    : '';
