import { createRequire } from 'node:module';
import type { CouncilMinutes, VoteView } from '@egov-box/contracts';
import PDFDocument from 'pdfkit';
import {
  CHOICE_BG,
  MAJORITY_BG,
  MODE_BG,
  outcomeBg,
  RECORDING_BG,
  SIGNER_BG,
  SPEAKER_BG,
  time,
  type MinutesFrame,
} from './minutes-text.js';

const require = createRequire(import.meta.url);
/** DejaVu Sans (Cyrillic glyphs) from the dejavu-fonts-ttf package: nothing is fetched at run time. */
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

type Struct = ReturnType<PDFKit.PDFDocument['struct']>;

/**
 * The minutes as a PDF: the same record as the HTML, set in an embedded font with Cyrillic
 * glyphs. An archival, accessible document: PDF/A-2a (tagged: headings, paragraphs and
 * lists in a structure tree; the language and the title set), with the municipality's name,
 * "Протокол № N" and — on the last page — the signatures and the SHA-256 of the signed content.
 */
export function renderMinutesPdf(m: CouncilMinutes, frame: MinutesFrame): Promise<Buffer> {
  const s = m.session;
  const title = `Протокол № ${s.number}${frame.version > 1 ? ` (версия ${frame.version})` : ''} — ${s.title}`;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    pdfVersion: '1.7',
    subset: 'PDF/A-2a',
    tagged: true,
    displayTitle: true,
    lang: 'bg-BG',
    font: FONT,
    info: {
      Title: title,
      Author: frame.municipality,
      Subject: `Протокол № ${s.number} — ${s.body?.name ?? ''}`,
      Creator: 'eGov Box',
      Producer: 'eGov Box (PDFKit)',
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const root = doc.struct('Document');
  doc.addStructure(root);
  let section: Struct = root;

  const tag = (type: string, draw: () => void) => section.add(doc.struct(type, {}, draw));
  const h1 = (t: string) => tag('H1', () => doc.font('bold').fontSize(18).text(t).moveDown(0.3));
  const h2 = (t: string) => tag('H2', () => doc.moveDown(0.6).font('bold').fontSize(13).text(t).moveDown(0.2));
  const h3 = (t: string) => tag('H3', () => doc.moveDown(0.4).font('bold').fontSize(11).text(t));
  const p = (t: string, size = 10, indent = 0) => tag('P', () => doc.font('body').fontSize(size).text(t, { indent }));
  const strong = (t: string) => tag('P', () => doc.font('bold').fontSize(10).text(t));
  const list = (entries: string[]) => {
    if (!entries.length) return;
    const l = doc.struct('L');
    section.add(l);
    for (const t of entries)
      l.add(
        doc.struct('LI', {}, [
          doc.struct('LBody', {}, () => {
            doc.font('body').fontSize(10).text(`• ${t}`, { indent: 10 });
          }),
        ]),
      );
    l.end();
  };
  const sect = (heading: string, draw: () => void) => {
    const el = doc.struct('Sect');
    root.add(el);
    section = el;
    h2(heading);
    draw();
    el.end();
    section = root;
  };

  p(frame.municipality, 11);
  h1(`Протокол № ${s.number}`);
  if (m.mandate) p(`Мандат ${m.mandate}`);
  tag('P', () => doc.font('bold').fontSize(14).text(s.title));
  if (s.body) p(s.body.name);
  p(`Начало: ${time(s.openedAt ?? s.startsAt)}; край: ${time(s.closedAt)}. Състояние: ${s.status}.`);
  if (frame.version > 1) p(`Версия ${frame.version}. Причина за поправката: ${frame.reason ?? ''}`);
  if (frame.status !== 'published') strong('ПРОЕКТ — протоколът не е подписан и публикуван.');

  sect('Дневен ред', () => {
    for (const i of s.items) {
      p(
        `${i.position}. ${i.title}${i.rapporteur ? ` — докладчик: ${i.rapporteur}` : ''} (гласуване: ${
          MODE_BG[i.voteMode]
        }; ${MAJORITY_BG[i.majority]})`,
      );
      if (i.legalBasis) p(`Правно основание: ${i.legalBasis}`, 9, 14);
      for (const mat of i.materials ?? []) p(`Материал: ${mat.filename} (SHA-256 ${mat.sha256})`, 8, 14);
    }
  });

  sect('Присъствие', () => {
    p(`Кворум: ${s.quorum.present} от ${s.quorum.total} (необходими ${s.quorum.required}).`);
    list(
      m.attendance.map(
        (a) =>
          `${a.member.displayName} — ${a.present ? 'присъства' : 'не присъства'}; регистриран: ${
            time(a.checkedInAt) || '—'
          }; напуснал: ${time(a.checkedOutAt) || '—'}`,
      ),
    );
    p(m.absent.length ? `Отсъстващи (${m.absent.length}):` : 'Отсъстващи: няма.');
    list(m.absent.map((a) => a.displayName));
  });

  sect('Конфликт на интереси', () => {
    if (!m.conflicts.length) p('Няма деклариран конфликт на интереси.');
    list(
      m.conflicts.map(
        (c) => `${c.member.displayName} — т. „${s.items.find((i) => i.id === c.itemId)?.title ?? ''}“: ${c.reason}`,
      ),
    );
  });

  sect('Гласувания', () => {
    for (const v of m.votes) vote(v);
  });

  sect('Изказвания', () =>
    list(
      m.speakers.map(
        (sp) =>
          `${sp.member.displayName} — ${SPEAKER_BG[sp.kind]}${sp.seconds !== null ? ` (${sp.seconds} s)` : ''} [${sp.status}]`,
      ),
    ),
  );

  sect('Видеозапис', () => {
    if (!m.recordings.length) p('Няма видеозапис.');
    list(
      m.recordings.map(
        (r) => `${time(r.startedAt)} – ${time(r.endedAt)}: ${RECORDING_BG[r.status]}${r.url ? ` — ${r.url}` : ''}`,
      ),
    );
  });

  // The last page: who signed, when, and the SHA-256 of the signed content.
  doc.addPage();
  sect('Подписи', () => {
    p(`${frame.municipality} — Протокол № ${s.number}${frame.version > 1 ? `, версия ${frame.version}` : ''}`);
    if (!frame.signatures.length) p('Протоколът още не е подписан.');
    list(
      frame.signatures.map(
        (g) => `${SIGNER_BG[g.role]}: ${g.signer.displayName}, подписано на ${time(g.signedAt)} (Europe/Sofia)`,
      ),
    );
    p('SHA-256 на подписаното съдържание (каноничният JSON запис, от който са изготвени PDF и HTML):', 9);
    p(frame.sha256, 9);
    if (frame.publishedAt) p(`Публикуван на ${time(frame.publishedAt)}.`, 9);
    else p(`Генериран на ${time(m.generatedAt)}.`, 8);
  });

  root.end();
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
    strong(outcomeBg(r));
    list((v.roll ?? []).map((e) => `${e.member.displayName}: ${CHOICE_BG[e.choice]}`));
  }
}
