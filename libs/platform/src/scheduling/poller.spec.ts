import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Poller } from './poller.js';

describe('Poller', () => {
  afterEach(() => jest.useRealTimers());

  it('waits between half and one and a half intervals, so processes started together drift apart', async () => {
    jest.useFakeTimers();
    const runs: number[] = [];
    const draws = [0, 1, 0.5];
    const poller = new Poller(
      new Logger('test'),
      'test',
      async () => runs.push(Date.now()),
      () => draws.shift() ?? 0.5,
    );
    const start = Date.now();
    poller.start(1000);
    await jest.advanceTimersByTimeAsync(499);
    expect(runs).toEqual([]);
    await jest.advanceTimersByTimeAsync(1); // 0.5 × 1000
    await jest.advanceTimersByTimeAsync(1500); // 1.5 × 1000
    await jest.advanceTimersByTimeAsync(1000); // 1.0 × 1000
    expect(runs.map((t) => t - start)).toEqual([500, 2000, 3000]);
    await poller.stop();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(runs).toHaveLength(3);
  });

  it('a failed run is logged and the next one goes on', async () => {
    jest.useFakeTimers();
    let n = 0;
    const poller = new Poller(
      new Logger('test'),
      'test',
      async () => {
        n++;
        if (n === 1) throw new Error('boom');
      },
      () => 0.5,
    );
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    poller.start(100);
    await jest.advanceTimersByTimeAsync(250);
    expect(n).toBe(2);
    await poller.stop();
  });
});
