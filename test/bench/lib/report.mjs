import { fmt } from './stats.mjs';

const UNIT_DIGITS = { s: 2, ms: 1, KB: 1, '/s': 0, 'req/s': 0 };

function value(v, unit, digits) {
  if (v === undefined || v === null) return '—';
  if (typeof v !== 'number') return String(v);
  const text = fmt(v, digits ?? UNIT_DIGITS[unit] ?? 1);
  return unit ? `${text} ${unit}` : text;
}

function ratio(row) {
  if (typeof row.egov !== 'number' || typeof row.baseline !== 'number' || !row.baseline) return '—';
  return `×${(row.egov / row.baseline).toFixed(2)}`;
}

const cell = (s) =>
  String(s ?? '')
    .replaceAll('|', '\\|')
    .replaceAll('\n', ' ');

/** One Markdown document: a table per section, per database. */
export function markdown(result) {
  const out = [];
  for (const target of result.targets) {
    out.push(`### ${target.label}`, '');
    const sections = [...new Set(target.rows.map((r) => r.section))];
    for (const section of sections) {
      const rows = target.rows.filter((r) => r.section === section);
      const baselineLabel = rows.find((r) => r.baselineLabel)?.baselineLabel;
      out.push(`**${section}**${baselineLabel ? ` — baseline: ${baselineLabel}, same run` : ''}`, '');
      out.push(
        '| Figure | eGov Box | Baseline | eGov ÷ baseline | Target | Verdict |',
        '| --- | ---: | ---: | ---: | --- | --- |',
      );
      for (const r of rows) {
        if (r.pending) {
          out.push(`| ${cell(r.figure)} | pending | — | — | ${cell(r.target ?? '')} | pending: ${cell(r.pending)} |`);
          continue;
        }
        if (r.error) {
          out.push(`| ${cell(r.figure)} | error | — | — | | ${cell(r.error)} |`);
          continue;
        }
        const verdict = [r.verdict, r.note].filter(Boolean).join(' — ');
        out.push(
          `| ${cell(r.figure)} | ${cell(value(r.egov, r.unit, r.digits))} | ${cell(value(r.baseline, r.unit, r.digits))} | ${ratio(r)} | ${cell(r.target ?? '')} | ${cell(verdict)} |`,
        );
      }
      out.push('');
    }
  }
  return out.join('\n');
}

export function machineMarkdown(m) {
  return [
    `- Machine: ${m.cpus} × ${m.cpuModel}, ${Math.round(m.memoryGiB)} GiB RAM, ${m.platform}`,
    `- Node ${m.node}; open files limit ${m.fdLimit}; load average at start ${m.loadStart.map((x) => x.toFixed(2)).join(' ')}, at end ${m.loadEnd?.map((x) => x.toFixed(2)).join(' ') ?? '—'}`,
    `- Commit ${m.commit}${m.dirty ? ' (with uncommitted changes in the tree)' : ''}; command \`${m.command}\`; took ${(m.durationMs / 1000).toFixed(0)} s`,
  ].join('\n');
}
