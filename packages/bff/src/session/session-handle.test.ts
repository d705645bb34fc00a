import { describe, expect, it } from 'vitest';
import { createSessionHandles, isWellFormedHandle } from './session-handle.ts';

describe('createSessionHandles', () => {
  const handles = createSessionHandles(['newest-secret-0123456789']);

  it('makes a 128-bit base64url handle that is not the store key and is stable for it', () => {
    const id = handles.of('store-key-1');
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(isWellFormedHandle(id)).toBe(true);
    expect(id).not.toContain('store-key-1');
    expect(handles.of('store-key-1')).toBe(id);
    expect(handles.of('store-key-2')).not.toBe(id);
  });

  it('matches a handle only to its own store key', () => {
    const id = handles.of('store-key-1');
    expect(handles.matches(id, 'store-key-1')).toBe(true);
    expect(handles.matches(id, 'store-key-2')).toBe(false);
    expect(handles.matches('not a handle', 'store-key-1')).toBe(false);
  });

  it('depends on the secret, and accepts a previous secret’s handles after rotation', () => {
    const old = createSessionHandles(['previous-secret-0123456789']);
    const rotated = createSessionHandles([
      'newest-secret-0123456789',
      'previous-secret-0123456789',
    ]);
    expect(old.of('k')).not.toBe(handles.of('k'));
    expect(rotated.of('k')).toBe(handles.of('k'));
    expect(rotated.matches(old.of('k'), 'k')).toBe(true);
    expect(handles.matches(old.of('k'), 'k')).toBe(false);
  });

  it('refuses to be made without a secret', () => {
    expect(() => createSessionHandles([])).toThrow(TypeError);
  });
});
