import { describe, expect, it } from 'vitest';
import { parseLiveEvent } from './parse-live-event.ts';

describe('parseLiveEvent', () => {
  it('reads the sample API event', () => {
    expect(parseLiveEvent('{"counter":3,"time":"2026-12-07T08:00:00.000Z","sub":"alice"}')).toEqual(
      { counter: 3, time: '2026-12-07T08:00:00.000Z', sub: 'alice' },
    );
  });

  it.each([
    ['not JSON', 'hello'],
    ['null', 'null'],
    ['a missing counter', '{"time":"2026-12-07T08:00:00.000Z","sub":"a"}'],
    ['a fractional counter', '{"counter":1.5,"time":"2026-12-07T08:00:00.000Z","sub":"a"}'],
    ['a bad time', '{"counter":1,"time":"yesterday","sub":"a"}'],
    ['a numeric sub', '{"counter":1,"time":"2026-12-07T08:00:00.000Z","sub":1}'],
    ['a non-string', 42],
  ])('ignores %s', (_name, data) => {
    expect(parseLiveEvent(data)).toBeUndefined();
  });
});
