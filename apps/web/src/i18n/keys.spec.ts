import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { en } from './en';

/** Every file of the web client's source, but the translations themselves and the specs. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'i18n' ? [] : sources(path);
    return /\.tsx?$/.test(e.name) && !/\.spec\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** The dotted paths of the translation table: its texts and the groups above them. */
function paths(obj: object, prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(obj)) {
    out.add(prefix + k);
    if (typeof v === 'object' && v !== null) for (const p of paths(v, `${prefix}${k}.`)) out.add(p);
  }
  return out;
}

describe('the keys the pages ask for', () => {
  it('every literal key (t(…), key: …) exists in the table, plurals by their _one/_other forms', () => {
    const known = paths(en);
    const root = join(process.cwd(), 'apps/web/src');
    const missing: string[] = [];
    let checked = 0;
    for (const file of sources(root)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(
        /\bt\(\s*'([a-zA-Z0-9_]+(?:\.[a-zA-Z0-9_]+)+)'|\bkey: '([a-zA-Z0-9_]+(?:\.[a-zA-Z0-9_]+)+)'/g,
      )) {
        const key = m[1] ?? m[2]!;
        checked++;
        if (!known.has(key) && !known.has(`${key}_one`) && !known.has(`${key}_other`))
          missing.push(`${file.slice(root.length + 1)}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
    // It did read the pages: hundreds of keys are asked for by name.
    expect(checked).toBeGreaterThan(500);
  });
});
