import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from './loopback-fetch.ts';

describe('isLoopbackHost', () => {
  it.each(['localhost', 'LOCALHOST', 'bff.localhost', '127.0.0.1', '127.1.2.3', '[::1]'])(
    'treats %s as loopback',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  );

  it.each(['example.com', '10.0.0.1', '192.168.1.1', '169.254.169.254', '127.example.com', '[::]'])(
    'keeps the SSRF guard for %s',
    (host) => expect(isLoopbackHost(host)).toBe(false),
  );
});
