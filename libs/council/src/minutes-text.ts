import { escapeHtml } from '@egov-box/platform';
import type {
  ElectionView,
  AgendaItemChangeView,
  AgendaItemState,
  CouncilMinutes,
  CouncilSessionStatus,
  MinutesSignatureView,
  MinutesStatus,
  MinutesText,
  MinutesTextBlock,
  MinutesTextItem,
  MinutesTextSection,
  SpeakerStatus,
  SpeakerView,
  VoteResult,
  VoteKind,
  VoteView,
} from '@egov-box/contracts';
import { DateTime } from 'luxon';

/**
 * The minutes' text, once for every format (issue 22, item 11): the wording and the formats of
 * dates, times and durations of the official record — in Bulgarian only — and `minutesText`,
 * which builds from the record the one model of headings, sections and lines that the HTML and
 * the PDF render as it is and the JSON carries as `text`.
 */

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
/** Where a request for the floor ended. */
export const SPEAKER_STATUS_BG: Record<SpeakerStatus, string> = {
  requested: 'не е получил думата',
  speaking: 'говори',
  finished: 'приключило',
  withdrawn: 'оттеглено',
};
/** The sitting's state (`closed` is ended: закрито — not a closed-door sitting). */
export const SESSION_STATUS_BG: Record<CouncilSessionStatus, string> = {
  draft: 'чернова',
  published: 'обявено',
  open: 'в ход',
  paused: 'прекъснато',
  closed: 'закрито',
};
export const SIGNER_BG = { chair: 'Председател', minute_taker: 'Протоколчик' } as const;
export const RECORDING_BG = { recording: 'записва се', complete: 'завършен', failed: 'неуспешен' } as const;

const VOTE_KIND_BG: Record<VoteKind, string> = {
  agenda: 'Приемане на дневния ред',
  agenda_change: 'Промяна в дневния ред',
  amendment: 'Предложение за изменение',
  decision: 'Проект на решение',
  procedural: 'Процедурно предложение',
};

const ITEM_STATE_BG: Record<AgendaItemState, string> = {
  proposed: 'предложена по време на заседанието, неприета още в дневния ред',
  scheduled: 'в дневния ред',
  rejected: 'предложена, не е включена в дневния ред',
  withdrawn: 'оттеглена от дневния ред',
  postponed: 'отложена, без решение',
};

const CHANGE_BG: Record<AgendaItemChangeView['change'], string> = {
  proposed: 'Предложена на',
  add: 'Гласувано включване',
  withdraw: 'Гласувано оттегляне',
  postponed: 'Гласувано отлагане',
};

/** What the minutes say of an item the sitting proposed, added, withdrew or postponed (nothing for the rest). */
export function agendaNotes(i: { state?: AgendaItemState; changes?: AgendaItemChangeView[] }): string[] {
  if (!i.changes?.length && (!i.state || i.state === 'scheduled')) return [];
  const notes = (i.changes ?? []).map((c) =>
    c.voteId && c.counts
      ? `${CHANGE_BG[c.change]} на ${dateTimeBg(c.at)}: „за“ ${c.counts.for}, „против“ ${c.counts.against}, „въздържал се“ ${c.counts.abstain} — ${c.outcome === 'adopted' ? 'прието' : 'неприето'}.`
      : sentence(`${CHANGE_BG[c.change]} ${dateTimeBg(c.at)}`),
  );
  return [...(i.state && i.state !== 'scheduled' ? [`Състояние: ${ITEM_STATE_BG[i.state]}.`] : []), ...notes];
}

/** How a vote ended, as the minutes say it (results kept before outcomes existed: by `passed`). */
export function outcomeBg(r: VoteResult): string {
  const outcome = (r as Partial<VoteResult>).outcome ?? (r.passed ? 'adopted' : 'rejected');
  return {
    adopted: 'Решението е прието.',
    rejected: 'Решението не е прието.',
    no_quorum: 'Няма кворум при гласуването: решение не е взето.',
  }[outcome];
}

/** The time zone of the record: every date and time of the minutes is Sofia's. */
export const MINUTES_ZONE = 'Europe/Sofia';
const MONTHS_BG = [
  'януари',
  'февруари',
  'март',
  'април',
  'май',
  'юни',
  'юли',
  'август',
  'септември',
  'октомври',
  'ноември',
  'декември',
];

const sofia = (iso: string) => DateTime.fromISO(iso, { zone: MINUTES_ZONE });

/** „2 декември 2026 г.“: the day in Sofia, the month in words, the year in four digits. */
export function dateBg(iso: string): string {
  const t = sofia(iso);
  return `${t.day} ${MONTHS_BG[t.month - 1]} ${t.year} г.`;
}

/** „09:05 ч.“: Sofia's wall-clock time, to the minute. */
export function timeBg(iso: string): string {
  return `${sofia(iso).toFormat('HH:mm')} ч.`;
}

/** „2 декември 2026 г., 09:05 ч.“; nothing recorded: „—“. */
export function dateTimeBg(iso: string | null | undefined): string {
  return iso ? `${dateBg(iso)}, ${timeBg(iso)}` : '—';
}

/** A duration in Bulgarian units: „2 с“, „2 мин 5 с“, „1 ч 2 мин“ (nothing recorded: „—“). */
export function durationBg(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const min = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts = [h ? `${h} ч` : '', min ? `${min} мин` : '', s || total === 0 ? `${s} с` : ''];
  return parts.filter(Boolean).join(' ');
}

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

/** A sentence ends with one full stop (a time's „ч.“ is one). */
const sentence = (text: string) => (text.endsWith('.') ? text : `${text}.`);
const p = (text: string, style?: 'title' | 'strong' | 'small'): MinutesTextBlock =>
  style ? { kind: 'paragraph', text, style } : { kind: 'paragraph', text };
const list = (items: (string | MinutesTextItem)[], ordered = false): MinutesTextBlock => ({
  kind: 'list',
  ordered,
  items: items.map((i) => (typeof i === 'string' ? { text: i } : i)),
});

/**
 * The minutes' text from the record and its frame: „Протокол № N“ — the number the law's
 * minutes carry (ЗМСМА чл. 29), which is the sitting's own number in its body's series within
 * the mandate, so the text speaks of the sitting („заседание“) without a second number.
 */
export function minutesText(m: CouncilMinutes, frame: MinutesFrame): MinutesText {
  const s = m.session;
  const items = new Map(s.items.map((i) => [i.id, i]));
  const itemRef = (id: string | null | undefined) => {
    const i = id ? items.get(id) : undefined;
    return i ? `т. ${i.position} „${i.title}“` : '';
  };
  const number = `Протокол № ${s.number}`;
  const version = frame.version > 1 ? ` (версия ${frame.version})` : '';
  const bodyName = s.body?.name ?? '';
  const held = s.openedAt ?? null;

  const preamble: MinutesTextBlock[] = [];
  if (m.mandate) preamble.push(p(`Мандат ${m.mandate}`));
  preamble.push(
    p(
      `от ${s.extraordinary ? 'извънредно ' : ''}заседание на ${bodyName || 'органа'}, ${
        held ? `проведено на ${dateBg(held)}` : `насрочено за ${dateBg(s.startsAt)}`
      }`,
    ),
  );
  preamble.push(p(s.title, 'title'));
  if (s.extraordinary && s.extraordinaryReason)
    preamble.push(p(`Причина за извънредното заседание: ${s.extraordinaryReason}`));
  // ЗМСМА чл. 28, ал. 2: a closed-door sitting (the public copy without the reason).
  if (s.closedDoor)
    preamble.push(
      p(
        sentence(
          `Заседанието е закрито по чл. 28, ал. 2 ЗМСМА${s.closedDoor.reason ? `: ${s.closedDoor.reason}` : ''}`,
        ),
      ),
    );
  if (s.form?.remote) {
    // ЗМСМА чл. 28а: the remote form, what it rests on, and how the members were identified.
    preamble.push(
      p(
        sentence(
          `Заседанието е проведено от разстояние по чл. 28а ЗМСМА чрез видеоконферентна връзка, на основание: ${s.form.emergencyReference}`,
        ),
      ),
    );
    const ids = s.form.identifications ?? [];
    preamble.push(
      p(
        ids.length
          ? sentence(
              `Самоличността на участващите е установена по образ и глас чрез видеовръзката: ${ids
                .map((i) => `${i.member.displayName} (${timeBg(i.confirmedAt)}, от ${i.confirmedBy.displayName})`)
                .join('; ')}`,
            )
          : 'Самоличност на участващи по видеовръзката не е установявана.',
      ),
    );
  }
  if (s.publishedAt) preamble.push(p(sentence(`Дневният ред е обявен на ${dateTimeBg(s.publishedAt)}`)));
  preamble.push(
    p(
      held
        ? sentence(`Открито на ${dateTimeBg(held)}; закрито на ${dateTimeBg(s.closedAt)}`)
        : `Насрочено за ${dateTimeBg(s.startsAt)}; не е открито.`,
    ),
  );
  preamble.push(p(`Състояние на заседанието: ${SESSION_STATUS_BG[s.status]}. Часовете са по българско време.`));
  if (frame.version > 1) preamble.push(p(`Версия ${frame.version}. Причина за поправката: ${frame.reason ?? ''}`));
  if (frame.status === 'draft') preamble.push(p('ПРОЕКТ — протоколът не е подписан и публикуван.', 'strong'));
  if (frame.status === 'signed') preamble.push(p('ПРОЕКТ — протоколът е подписан, но не е публикуван.', 'strong'));

  const sections: MinutesTextSection[] = [
    {
      heading: 'Дневен ред',
      blocks: [
        list(
          s.items.map((i) => ({
            number: i.position,
            text: `${i.title}${i.rapporteur ? ` — докладчик: ${i.rapporteur}` : ''} (гласуване: ${
              MODE_BG[i.voteMode]
            }; ${MAJORITY_BG[i.majority]})`,
            details: [
              ...agendaNotes(i),
              ...(i.closedDoor
                ? [
                    sentence(
                      `Закрита точка (чл. 28, ал. 2 ЗМСМА)${i.closedDoor.reason ? `: ${i.closedDoor.reason}` : ''}`,
                    ),
                  ]
                : []),
              sentence(`Правно основание: ${i.legalBasis || 'не е посочено'}`),
              ...(i.materials?.length
                ? i.materials.map((mat) => `Материал: ${mat.filename} (SHA-256 ${mat.sha256})`)
                : ['Материали: няма.']),
            ],
          })),
          true,
        ),
        ...(s.agendaAdoptedAt
          ? [p(sentence(`Дневният ред е приет с гласуване на ${dateTimeBg(s.agendaAdoptedAt)}`))]
          : []),
      ],
    },
    {
      heading: 'Присъствие',
      blocks: [
        p(`Кворум: присъстват ${s.quorum.present} от ${s.quorum.total}, необходими са ${s.quorum.required}.`),
        m.attendance.length
          ? list(
              m.attendance.map(
                (a) =>
                  `${a.member.displayName} — ${a.present ? 'присъства' : 'не присъства'}; регистриран: ${dateTimeBg(
                    a.checkedInAt,
                  )}; напуснал: ${dateTimeBg(a.checkedOutAt)}`,
              ),
            )
          : p('Няма регистрирани присъстващи.'),
        p(m.absent.length ? `Отсъстващи (${m.absent.length}):` : 'Отсъстващи: няма.'),
        ...(m.absent.length ? [list(m.absent.map((a) => a.displayName))] : []),
      ],
    },
    {
      heading: 'Конфликт на интереси',
      blocks: m.conflicts.length
        ? [
            list(
              m.conflicts.map(
                (c) =>
                  `${c.member.displayName} — ${itemRef(c.itemId)}: ${c.reason} (деклариран на ${dateTimeBg(
                    c.declaredAt,
                  )})`,
              ),
            ),
          ]
        : [p('Няма деклариран конфликт на интереси.')],
    },
    {
      heading: 'Гласувания',
      blocks: m.votes.length ? m.votes.flatMap((v) => vote(v)) : [p('Няма проведени гласувания.')],
    },
    // Elections (issue 15, part 3): only when the sitting held any, every round with its result.
    ...(m.elections?.length ? [{ heading: 'Избори', blocks: m.elections.flatMap((e) => election(e)) }] : []),
    {
      heading: 'Изказвания',
      blocks: m.speakers.length ? [list(m.speakers.map(speaker))] : [p('Няма изказвания.')],
    },
    {
      heading: 'Видеозапис',
      blocks: m.recordings.length
        ? [
            list(
              m.recordings.map((r) => {
                const text = `${dateTimeBg(r.startedAt)} – ${dateTimeBg(r.endedAt)}: ${RECORDING_BG[r.status]}`;
                return r.url ? { text: `${text} — ${r.url}`, link: r.url } : { text };
              }),
            ),
          ]
        : [p('Няма видеозапис.')],
    },
    {
      heading: 'Подписи',
      newPage: true,
      blocks: [
        p(`${frame.municipality} — ${number}${frame.version > 1 ? `, версия ${frame.version}` : ''}`),
        frame.signatures.length
          ? list(
              frame.signatures.map(
                (g) => `${SIGNER_BG[g.role]}: ${g.signer.displayName}, подписано на ${dateTimeBg(g.signedAt)}`,
              ),
            )
          : p('Протоколът още не е подписан.'),
        p('SHA-256 на подписаното съдържание (каноничният JSON запис, от който са изготвени PDF и HTML):', 'small'),
        { kind: 'code', text: frame.sha256 },
        ...(frame.publishedAt ? [p(sentence(`Публикуван на ${dateTimeBg(frame.publishedAt)}`), 'small')] : []),
      ],
    },
  ];

  return {
    language: 'bg',
    title: `${number}${version} — ${s.title}`,
    subject: `${number} — ${bodyName}`,
    masthead: frame.municipality,
    heading: number,
    preamble,
    sections,
  };

  function vote(v: VoteView & { itemTitle: string }): MinutesTextBlock[] {
    const on = itemRef(v.itemId) || (v.itemTitle ? `„${v.itemTitle}“` : '');
    // A vote of the procedure (issue 15) is named by its label; an item's decision as before.
    const head: MinutesTextBlock = {
      kind: 'subheading',
      text:
        v.kind && v.kind !== 'decision'
          ? `${v.label ?? VOTE_KIND_BG[v.kind]}${on && v.kind !== 'agenda_change' ? ` по ${on}` : ''} (${MODE_BG[v.mode]})`
          : `Гласуване по ${on}${v.label ? ` — ${v.label}` : ''} (${MODE_BG[v.mode]})`,
    };
    const out: MinutesTextBlock[] = [head];
    if (v.proposer) out.push(p(`Вносител: ${v.proposer.displayName}.`));
    if (v.text)
      out.push(p(`${v.kind === 'amendment' ? 'Текст на предложението' : 'Текст, поставен на гласуване'}: ${v.text}`));
    out.push(p(`Правило: ${MAJORITY_BG[v.majority]}.`));
    const r = v.result;
    if (!r) return [...out, p(`Открито на ${dateTimeBg(v.openedAt)}. Гласуването не е приключило.`)];
    out.push(
      p(sentence(`Открито на ${dateTimeBg(v.openedAt)}; приключено на ${dateTimeBg(v.closedAt)}`)),
      p(
        `Присъстващи: ${r.present} от ${r.members}; с право на глас: ${r.entitled}; необходими гласове „за“: ${r.required}.`,
      ),
      p(`„За“: ${r.counts.for}, „против“: ${r.counts.against}, „въздържал се“: ${r.counts.abstain}.`),
      p(outcomeBg(r), 'strong'),
    );
    if (v.decision?.number) out.push(p(`Решение № ${v.decision.number}.`, 'strong'));
    if (v.roll?.length) out.push(list(v.roll.map((e) => `${e.member.displayName}: ${CHOICE_BG[e.choice]}`)));
    return out;
  }

  function election(e: ElectionView): MinutesTextBlock[] {
    const names = new Map(e.candidates.map((c) => [c.id, c.displayName]));
    const out: MinutesTextBlock[] = [
      {
        kind: 'subheading',
        text: `Избор на ${e.office} по ${itemRef(e.itemId)} — ${e.round === 1 ? 'първи' : 'втори'} тур (тайно${
          e.mode === 'paper' ? ', с хартиени бюлетини' : ''
        })`,
      },
      p(`Кандидати: ${e.candidates.map((c) => c.displayName).join(', ')}.`),
    ];
    const r = e.result;
    if (!r) return [...out, p(`Открит на ${dateTimeBg(e.openedAt)}. Изборът не е приключил.`)];
    out.push(
      p(sentence(`Открит на ${dateTimeBg(e.openedAt)}; приключен на ${dateTimeBg(e.closedAt)}`)),
      p(
        `Присъстващи: ${r.present} от ${r.seats}; гласували: ${r.voters}; необходими за избор: ${r.required} (повече от половината от общия брой на съветниците, чл. 24, ал. 1 ЗМСМА).`,
      ),
      list(r.votes.map((v) => `${names.get(v.candidateId) ?? ''}: ${v.votes}`)),
      p(`Празни бюлетини (никой): ${r.blank}${e.mode === 'paper' ? `; недействителни: ${r.invalid}` : ''}.`),
    );
    if (e.commission)
      out.push(
        p(
          `Преброителна комисия: ${e.commission.clerk.displayName} (служител), ${e.commission.members
            .map((m) => m.displayName)
            .join(', ')}.`,
        ),
      );
    const outcome =
      r.outcome === 'elected'
        ? `Избран: ${names.get(r.electedId ?? '') ?? ''}.`
        : r.outcome === 'second_round'
          ? `Никой не е избран; втори тур между ${r.runoff.map((id) => names.get(id) ?? '').join(', ')}.`
          : r.outcome === 'no_quorum'
            ? 'Няма кворум: изборът не е проведен.'
            : 'Никой не е избран.';
    out.push(p(outcome, 'strong'));
    if (e.decision?.number) out.push(p(`Решение № ${e.decision.number}.`, 'strong'));
    return out;
  }

  function speaker(sp: SpeakerView): string {
    const on = itemRef(sp.itemId);
    const time = sp.seconds !== null && sp.status !== 'withdrawn' ? `, ${durationBg(sp.seconds)}` : '';
    return `${sp.member.displayName} — ${SPEAKER_BG[sp.kind]}${on ? ` по ${on}` : ''}${time} (${
      SPEAKER_STATUS_BG[sp.status]
    })`;
  }
}

/**
 * Every line of the text in reading order, as a reader of the HTML or the PDF sees it (the
 * numbers of an ordered list aside): what the tests compare between the formats.
 */
export function minutesLines(t: MinutesText): string[] {
  const block = (b: MinutesTextBlock): string[] =>
    b.kind === 'list' ? b.items.flatMap((i) => [i.text, ...(i.details ?? [])]) : [b.text];
  return [
    t.masthead,
    t.heading,
    ...t.preamble.flatMap(block),
    ...t.sections.flatMap((s) => [s.heading, ...s.blocks.flatMap(block)]),
  ];
}

/** Text (or a number) safe inside HTML: the platform's one escaper. */
export function esc(s: string | number | null | undefined): string {
  return escapeHtml(String(s ?? ''));
}
