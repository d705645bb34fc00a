import { describe, expect, it } from 'vitest';
import { createLocalRefreshCoordinator } from './refresh-coordinator.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createLocalRefreshCoordinator', () => {
  it('runs the tasks of one key one at a time, in order of arrival, each of them', async () => {
    const coordinator = createLocalRefreshCoordinator();
    let active = 0;
    let maxActive = 0;
    const order: number[] = [];
    const task = (n: number) => async () => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      await sleep(2);
      order.push(n);
      active -= 1;
      return n;
    };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) => coordinator.run('s', task(n))),
    );
    expect(maxActive).toBe(1);
    expect(order).toEqual(results);
    expect(results).toEqual(Array.from({ length: 20 }, (_, n) => n));
  });

  it('runs the next task after one that failed, and reports each outcome to its own caller', async () => {
    const coordinator = createLocalRefreshCoordinator();
    const failing = coordinator.run('s', async () => {
      throw new Error('idp down');
    });
    const next = coordinator.run('s', async () => 'ran');
    await expect(failing).rejects.toThrow('idp down');
    await expect(next).resolves.toBe('ran');
  });

  it('keeps different keys independent: they run at the same time', async () => {
    const coordinator = createLocalRefreshCoordinator();
    let active = 0;
    let maxActive = 0;
    const task = async () => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      await sleep(5);
      active -= 1;
    };
    await Promise.all([coordinator.run('a', task), coordinator.run('b', task)]);
    expect(maxActive).toBe(2);
  });
});
