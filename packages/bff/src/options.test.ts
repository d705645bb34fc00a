import { describe, expect, it } from 'vitest';
import { parseBffOptions, type BffOptions } from './options.ts';
import { createMemoryStore } from './session/memory-store.ts';

const valid: BffOptions = {
  publicUrl: 'https://app.example.com',
  issuer: 'https://id.example.com',
  clientId: 'spa-bff',
  clientSecret: 'secret',
  apiUpstream: 'http://api.internal:8080',
  backend: { store: createMemoryStore() },
  secrets: ['a-secret-of-at-least-16-chars'],
};

describe('parseBffOptions', () => {
  it('refuses a store that lacks a method the BFF calls (ping, close)', () => {
    const { ping: _ping, ...withoutPing } = createMemoryStore();
    expect(() => parseBffOptions({ ...valid, backend: { store: withoutPing as never } })).toThrow(
      /backend\.store: store must implement the SessionStore contract/,
    );
  });
});
