import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@egov-box/platform';
import type { CouncilMinutes, SpeakerView, VoteView } from '@egov-box/contracts';
import { AppError } from '@egov-box/platform';
import { CouncilRepository } from './council.repository.js';
import { CouncilViews } from './council-views.js';

const CHOICE_BG = { for: '„за“', against: '„против“', abstain: '„въздържал се“' } as const;
const MODE_BG = { open: 'явно', roll_call: 'поименно', secret: 'тайно' } as const;
const MAJORITY_BG = {
  present: 'мнозинство от присъстващите',
  all: 'мнозинство от общия брой съветници',
  two_thirds_all: 'две трети от общия брой съветници',
} as const;
const SPEAKER_BG = {
  speech: 'изказване',
  reply: 'реплика',
  counter_reply: 'дуплика',
  procedural: 'процедурно предложение',
} as const;

function esc(s: string | number | null | undefined): string {
  return String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const time = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString('bg-BG', {
        timeZone: 'Europe/Sofia',
        dateStyle: 'short',
        timeStyle: 'medium',
      })
    : '';

/** The minutes (протокол), generated from the record: never typed by hand. */
@Injectable()
export class MinutesService {
  constructor(
    private readonly repo: CouncilRepository,
    private readonly views: CouncilViews,
  ) {}

  async json(_actor: AuthUser, id: string): Promise<CouncilMinutes> {
    const s = await this.repo.session(id);
    if (!s) throw AppError.notFound('Council session');
    const view = await this.views.session(s);
    const speakers = await this.views.speakers(await this.repo.speakers(id));
    const titles = new Map(view.items.map((i) => [i.id, i.title]));
    const { votes, attendance, ...session } = view;
    return {
      session,
      attendance,
      votes: votes.map((v) => ({ ...v, itemTitle: titles.get(v.itemId) ?? '' })),
      conflicts: view.items.flatMap((i) => i.conflicts),
      speakers,
      generatedAt: new Date().toISOString(),
    };
  }

  async html(actor: AuthUser, id: string): Promise<string> {
    const m = await this.json(actor, id);
    const s = m.session;
    const vote = (v: VoteView & { itemTitle: string }) => {
      const r = v.result;
      const head = `<h3>Гласуване (${esc(MODE_BG[v.mode])}) по „${esc(v.itemTitle)}“</h3>
<p>Правило: ${esc(MAJORITY_BG[v.majority])}.</p>`;
      if (!r) return `${head}<p>Гласуването не е приключило.</p>`;
      const roll = v.roll
        ? `<table><thead><tr><th>Съветник</th><th>Глас</th></tr></thead><tbody>${v.roll
            .map((e) => `<tr><td>${esc(e.member.displayName)}</td><td>${esc(CHOICE_BG[e.choice])}</td></tr>`)
            .join('')}</tbody></table>`
        : '';
      return `${head}
<p>Присъстващи: ${r.present} от ${r.members}; с право на глас: ${r.entitled}; необходими гласове „за“: ${r.required}.</p>
<p>„За“: ${r.counts.for}, „против“: ${r.counts.against}, „въздържал се“: ${r.counts.abstain}.
<strong>${r.passed ? 'Решението е прието.' : 'Решението не е прието.'}</strong></p>${roll}`;
    };
    const speaker = (sp: SpeakerView) =>
      `<li>${esc(sp.member.displayName)} — ${esc(SPEAKER_BG[sp.kind])}${
        sp.seconds !== null ? ` (${sp.seconds} s)` : ''
      } [${esc(sp.status)}]</li>`;
    return `<!doctype html>
<html lang="bg"><head><meta charset="utf-8"><title>Протокол № ${s.number}</title>
<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .5em}</style>
</head><body>
<h1>Протокол № ${s.number}</h1>
<h2>${esc(s.title)}</h2>
<p>Начало: ${esc(time(s.openedAt ?? s.startsAt))}; край: ${esc(time(s.closedAt))}. Състояние: ${esc(s.status)}.</p>
<h2>Дневен ред</h2>
<ol>${s.items
      .map(
        (i) =>
          `<li>${esc(i.title)}${i.rapporteur ? ` — докладчик: ${esc(i.rapporteur)}` : ''} (гласуване: ${esc(
            MODE_BG[i.voteMode],
          )}; ${esc(MAJORITY_BG[i.majority])})</li>`,
      )
      .join('')}</ol>
<h2>Присъствие</h2>
<p>Кворум: ${s.quorum.present} от ${s.quorum.total} (необходими ${s.quorum.required}).</p>
<table><thead><tr><th>Съветник</th><th>Присъства</th><th>Регистриран</th><th>Напуснал</th></tr></thead><tbody>${m.attendance
      .map(
        (a) =>
          `<tr><td>${esc(a.member.displayName)}</td><td>${a.present ? 'да' : 'не'}</td><td>${esc(
            time(a.checkedInAt),
          )}</td><td>${esc(time(a.checkedOutAt))}</td></tr>`,
      )
      .join('')}</tbody></table>
<h2>Конфликт на интереси</h2>
<ul>${m.conflicts
      .map(
        (c) =>
          `<li>${esc(c.member.displayName)} — т. „${esc(s.items.find((i) => i.id === c.itemId)?.title)}“: ${esc(c.reason)}</li>`,
      )
      .join('')}</ul>
<h2>Гласувания</h2>
${m.votes.map(vote).join('\n')}
<h2>Изказвания</h2>
<ul>${m.speakers.map(speaker).join('')}</ul>
<p><small>Генериран на ${esc(time(m.generatedAt))}.</small></p>
</body></html>`;
  }
}
