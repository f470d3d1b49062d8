import { describe, expect, it } from '@jest/globals';
import {
  COUNCIL_SESSION_STATUSES,
  SPEAKER_STATUSES,
  type CouncilMinutes,
  type MinutesStatus,
  type MinutesText,
} from '@egov-box/contracts';
import { renderMinutesHtml } from './minutes-html.js';
import {
  dateBg,
  dateTimeBg,
  durationBg,
  minutesLines,
  minutesText,
  SESSION_STATUS_BG,
  SPEAKER_STATUS_BG,
  type MinutesFrame,
} from './minutes-text.js';

/** What the old minutes printed and the official record must not: English states, two-digit years. */
const ENGLISH_STATES = /\b(draft|published|open|paused|closed|requested|speaking|finished|withdrawn|s)\b/;
const TWO_DIGIT_YEAR = /\b\d{1,2}\.\d{1,2}\.\d{2}(?!\d)/;

describe('dates and times of the minutes: Sofia time, the month in words, four-digit years', () => {
  it.each([
    // instant, date, date and time
    ['2026-12-02T08:05:00.000Z', '2 декември 2026 г.', '2 декември 2026 г., 10:05 ч.'],
    ['2026-07-15T21:30:00.000Z', '16 юли 2026 г.', '16 юли 2026 г., 00:30 ч.'], // summer time, the next day in Sofia
    ['2026-12-31T22:30:00.000Z', '1 януари 2027 г.', '1 януари 2027 г., 00:30 ч.'], // the next year in Sofia
    ['2026-03-29T00:59:00.000Z', '29 март 2026 г.', '29 март 2026 г., 02:59 ч.'], // before the clocks go forward
    ['2026-03-29T01:00:00.000Z', '29 март 2026 г.', '29 март 2026 г., 04:00 ч.'], // after
    ['2026-10-25T00:30:00.000Z', '25 октомври 2026 г.', '25 октомври 2026 г., 03:30 ч.'], // the hour repeated
    ['2009-05-06T07:00:00.000Z', '6 май 2009 г.', '6 май 2009 г., 10:00 ч.'],
  ])('%s → %s / %s', (iso, date, dateTime) => {
    expect(dateBg(iso)).toBe(date);
    expect(dateTimeBg(iso)).toBe(dateTime);
    expect(dateTime).not.toMatch(TWO_DIGIT_YEAR);
  });

  it.each([null, undefined])('nothing recorded (%s) → „—“', (iso) => {
    expect(dateTimeBg(iso)).toBe('—');
  });
});

describe('durations in Bulgarian units', () => {
  it.each<[number | null, string]>([
    [0, '0 с'],
    [2, '2 с'],
    [2.4, '2 с'],
    [59, '59 с'],
    [60, '1 мин'],
    [125, '2 мин 5 с'],
    [600, '10 мин'],
    [3600, '1 ч'],
    [3725, '1 ч 2 мин 5 с'],
    [7260, '2 ч 1 мин'],
    [null, '—'],
    [-1, '—'],
  ])('%s seconds → %s', (seconds, text) => {
    expect(durationBg(seconds)).toBe(text);
  });
});

describe('states in Bulgarian', () => {
  it.each(COUNCIL_SESSION_STATUSES.map((s) => [s, SESSION_STATUS_BG[s]]))('the sitting %s → „%s“', (_s, bg) => {
    expect(bg).toMatch(/^[а-я ]+$/);
  });
  it.each(SPEAKER_STATUSES.map((s) => [s, SPEAKER_STATUS_BG[s]]))('a request for the floor %s → „%s“', (_s, bg) => {
    expect(bg).toMatch(/^[а-я ]+$/);
  });
});

const member = (n: number) => ({ id: `m${n}`, displayName: `Съветник ${n}` });
const SHA = 'ab'.repeat(32);

/** A closed extraordinary sitting: an item with its legal basis and a material, one without; a vote, a speech. */
function record(): CouncilMinutes {
  return {
    session: {
      id: 's1',
      number: 3,
      title: 'Извънредно заседание за бюджета',
      status: 'closed',
      startsAt: '2026-12-02T08:00:00.000Z',
      endsAt: '2026-12-02T10:00:00.000Z',
      version: 9,
      currentItemId: null,
      body: { id: 'b1', kind: 'council', name: 'Общински съвет' },
      publishedAt: '2026-12-01T15:00:00.000Z',
      extraordinary: true,
      extraordinaryReason: 'Спешно изменение на бюджета',
      description: null,
      meetingId: 'mt',
      spaceId: 'sp',
      openedAt: '2026-12-02T08:02:00.000Z',
      closedAt: '2026-12-02T09:31:00.000Z',
      items: [
        {
          id: 'i1',
          position: 1,
          title: 'Бюджет 2027',
          rapporteur: 'Кмет',
          legalBasis: 'чл. 21, ал. 1, т. 6 ЗМСМА',
          subject: 'budget',
          voteMode: 'roll_call',
          majority: 'all',
          conflicts: [],
          materials: [
            {
              id: 'f1',
              itemId: 'i1',
              filename: 'Проект на бюджет.pdf',
              contentType: 'application/pdf',
              size: 10,
              sha256: 'cd'.repeat(32),
              uploadedAt: '2026-12-01T10:00:00.000Z',
            },
          ],
        },
        {
          id: 'i2',
          position: 2,
          title: 'Разни',
          rapporteur: null,
          legalBasis: null,
          subject: 'other',
          voteMode: 'open',
          majority: 'present',
          conflicts: [],
          materials: [],
        },
      ],
      quorum: { present: 2, total: 3, required: 2, reached: true },
    },
    mandate: '2023–2027',
    attendance: [
      { member: member(1), present: true, checkedInAt: '2026-12-02T08:03:00.000Z', checkedOutAt: null },
      { member: member(2), present: true, checkedInAt: '2026-12-02T08:04:00.000Z', checkedOutAt: null },
    ],
    absent: [member(3)],
    votes: [
      {
        id: 'v1',
        sessionId: 's1',
        itemId: 'i1',
        itemTitle: 'Бюджет 2027',
        mode: 'roll_call',
        majority: 'all',
        status: 'closed',
        openedAt: '2026-12-02T08:40:00.000Z',
        closedAt: '2026-12-02T08:42:00.000Z',
        ballotsCast: 2,
        counts: { for: 2, against: 0, abstain: 0 },
        atOpen: null,
        decision: { id: 'd1', number: 17, outcome: 'adopted' },
        result: {
          seats: 3,
          members: 3,
          present: 2,
          entitled: 2,
          quorumRequired: 2,
          quorumReached: true,
          required: 2,
          counts: { for: 2, against: 0, abstain: 0 },
          outcome: 'adopted',
          passed: true,
        },
        roll: [
          { member: member(1), choice: 'for' },
          { member: member(2), choice: 'for' },
        ],
      },
    ],
    conflicts: [],
    speakers: [
      {
        id: 'sp1',
        sessionId: 's1',
        itemId: 'i1',
        member: member(2),
        kind: 'speech',
        status: 'finished',
        requestedAt: '2026-12-02T08:10:00.000Z',
        grantedAt: '2026-12-02T08:11:00.000Z',
        finishedAt: '2026-12-02T08:13:05.000Z',
        seconds: 125,
      },
      {
        id: 'sp2',
        sessionId: 's1',
        itemId: null,
        member: member(1),
        kind: 'procedural',
        status: 'withdrawn',
        requestedAt: '2026-12-02T08:20:00.000Z',
        grantedAt: null,
        finishedAt: null,
        seconds: null,
      },
    ],
    recordings: [],
    generatedAt: '2026-12-03T06:00:00.000Z',
  };
}

const frame = (status: MinutesStatus, version = 1): MinutesFrame => ({
  municipality: 'Община Примерно',
  version,
  reason: version > 1 ? 'Поправка на фактическа грешка' : null,
  status,
  sha256: SHA,
  signatures:
    status === 'draft'
      ? []
      : [
          { role: 'chair', signer: member(1), signedAt: '2026-12-10T09:00:00.000Z', sha256: SHA },
          {
            role: 'minute_taker',
            signer: { id: 'c', displayName: 'Деловодител' },
            signedAt: '2026-12-10T09:05:00.000Z',
            sha256: SHA,
          },
        ],
  publishedAt: status === 'published' ? '2026-12-10T10:00:00.000Z' : null,
});

const paragraphs = (t: MinutesText) => t.preamble.map((b) => (b.kind === 'paragraph' ? b.text : ''));
const section = (t: MinutesText, heading: string) =>
  minutesLines({ ...t, sections: t.sections.filter((s) => s.heading === heading), preamble: [] }).slice(3);

describe('the minutes’ text: one model of sections and lines', () => {
  const t = minutesText(record(), frame('draft'));

  it('the heading is the protocol number; the sitting is named without a second number, with its date and mandate', () => {
    expect(t.heading).toBe('Протокол № 3');
    expect(t.masthead).toBe('Община Примерно');
    expect(t.title).toBe('Протокол № 3 — Извънредно заседание за бюджета');
    expect(paragraphs(t).slice(0, 3)).toEqual([
      'Мандат 2023–2027',
      'от извънредно заседание на Общински съвет, проведено на 2 декември 2026 г.',
      'Извънредно заседание за бюджета',
    ]);
    expect(paragraphs(t)).toContain('Открито на 2 декември 2026 г., 10:02 ч.; закрито на 2 декември 2026 г., 11:31 ч.');
    expect(paragraphs(t)).toContain('Състояние на заседанието: закрито. Часовете са по българско време.');
    expect(paragraphs(t)).toContain('Дневният ред е обявен на 1 декември 2026 г., 17:00 ч.');
  });

  it('the sections in the order of the record, the signatures on a page of their own', () => {
    expect(t.sections.map((s) => [s.heading, !!s.newPage])).toEqual([
      ['Дневен ред', false],
      ['Присъствие', false],
      ['Конфликт на интереси', false],
      ['Гласувания', false],
      ['Изказвания', false],
      ['Видеозапис', false],
      ['Подписи', true],
    ]);
  });

  it.each<[string, string[]]>([
    [
      'Дневен ред',
      [
        'Бюджет 2027 — докладчик: Кмет (гласуване: поименно; мнозинство от общия брой съветници)',
        'Правно основание: чл. 21, ал. 1, т. 6 ЗМСМА.',
        `Материал: Проект на бюджет.pdf (SHA-256 ${'cd'.repeat(32)})`,
        'Разни (гласуване: явно; мнозинство от присъстващите)',
        'Правно основание: не е посочено.',
        'Материали: няма.',
      ],
    ],
    [
      'Присъствие',
      [
        'Кворум: присъстват 2 от 3, необходими са 2.',
        'Съветник 1 — присъства; регистриран: 2 декември 2026 г., 10:03 ч.; напуснал: —',
        'Съветник 2 — присъства; регистриран: 2 декември 2026 г., 10:04 ч.; напуснал: —',
        'Отсъстващи (1):',
        'Съветник 3',
      ],
    ],
    ['Конфликт на интереси', ['Няма деклариран конфликт на интереси.']],
    [
      'Гласувания',
      [
        'Гласуване по т. 1 „Бюджет 2027“ (поименно)',
        'Правило: мнозинство от общия брой съветници.',
        'Открито на 2 декември 2026 г., 10:40 ч.; приключено на 2 декември 2026 г., 10:42 ч.',
        'Присъстващи: 2 от 3; с право на глас: 2; необходими гласове „за“: 2.',
        '„За“: 2, „против“: 0, „въздържал се“: 0.',
        'Решението е прието.',
        'Решение № 17.',
        'Съветник 1: „за“',
        'Съветник 2: „за“',
      ],
    ],
    [
      'Изказвания',
      [
        'Съветник 2 — изказване по т. 1 „Бюджет 2027“, 2 мин 5 с (приключило)',
        'Съветник 1 — процедурно предложение (оттеглено)',
      ],
    ],
    ['Видеозапис', ['Няма видеозапис.']],
  ])('%s: its lines', (heading, lines) => {
    expect(section(t, heading)).toEqual(lines);
  });

  it.each<[MinutesStatus, number, string[], string[]]>([
    // status, version, lines there, lines not there
    ['draft', 1, ['ПРОЕКТ — протоколът не е подписан и публикуван.', 'Протоколът още не е подписан.'], ['Версия']],
    [
      'signed',
      1,
      [
        'ПРОЕКТ — протоколът е подписан, но не е публикуван.',
        'Председател: Съветник 1, подписано на 10 декември 2026 г., 11:00 ч.',
        'Протоколчик: Деловодител, подписано на 10 декември 2026 г., 11:05 ч.',
      ],
      ['Публикуван'],
    ],
    [
      'published',
      2,
      [
        'Версия 2. Причина за поправката: Поправка на фактическа грешка',
        'Община Примерно — Протокол № 3, версия 2',
        'Публикуван на 10 декември 2026 г., 12:00 ч.',
        SHA,
      ],
      ['ПРОЕКТ'],
    ],
  ])('%s, version %i: the frame’s lines', (status, version, present, absent) => {
    const lines = minutesLines(minutesText(record(), frame(status, version)));
    for (const line of present) expect(lines).toContain(line);
    for (const word of absent) expect(lines.join('\n')).not.toContain(word);
  });

  it.each<MinutesStatus>(['draft', 'signed', 'published'])(
    '%s: no English state, no two-digit year, no „Europe/Sofia“ in any line',
    (status) => {
      for (const line of minutesLines(minutesText(record(), frame(status)))) {
        expect(line).not.toMatch(ENGLISH_STATES);
        expect(line).not.toMatch(TWO_DIGIT_YEAR);
        expect(line).not.toContain('Europe/Sofia');
      }
    },
  );

  it('a sitting never opened is „насрочено“, not „проведено“', () => {
    const r = record();
    r.session = { ...r.session, status: 'published', openedAt: null, closedAt: null, extraordinary: false };
    const lines = minutesLines(minutesText(r, frame('draft')));
    expect(lines).toContain('от заседание на Общински съвет, насрочено за 2 декември 2026 г.');
    expect(lines).toContain('Насрочено за 2 декември 2026 г., 10:00 ч.; не е открито.');
    expect(lines).toContain('Състояние на заседанието: обявено. Часовете са по българско време.');
  });

  it('the HTML has every line of the text, escaped, and links a recording', () => {
    const r = record();
    r.session = { ...r.session, title: 'Точка <b>& „кавички“</b>' };
    r.recordings = [
      {
        id: 'r1',
        status: 'complete',
        startedAt: '2026-12-02T08:02:00.000Z',
        endedAt: '2026-12-02T09:31:00.000Z',
        url: 'https://video.example/r1.mp4?a=1&b=2',
      } as CouncilMinutes['recordings'][number],
    ];
    const text = minutesText(r, frame('published'));
    const html = renderMinutesHtml(text);
    expect(html).toContain('<html lang="bg">');
    expect(html).toContain('Точка &lt;b&gt;&amp; „кавички“&lt;/b&gt;');
    expect(html).toContain('<a href="https://video.example/r1.mp4?a=1&amp;b=2">');
    const visible = html
      .replace(/<(style|title)>[\s\S]*?<\/\1>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ');
    for (const line of minutesLines(text)) expect(visible).toContain(line.replace(/\s+/g, ' '));
  });
});
