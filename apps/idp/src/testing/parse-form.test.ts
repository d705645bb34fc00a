import { describe, expect, it } from 'vitest';
import { parseForm } from './parse-form.ts';

describe('parseForm', () => {
  it('reads action, method, inputs and the named submit button', () => {
    const form = parseForm(
      `<form id="f" method="post" action="/session/end/confirm"><input type="hidden" name="xsrf" value="a&amp;b"/>
       <button type="submit" name="logout" value="yes">Sign out</button></form>`,
      'http://127.0.0.1:4000/session/end?x=1',
    );
    expect(form?.action).toBe('http://127.0.0.1:4000/session/end/confirm');
    expect(form?.method).toBe('POST');
    expect(form?.fields.toString()).toBe('xsrf=a%26b&logout=yes');
  });

  it('returns undefined when the page has no form', () => {
    expect(parseForm('<p>hi</p>', 'http://x/')).toBeUndefined();
  });
});
