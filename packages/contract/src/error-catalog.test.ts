import { describe, expect, it } from 'vitest';
import { errorBody } from './error-body.ts';
import { errorCatalog, type BffErrorCode } from './error-catalog.ts';
import { errorStatus } from './error-status.ts';

const codes = Object.keys(errorCatalog) as BffErrorCode[];

describe('errorCatalog', () => {
  it.each(codes)('gives %s a 4xx or 5xx status', (code) => {
    const { status } = errorCatalog[code];
    expect(Number.isInteger(status)).toBe(true);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(600);
  });

  it.each(codes)('gives %s a non-empty message without a placeholder', (code) => {
    const { message } = errorCatalog[code];
    expect(message.trim()).not.toBe('');
    expect(message).not.toMatch(/\$\{|\{\w*\}|%[sd]|<[^>]*>|TODO|XXX|\(\)/);
  });

  it('names each code in snake case', () => {
    for (const code of codes) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });
});

describe('errorStatus', () => {
  it('holds the catalog status of every code and nothing else', () => {
    expect(Object.keys(errorStatus).toSorted()).toEqual(codes.toSorted());
    for (const code of codes) expect(errorStatus[code]).toBe(errorCatalog[code].status);
  });
});

describe('errorBody', () => {
  it('carries the catalog message by default', () => {
    expect(errorBody('unauthenticated')).toEqual({
      error: 'unauthenticated',
      message: 'There is no session; log in first.',
    });
  });

  it('keeps an explicit message', () => {
    expect(errorBody('csrf', 'Cross-site requests are refused.')).toEqual({
      error: 'csrf',
      message: 'Cross-site requests are refused.',
    });
  });
});
