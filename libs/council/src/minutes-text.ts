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
