import { Injectable } from '@nestjs/common';
import type { CouncilMinutes, CouncilSessionView, SpeakerView, VoteView } from '@egov-box/contracts';
import { AppError, AuditService, EventBus, type AuthUser } from '@egov-box/platform';
import { COUNCIL_ERRORS } from './council.errors.js';
import { CouncilRepository } from './council.repository.js';
import { CouncilViews } from './council-views.js';
import { renderMinutesPdf } from './minutes-pdf.js';
import { CHOICE_BG, MAJORITY_BG, MODE_BG, RECORDING_BG, SPEAKER_BG, esc, time } from './minutes-text.js';

/** The minutes (протокол), generated from the record: never typed by hand. */
@Injectable()
export class MinutesService {
  constructor(
    private readonly repo: CouncilRepository,
    private readonly views: CouncilViews,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
  ) {}

  /** The clerk makes the minutes of a closed session public (once; later calls change nothing). */
  async publish(actor: AuthUser, id: string): Promise<CouncilSessionView> {
    const s = await this.repo.transaction(async (em) => {
      const s = await this.repo.lockSession(id, em);
      if (!s) throw AppError.notFound('Council session');
      if (s.status !== 'closed')
        throw AppError.conflict(COUNCIL_ERRORS.sessionNotClosed, 'Minutes are published once the session is closed', {
          status: s.status,
        });
      if (!s.minutesPublishedAt) {
        await this.repo.publishMinutes(id, em);
        await this.repo.bump(id, {}, em);
        await this.audit.record(
          {
            actorId: actor.id,
            action: 'council.minutes.published',
            targetType: 'council_session',
            targetId: id,
            details: { number: s.number },
          },
          em,
        );
      }
      return (await this.repo.session(id, em))!;
    });
    this.bus.publish(
      'council.session.updated',
      { ...(await this.views.summaryOf(s)), sessionId: s.id, change: 'minutes' },
      { councilSessions: [s.id] },
      { public: true },
    );
    return this.views.session(s, actor.id);
  }

  /** Minutes for clerks, admins and the chair: at once. */
  json(_actor: AuthUser, id: string): Promise<CouncilMinutes> {
    return this.record(id, false);
  }

  async html(actor: AuthUser, id: string): Promise<string> {
    return this.renderHtml(await this.json(actor, id));
  }

  async pdf(actor: AuthUser, id: string): Promise<Buffer> {
    return renderMinutesPdf(await this.json(actor, id));
  }

  /** Minutes for everyone, without login, once the clerk has published them (404 before). */
  async publicMinutes(id: string, format: 'json' | 'html' | 'pdf'): Promise<CouncilMinutes | string | Buffer> {
    const m = await this.record(id, true);
    if (format === 'html') return this.renderHtml(m);
    if (format === 'pdf') return renderMinutesPdf(m);
    return m;
  }

  private async record(id: string, publishedOnly: boolean): Promise<CouncilMinutes> {
    const s = await this.repo.session(id);
    if (!s || (publishedOnly && !s.minutesPublishedAt))
      throw AppError.notFound(publishedOnly ? 'Minutes' : 'Council session');
    const view = await this.views.session(s);
    const titles = new Map(view.items.map((i) => [i.id, i.title]));
    const { votes, attendance, recordings, speakers, ...session } = view;
    return {
      session,
      attendance,
      votes: votes.map((v) => ({ ...v, itemTitle: titles.get(v.itemId) ?? '' })),
      conflicts: view.items.flatMap((i) => i.conflicts),
      speakers: speakers ?? [],
      recordings: recordings ?? [],
      generatedAt: new Date().toISOString(),
    };
  }

  private renderHtml(m: CouncilMinutes): string {
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
<p>${esc(s.body?.name)}</p>
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
<h2>Видеозапис</h2>
${
  m.recordings.length
    ? `<ul>${m.recordings.map((r) => `<li>${esc(time(r.startedAt))} – ${esc(time(r.endedAt))}: ${esc(RECORDING_BG[r.status])}${r.url ? ` — <a href="${esc(r.url)}">${esc(r.url)}</a>` : ''}</li>`).join('')}</ul>`
    : '<p>Няма видеозапис.</p>'
}
<p><small>Генериран на ${esc(time(m.generatedAt))}.</small></p>
</body></html>`;
  }
}
