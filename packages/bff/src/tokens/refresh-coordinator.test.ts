import { describe, expect, it } from 'vitest';
import { createLocalRefreshCoordinator } from './refresh-coordinator.ts';

describe('createLocalRefreshCoordinator', () => {
  it('runs one task for many concurrent callers of the same key and shares its result', async () => {
    const coordinator = createLocalRefreshCoordinator();
    let runs = 0;
    const task = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return 'fresh-token';
    };
    const results = await Promise.all(Array.from({ length: 50 }, () => coordinator.run('s', task)));
    expect(runs).toBe(1);
    expect(new Set(results)).toEqual(new Set(['fresh-token']));
  });

  it('shares a failure with every waiting caller instead of retrying per caller', async () => {
    const coordinator = createLocalRefreshCoordinator();
    let runs = 0;
    const task = async () => {
      runs += 1;
      throw new Error('idp down');
    };
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () => coordinator.run('s', task)),
    );
    expect(runs).toBe(1);
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
  });

  it('starts a new run after the previous one ended', async () => {
    const coordinator = createLocalRefreshCoordinator();
    let runs = 0;
    const task = async () => ++runs;
    expect(await coordinator.run('s', task)).toBe(1);
    expect(await coordinator.run('s', task)).toBe(2);
  });

  it('keeps different keys independent', async () => {
    const coordinator = createLocalRefreshCoordinator();
    let runs = 0;
    const task = async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    await Promise.all([coordinator.run('a', task), coordinator.run('b', task)]);
    expect(runs).toBe(2);
  });
});
