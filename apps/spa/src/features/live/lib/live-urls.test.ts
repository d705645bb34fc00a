import { describe, expect, it } from 'vitest';
import { echoSocketUrl } from './live-urls.ts';

describe('echoSocketUrl', () => {
  it('uses ws: on an http page and wss: on an https page, on the same host and port', () => {
    expect(echoSocketUrl(new URL('http://localhost:3000/live'))).toBe(
      'ws://localhost:3000/api/live/echo',
    );
    expect(echoSocketUrl(new URL('https://app.example/live?x=1'))).toBe(
      'wss://app.example/api/live/echo',
    );
  });
});
