import { SharedProbe } from './shared-probe.js';

/** A check whose runs the test settles by hand. */
function controlled() {
  const runs: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const check = () =>
    new Promise<void>((resolve, reject) => {
      runs.push({ resolve, reject });
    });
  return { runs, check };
}
const settled = async <T>(p: Promise<T>) =>
  p.then(
    () => 'ok' as const,
    (e: Error) => e.message,
  );
const tick = () => new Promise((r) => setImmediate(r));

describe('SharedProbe', () => {
  it('callers that ask while a check runs share the next check, not the running one', async () => {
    const { runs, check } = controlled();
    const probe = new SharedProbe(check);
    const first = settled(probe.run());
    const waiting = [settled(probe.run()), settled(probe.run()), settled(probe.run())];
    expect(runs).toHaveLength(1);
    runs[0]!.resolve();
    expect(await first).toBe('ok');
    await tick();
    // The database went away after the first check began: those who asked later must hear it.
    expect(runs).toHaveLength(2);
    runs[1]!.reject(new Error('gone'));
    expect(await Promise.all(waiting)).toEqual(['gone', 'gone', 'gone']);
  });

  it('at most one check runs and one waits, however many ask', async () => {
    const { runs, check } = controlled();
    const probe = new SharedProbe(check);
    const all = Array.from({ length: 50 }, () => settled(probe.run()));
    expect(runs).toHaveLength(1);
    runs[0]!.reject(new Error('slow'));
    await tick();
    expect(runs).toHaveLength(2);
    runs[1]!.resolve();
    expect(await Promise.all(all)).toEqual(['slow', ...Array(49).fill('ok')]);
  });

  it('once idle, the next caller starts a fresh check', async () => {
    const { runs, check } = controlled();
    const probe = new SharedProbe(check);
    const a = settled(probe.run());
    runs[0]!.resolve();
    await a;
    const b = settled(probe.run());
    expect(runs).toHaveLength(2);
    runs[1]!.resolve();
    expect(await b).toBe('ok');
  });
});
