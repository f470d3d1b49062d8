/**
 * Case-insensitive search on Bulgarian (and any Cyrillic) text that works on every database
 * the portal runs on. PostgreSQL's `lower()` and `ILIKE` fold letters by the database's
 * LC_CTYPE: under the C locale a server may be initialised with, „Бюджет“ stays „Бюджет“ and
 * `ILIKE '%бюджет%'` misses it (there is no Bulgarian stemmer for full-text search either).
 * So the SQL side folds Cyrillic itself with `translate()` after `lower()` (which folds ASCII
 * under any locale), and the JavaScript side folds the query the same way.
 */

// Cyrillic capitals U+0400–U+042F and their small letters U+0450–U+045F, U+0430–U+044F.
const UPPER = Array.from({ length: 0x30 }, (_, i) => String.fromCharCode(0x400 + i)).join('');
const LOWER = Array.from({ length: 0x30 }, (_, i) => String.fromCharCode(i < 0x10 ? 0x450 + i : 0x430 + i - 0x10)).join(
  '',
);
const FOLD = new Map([...UPPER].map((c, i) => [c, LOWER[i]!]));

/** `expr` folded in SQL: ASCII and Cyrillic letters to small ones, under any LC_CTYPE. */
export function foldedSql(expr: string): string {
  return `translate(lower(${expr}), '${UPPER}', '${LOWER}')`;
}

/** The same folding in JavaScript: ASCII and Cyrillic capitals to small letters, nothing else. */
export function foldText(text: string): string {
  return text.replace(/[A-Z\u0400-\u042F]/g, (c) => FOLD.get(c) ?? c.toLowerCase());
}

/** LIKE's own characters escaped (with `\`, PostgreSQL's default escape). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern that finds `query` anywhere in a {@link foldedSql} expression. */
export function containsPattern(query: string): string {
  return `%${escapeLike(foldText(query.trim()))}%`;
}
