import type { MinutesText, MinutesTextBlock, MinutesTextItem } from '@egov-box/contracts';
import { esc } from './minutes-text.js';

/**
 * The minutes as an HTML page: the text of `minutesText`, as it is — the same headings,
 * sections and lines as the PDF.
 */
export function renderMinutesHtml(t: MinutesText): string {
  const item = (i: MinutesTextItem) => {
    const text =
      i.link && i.text.endsWith(i.link)
        ? `${esc(i.text.slice(0, -i.link.length))}<a href="${esc(i.link)}">${esc(i.link)}</a>`
        : esc(i.text);
    const details = (i.details ?? []).map((d) => `<br><small>${esc(d)}</small>`).join('');
    return `<li${i.number !== undefined ? ` value="${i.number}"` : ''}>${text}${details}</li>`;
  };
  const block = (b: MinutesTextBlock): string => {
    switch (b.kind) {
      case 'paragraph':
        return b.style === 'title' || b.style === 'strong'
          ? `<p${b.style === 'title' ? ' class="title"' : ''}><strong>${esc(b.text)}</strong></p>`
          : b.style === 'small'
            ? `<p><small>${esc(b.text)}</small></p>`
            : `<p>${esc(b.text)}</p>`;
      case 'subheading':
        return `<h3>${esc(b.text)}</h3>`;
      case 'code':
        return `<p><code>${esc(b.text)}</code></p>`;
      case 'list': {
        const tag = b.ordered ? 'ol' : 'ul';
        return `<${tag}>${b.items.map(item).join('')}</${tag}>`;
      }
    }
  };
  return `<!doctype html>
<html lang="bg"><head><meta charset="utf-8"><title>${esc(t.title)}</title>
<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}.title{font-size:1.2em}code{word-break:break-all}</style>
</head><body>
<p>${esc(t.masthead)}</p>
<h1>${esc(t.heading)}</h1>
${t.preamble.map(block).join('\n')}
${t.sections
  .map((s) => `<section>\n<h2>${esc(s.heading)}</h2>\n${s.blocks.map(block).join('\n')}\n</section>`)
  .join('\n')}
</body></html>
`;
}
