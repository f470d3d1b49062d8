import { describe, expect, it } from '@jest/globals';
import { MIGRATIONS } from './index.js';

/**
 * The list is the version's order of migrations: a backup records the migrations its database
 * ran and is restored only by a version that has them in the same order (libs/platform
 * backup), and TypeORM runs them by their timestamps. So the list must be in timestamp order —
 * branches merged side by side append theirs at the end, out of order.
 */
describe('the migrations list', () => {
  it('is in the order of the migrations’ timestamps, each once', () => {
    const stamps = MIGRATIONS.map((m) => Number(/(\d{13})$/.exec(m.name)?.[1]));
    expect(stamps.every((t) => Number.isFinite(t))).toBe(true);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(new Set(stamps).size).toBe(stamps.length);
  });
});
