import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The library's code (not its specs), by file name. */
function sources(lib: string): [string, string][] {
  const dir = join(process.cwd(), 'libs', lib, 'src');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
    .map((f) => [f, readFileSync(join(dir, f), 'utf8')]);
}

/** SQL naming the directory's tables (`app_user`, `space`) as a table, not in a comment's prose. */
const DIRECTORY_TABLES = /\b(FROM|JOIN|INTO|UPDATE)\s+(app_user|space)\b|\bapp_user\s+\w+\s*,/i;
const SCHEDULE_WRITES = /\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(meeting|meeting_participant)\b/i;

/**
 * Who is who is the directory's: the council and one-on-ones look people and spaces up through
 * `DirectoryReader`, and write schedule's tables only through `MeetingsTx` (issue 19, item 2).
 */
describe('library boundaries', () => {
  it.each(['council', 'one-on-one'])('%s reads app_user and space only through the directory', (lib) => {
    const offenders = sources(lib)
      .filter(([, text]) => DIRECTORY_TABLES.test(text))
      .map(([f]) => f);
    expect(offenders).toEqual([]);
  });

  it.each(['council', 'one-on-one'])('%s writes no schedule table of its own', (lib) => {
    const offenders = sources(lib)
      .filter(([, text]) => SCHEDULE_WRITES.test(text))
      .map(([f]) => f);
    expect(offenders).toEqual([]);
  });

  it('the patterns see what they look for', () => {
    expect(DIRECTORY_TABLES.test('SELECT id FROM space WHERE kind = $1')).toBe(true);
    expect(DIRECTORY_TABLES.test('JOIN app_user u ON u.id = h.user_id')).toBe(true);
    expect(DIRECTORY_TABLES.test('FROM app_user u, (SELECT 1) m')).toBe(true);
    expect(DIRECTORY_TABLES.test('the name for these records (`app_user.public_name`)')).toBe(false);
    expect(SCHEDULE_WRITES.test("UPDATE meeting_participant SET response = 'accepted'")).toBe(true);
    expect(SCHEDULE_WRITES.test('SELECT 1 FROM meeting_participant p')).toBe(false);
  });
});
