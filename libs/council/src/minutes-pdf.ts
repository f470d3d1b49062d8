import { createRequire } from 'node:module';
import type { MinutesText, MinutesTextBlock } from '@egov-box/contracts';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
/** DejaVu Sans (Cyrillic glyphs) from the dejavu-fonts-ttf package: nothing is fetched at run time. */
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

type Struct = ReturnType<PDFKit.PDFDocument['struct']>;

/**
 * The minutes as a PDF: the text of `minutesText`, as it is — the same headings, sections and
 * lines as the HTML —, set in an embedded font with Cyrillic glyphs. An archival, accessible
 * document: PDF/A-2a (tagged: headings, paragraphs and lists in a structure tree; the language
 * and the title set), with the municipality's name, "Протокол № N" and — on the last page —
 * the signatures and the SHA-256 of the signed content.
 */
export function renderMinutesPdf(t: MinutesText): Promise<Buffer> {
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
      Title: t.title,
      Author: t.masthead,
      Subject: t.subject,
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
  const block = (b: MinutesTextBlock) => {
    switch (b.kind) {
      case 'paragraph':
        if (b.style === 'title') return tag('P', () => doc.font('bold').fontSize(14).text(b.text));
        if (b.style === 'strong') return tag('P', () => doc.font('bold').fontSize(10).text(b.text));
        return tag('P', () =>
          doc
            .font('body')
            .fontSize(b.style === 'small' ? 9 : 10)
            .text(b.text),
        );
      case 'subheading':
        return tag('H3', () => doc.moveDown(0.4).font('bold').fontSize(11).text(b.text));
      case 'code':
        return tag('P', () => doc.font('body').fontSize(9).text(b.text));
      case 'list': {
        if (!b.items.length) return;
        const l = doc.struct('L');
        section.add(l);
        for (const i of b.items)
          l.add(
            doc.struct('LI', {}, [
              doc.struct('LBody', {}, () => {
                const mark = i.number !== undefined ? `${i.number}.` : '•';
                // Every line of an item indented, not only its first (a long line wraps under it).
                doc.font('body').fontSize(10).text(`${mark} ${i.text}`, { indent: 10, indentAllLines: true });
                for (const d of i.details ?? []) doc.fontSize(9).text(d, { indent: 24, indentAllLines: true });
              }),
            ]),
          );
        l.end();
        return;
      }
    }
  };

  tag('P', () => doc.font('body').fontSize(11).text(t.masthead));
  tag('H1', () => doc.font('bold').fontSize(18).text(t.heading).moveDown(0.3));
  for (const b of t.preamble) block(b);
  for (const s of t.sections) {
    if (s.newPage) doc.addPage();
    const el = doc.struct('Sect');
    root.add(el);
    section = el;
    tag('H2', () => doc.moveDown(0.6).font('bold').fontSize(13).text(s.heading).moveDown(0.2));
    for (const b of s.blocks) block(b);
    el.end();
    section = root;
  }

  root.end();
  doc.end();
  return done;
}
