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

  it('reads single-quoted and unquoted attributes and decodes entities', () => {
    const form = parseForm(
      `<form method=POST action='/cb?a=1&amp;b=&#x2F;x'><input type=hidden name=code value='c&#39;d'>
       <input name="state" value=s1><input value="no name"></form>`,
      'http://127.0.0.1:3000/page',
    );
    expect(form?.action).toBe('http://127.0.0.1:3000/cb?a=1&b=/x');
    expect(form?.method).toBe('POST');
    expect([...(form?.fields ?? [])]).toEqual([
      ['code', "c'd"],
      ['state', 's1'],
    ]);
  });

  it('submits to the page itself when the form has no action', () => {
    const form = parseForm('<form><input name="a"></form>', 'http://x/here?q=1');
    expect(form?.action).toBe('http://x/here?q=1');
    expect(form?.method).toBe('GET');
    expect(form?.fields.get('a')).toBe('');
  });

  it('returns undefined when the page has no form', () => {
    expect(parseForm('<p>hi</p>', 'http://x/')).toBeUndefined();
  });
});
