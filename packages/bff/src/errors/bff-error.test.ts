import { errorCatalog, type BffErrorCode } from '@cloakroom/contract';
import { describe, expect, it } from 'vitest';
import { BffError } from './bff-error.ts';

const codes = Object.keys(errorCatalog) as BffErrorCode[];

describe('BffError', () => {
  it.each(codes)('takes the status and default message of %s from the contract', (code) => {
    const error = new BffError(code);
    expect(error).toMatchObject({ code, status: errorCatalog[code].status });
    expect(error.message).toBe(errorCatalog[code].message);
    expect(error.toJSON()).toEqual({ error: code, message: errorCatalog[code].message });
  });

  it('keeps an explicit message, and the status of its code', () => {
    const error = new BffError('csrf', 'Cross-site requests are refused.');
    expect(error).toMatchObject({ code: 'csrf', status: 403 });
    expect(error.toJSON()).toEqual({ error: 'csrf', message: 'Cross-site requests are refused.' });
  });

  it('takes options with or without a message', () => {
    const cause = new Error('lower layer');
    const bare = new BffError('session_store_unavailable', {
      cause,
      headers: { 'Retry-After': '1' },
    });
    expect(bare).toMatchObject({ status: 503, cause, headers: { 'Retry-After': '1' } });
    expect(bare.message).toBe(errorCatalog.session_store_unavailable.message);
    const worded = new BffError('idp_unavailable', 'A token refresh is taking too long.', {
      cause,
    });
    expect(worded).toMatchObject({ message: 'A token refresh is taking too long.', cause });
    expect(worded.headers).toEqual({});
  });
});
