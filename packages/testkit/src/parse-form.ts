/** A form found in an HTML page, ready to submit. */
export interface ParsedForm {
  /** Absolute URL the form submits to. */
  action: string;
  method: string;
  /** Named `<input>` values (hidden, text, ...), then the submit button's name/value if it has one. */
  fields: URLSearchParams;
}

const decode = (value: string) =>
  value
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&#x2F;', '/')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  const raw = match?.[1] ?? match?.[2] ?? match?.[3];
  return raw === undefined ? undefined : decode(raw);
}

/**
 * The first `<form>` of `html` (served at `pageUrl`), or `undefined`. Attributes may be double-,
 * single- or un-quoted; a named submit button contributes its value, as a browser submits it.
 * Enough for the IdP's own pages and oidc-provider's auto-submitting form_post pages; not a
 * general HTML parser.
 *
 * @example
 * ```ts
 * const form = parseForm(await res.text(), res.url);
 * form?.fields.set('password', 'alice-pw');
 * ```
 */
export function parseForm(html: string, pageUrl: string | URL): ParsedForm | undefined {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return undefined;
  const [, formAttributes = '', body = ''] = form;
  const tag = ` ${formAttributes}`;
  const fields = new URLSearchParams();
  for (const [input] of body.matchAll(/<input\b[^>]*>/gi)) {
    const name = attribute(input, 'name');
    if (name) fields.append(name, attribute(input, 'value') ?? '');
  }
  const button = /<button\b[^>]*>/i.exec(body)?.[0];
  const buttonName = button && attribute(button, 'name');
  if (button && buttonName) fields.append(buttonName, attribute(button, 'value') ?? '');
  return {
    action: new URL(attribute(tag, 'action') ?? '', pageUrl).href,
    method: (attribute(tag, 'method') ?? 'get').toUpperCase(),
    fields,
  };
}
