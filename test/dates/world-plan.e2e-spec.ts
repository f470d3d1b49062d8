import { describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { assertWorldInvariants, worldAnchor, worldTimes } from '../support/world.js';

// The test world is built by several suites on whatever day CI runs. Walk every hour-quarter
// boundary of the next four years (DST nights, 31 December, 29 February included) and check
// that its times stay valid: working days, in the future, never on top of each other.
describe('the test world is placed the same way on every day', () => {
  it('keeps its invariants from every starting moment of four years', () => {
    const start = DateTime.now().setZone('Europe/Sofia').startOf('day');
    let checked = 0;
    for (let t = start; t < start.plus({ years: 4 }); t = t.plus({ hours: 5, minutes: 15 })) {
      const times = worldTimes(t);
      expect(worldAnchor(t).weekday).toBe(1);
      expect(times.oneOnOne.start.diff(t, 'days').days).toBeGreaterThanOrEqual(7);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(6000);
  });

  it('refuses a plan whose objects collide, fall on a weekend or lie in the past', () => {
    const now = DateTime.fromISO('2026-12-02T12:00', { zone: 'Europe/Sofia' });
    const at = (iso: string, hours = 1) => {
      const start = DateTime.fromISO(iso, { zone: 'Europe/Sofia' });
      return { start, end: start.plus({ hours }) };
    };
    expect(() => assertWorldInvariants({ a: at('2026-12-24T10:00'), b: at('2026-12-24T11:00') }, now)).not.toThrow();
    // The collision that broke the suite on 2 December 2026: the draft and the committee meeting.
    expect(() =>
      assertWorldInvariants({ draft: at('2026-12-24T10:00', 2), committee: at('2026-12-24T10:00', 2) }, now),
    ).toThrow('overlaps');
    expect(() => assertWorldInvariants({ a: at('2026-12-26T10:00') }, now)).toThrow('weekend');
    expect(() => assertWorldInvariants({ a: at('2026-12-01T10:00') }, now)).toThrow('not in the future');
  });
});
