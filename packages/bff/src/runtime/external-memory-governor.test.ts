import { afterEach, describe, expect, it, vi } from 'vitest';
import { governExternalMemory, type ExposedGc } from './external-memory-governor.ts';

describe('governExternalMemory', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs a minor GC once buffers outside the heap grew by the threshold, then measures anew', () => {
    vi.useFakeTimers();
    let external = 100;
    const gc = vi.fn<ExposedGc>(() => {
      external = 100; // the collection freed the dead chunks
    });
    const governor = governExternalMemory({
      gc,
      collectAfterBytes: 50,
      checkEveryMs: 10,
      external: () => external,
    });
    external = 140;
    vi.advanceTimersByTime(10);
    expect(gc).not.toHaveBeenCalled();
    external = 150;
    vi.advanceTimersByTime(10);
    expect(gc).toHaveBeenCalledTimes(1);
    expect(gc).toHaveBeenCalledWith({ type: 'minor' });
    external = 149;
    vi.advanceTimersByTime(10);
    expect(gc).toHaveBeenCalledTimes(1);
    governor.stop();
    external = 1_000;
    vi.advanceTimersByTime(100);
    expect(gc).toHaveBeenCalledTimes(1);
  });

  it('counts growth from a lower point when V8 collected on its own', () => {
    vi.useFakeTimers();
    let external = 500;
    const gc = vi.fn<ExposedGc>();
    const governor = governExternalMemory({
      gc,
      collectAfterBytes: 50,
      checkEveryMs: 10,
      external: () => external,
    });
    external = 100;
    vi.advanceTimersByTime(10);
    external = 149;
    vi.advanceTimersByTime(10);
    expect(gc).not.toHaveBeenCalled();
    external = 150;
    vi.advanceTimersByTime(10);
    expect(gc).toHaveBeenCalledTimes(1);
    governor.stop();
  });
});
