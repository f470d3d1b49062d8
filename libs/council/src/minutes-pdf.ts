import { createRequire } from 'node:module';
import type { CouncilMinutes, VoteView } from '@egov-box/contracts';
import PDFDocument from 'pdfkit';
import { CHOICE_BG, MAJORITY_BG, MODE_BG, RECORDING_BG, SPEAKER_BG, time } from './minutes-text.js';

const require = createRequire(import.meta.url);
/** DejaVu Sans (Cyrillic glyphs) from the dejavu-fonts-ttf package: nothing is fetched at run time. */
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

/** The minutes as a PDF: the same record as the HTML, set in a font with Cyrillic glyphs. */
export function renderMinutesPdf(m: CouncilMinutes): Promise<Buffer> {
  const s = m.session;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Протокол № ${s.number} — ${s.title}`, Creator: 'eGov Box' },
    lang: 'bg-BG',
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);

  const h1 = (t: string) => doc.font('bold').fontSize(18).text(t).moveDown(0.3);
  const h2 = (t: string) => doc.moveDown(0.6).font('bold').fontSize(13).text(t).moveDown(0.2);
  const h3 = (t: string) => doc.moveDown(0.4).font('bold').fontSize(11).text(t);
  const p = (t: string) => doc.font('body').fontSize(10).text(t);
  const li = (t: string) => doc.font('body').fontSize(10).text(`• ${t}`, { indent: 10 });

  h1(`Протокол № ${s.number}`);
  doc.font('bold').fontSize(14).text(s.title);
  if (s.body) p(s.body.name);
  p(`Начало: ${time(s.openedAt ?? s.startsAt)}; край: ${time(s.closedAt)}. Състояние: ${s.status}.`);

  h2('Дневен ред');
  for (const i of s.items) {
    p(
      `${i.position}. ${i.title}${i.rapporteur ? ` — докладчик: ${i.rapporteur}` : ''} (гласуване: ${
        MODE_BG[i.voteMode]
      }; ${MAJORITY_BG[i.majority]})`,
    );
    if (i.legalBasis) doc.font('body').fontSize(9).text(`Правно основание: ${i.legalBasis}`, { indent: 14 });
    for (const mat of i.materials ?? [])
      doc.font('body').fontSize(8).text(`Материал: ${mat.filename} (SHA-256 ${mat.sha256})`, { indent: 14 });
  }

  h2('Присъствие');
  p(`Кворум: ${s.quorum.present} от ${s.quorum.total} (необходими ${s.quorum.required}).`);
  for (const a of m.attendance)
    li(
      `${a.member.displayName} — ${a.present ? 'присъства' : 'не присъства'}; регистриран: ${
        time(a.checkedInAt) || '—'
      }; напуснал: ${time(a.checkedOutAt) || '—'}`,
    );

  h2('Конфликт на интереси');
  if (!m.conflicts.length) p('Няма деклариран конфликт на интереси.');
  for (const c of m.conflicts)
    li(`${c.member.displayName} — т. „${s.items.find((i) => i.id === c.itemId)?.title ?? ''}“: ${c.reason}`);

  h2('Гласувания');
  for (const v of m.votes) vote(v);

  h2('Изказвания');
  for (const sp of m.speakers)
    li(
      `${sp.member.displayName} — ${SPEAKER_BG[sp.kind]}${sp.seconds !== null ? ` (${sp.seconds} s)` : ''} [${sp.status}]`,
    );

  h2('Видеозапис');
  if (!m.recordings.length) p('Няма видеозапис.');
  for (const r of m.recordings)
    li(`${time(r.startedAt)} – ${time(r.endedAt)}: ${RECORDING_BG[r.status]}${r.url ? ` — ${r.url}` : ''}`);

  doc
    .moveDown(1)
    .font('body')
    .fontSize(8)
    .text(`Генериран на ${time(m.generatedAt)}.`);
  doc.end();
  return done;

  function vote(v: VoteView & { itemTitle: string }) {
    h3(`Гласуване (${MODE_BG[v.mode]}) по „${v.itemTitle}“`);
    p(`Правило: ${MAJORITY_BG[v.majority]}.`);
    const r = v.result;
    if (!r) {
      p('Гласуването не е приключило.');
      return;
    }
    p(
      `Присъстващи: ${r.present} от ${r.members}; с право на глас: ${r.entitled}; необходими гласове „за“: ${r.required}.`,
    );
    p(`„За“: ${r.counts.for}, „против“: ${r.counts.against}, „въздържал се“: ${r.counts.abstain}.`);
    doc
      .font('bold')
      .fontSize(10)
      .text(r.passed ? 'Решението е прието.' : 'Решението не е прието.');
    for (const e of v.roll ?? []) li(`${e.member.displayName}: ${CHOICE_BG[e.choice]}`);
  }
}
