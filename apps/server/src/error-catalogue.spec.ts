import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { errorEntries, errorStatusMap, TWO_STATUSES } from './error-catalogue.js';

const statusesOf = (s: number | readonly number[]) => (typeof s === 'number' ? [s] : [...s]);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return d.name === 'dist' || d.name === 'node_modules' ? [] : sources(path);
    return d.name.endsWith('.ts') && !d.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('the error catalogue: one status per code', () => {
  const map = errorStatusMap();

  it('gives every code one status, but for the listed codes answered with two', () => {
    for (const [code, status] of map) {
      if (TWO_STATUSES[code]) expect(statusesOf(status)).toHaveLength(2);
      else expect(typeof status).toBe('number');
    }
    expect(map.get('not_found')).toBe(404);
    expect(map.get('forbidden')).toBe(403);
    expect(map.get('slot_taken')).toBe(409);
    expect(map.get('video_unavailable')).toBe(503);
    expect(map.get('not_a_member')).toEqual([400, 403]);
  });

  it('fails when a code is answered with a second status', () => {
    const entries = errorEntries();
    expect(() => errorStatusMap([...entries, { code: 'door_closed', status: 409, source: 'test' }])).toThrow(
      /door_closed is answered with 403 and 409/,
    );
    expect(() => errorStatusMap([...entries, { code: 'not_a_member', status: 409, source: 'test' }])).toThrow(
      /not_a_member/,
    );
  });

  it('has every code: no library makes an AppError with a code of its own outside its definitions', () => {
    const files = [...sources('libs').filter((f) => /^libs\/[^/]+\/src\//.test(f)), ...sources('apps/server/src')];
    const offences: string[] = [];
    for (const file of files) {
      if (file.startsWith('libs/platform/src/errors/')) continue;
      const text = readFileSync(file, 'utf8');
      const found = [
        ...text.matchAll(/new AppError\(|AppError\.(badRequest|conflict|unavailable)\(/g),
        // forbidden() and unauthenticated() with no argument are the common codes; the access
        // policy's denial answers a permission's refusal, which the catalogue reads.
        ...(file === 'libs/platform/src/access/access.service.ts'
          ? []
          : text.matchAll(/AppError\.(forbidden|unauthenticated)\((?!\))/g)),
      ];
      for (const m of found) offences.push(`${file}: ${m[0]}`);
    }
    expect(offences).toEqual([]);
  });

  it('agrees with docs/api.md', () => {
    const doc = readFileSync('docs/api.md', 'utf8');
    const wrong: string[] = [];
    let read = 0;
    // The common codes' table: | 400 | `validation_failed` | …
    for (const m of doc.matchAll(/^\| (\d{3}) \| `([a-z_]+)` \|/gm)) {
      read++;
      if (!statusesOf(map.get(m[2]!) ?? []).includes(Number(m[1]))) wrong.push(`table: ${m[1]} ${m[2]}`);
    }
    // In the text: "409 `review_closed`" names a code with its status.
    for (const m of doc.matchAll(/\b([1-5]\d{2}) `([a-z_]+)`/g)) {
      const code = m[2]!;
      read++;
      if (!map.has(code)) wrong.push(`unknown: ${m[1]} ${code}`);
      else if (!statusesOf(map.get(code)!).includes(Number(m[1]))) wrong.push(`text: ${m[1]} ${code}`);
    }
    // The council's list of codes.
    const council = doc.slice(doc.indexOf('Error codes beside the common ones:'), doc.indexOf('### Bodies'));
    for (const m of council.matchAll(/`([a-z_]+)`/g)) if (!map.has(m[1]!)) wrong.push(`council: ${m[1]}`);
    expect(wrong).toEqual([]);
    expect(read).toBeGreaterThan(100);
  });
});
