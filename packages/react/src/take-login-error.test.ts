import { describe, expect, test, vi } from 'vitest';
import { takeLoginError } from './take-login-error.ts';

const here = () => location.pathname + location.search + location.hash;

describe('takeLoginError', () => {
  test("returns the code (here the IdP's) and removes it from the address bar", () => {
    history.replaceState(null, '', '/notes?login_error=access_denied');
    expect(takeLoginError()).toEqual({ code: 'access_denied' });
    expect(here()).toBe('/notes');
  });

  test('a second call (a reload would be the same) finds nothing', () => {
    history.replaceState(null, '', '/?login_error=idp_unavailable');
    expect(takeLoginError()).toEqual({ code: 'idp_unavailable' });
    expect(takeLoginError()).toBeUndefined();
    expect(here()).toBe('/');
  });

  test('keeps every other parameter as it was spelled, the hash and the history state', () => {
    const state = { usr: null, key: 'k1', idx: 3 };
    history.replaceState(
      state,
      '',
      '/notes?filter=a%20b&login_error=login_transaction_missing&q=x+y#top',
    );
    expect(takeLoginError()).toEqual({ code: 'login_transaction_missing' });
    expect(here()).toBe('/notes?filter=a%20b&q=x+y#top');
    expect(history.state).toEqual(state);
  });

  test('also recognises percent-encoded parameter names', () => {
    history.replaceState(null, '', '/?login%5Ferror=invalid_callback&a=1');
    expect(takeLoginError()).toEqual({ code: 'invalid_callback' });
    expect(here()).toBe('/?a=1');
  });

  test('hands back an unknown code unchanged, for the app to describe generically', () => {
    history.replaceState(null, '', '/?login_error=%3Cimg%20src%3Dx%3E');
    expect(takeLoginError()).toEqual({ code: '<img src=x>' });
  });

  test('removes an empty login_error but reports no error', () => {
    history.replaceState(null, '', '/profile?login_error=');
    expect(takeLoginError()).toBeUndefined();
    expect(here()).toBe('/profile');
  });

  test('leaves a URL without them alone', () => {
    history.replaceState(null, '', '/notes?filter=a');
    const replace = vi.spyOn(history, 'replaceState');
    expect(takeLoginError()).toBeUndefined();
    expect(replace).not.toHaveBeenCalled();
    expect(here()).toBe('/notes?filter=a');
  });
});
