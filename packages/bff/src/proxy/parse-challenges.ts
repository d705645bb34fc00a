/** One `WWW-Authenticate` challenge (RFC 9110 §11.6.1): its scheme and its auth-params. */
export interface Challenge {
  /** The auth-scheme, lower-cased (`bearer`, `dpop`). */
  scheme: string;
  /** Parameter names lower-cased; quoted values unquoted. A token68 challenge has none. */
  params: Record<string, string>;
}

const tchar = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const token68 = /^[A-Za-z0-9\-._~+/]+=*/;

/**
 * Parses `WWW-Authenticate` field values into challenges: several per value, separated by
 * commas, parameters as tokens or quoted strings (with `\` escapes, commas and `=` inside).
 * Returns `undefined` when anything does not follow the grammar, so a caller can leave such a
 * header alone instead of acting on half of it.
 *
 * @example
 * ```ts
 * parseChallenges('Basic realm="a, b", Bearer error="insufficient_user_authentication", acr_values="urn:x"');
 * // [{ scheme: 'basic', params: { realm: 'a, b' } },
 * //  { scheme: 'bearer', params: { error: 'insufficient_user_authentication', acr_values: 'urn:x' } }]
 * ```
 */
export function parseChallenges(values: string | readonly string[]): Challenge[] | undefined {
  const challenges: Challenge[] = [];
  for (const value of typeof values === 'string' ? [values] : values) {
    const parsed = parseOne(value);
    if (!parsed) return undefined;
    challenges.push(...parsed);
  }
  return challenges;
}

function parseOne(input: string): Challenge[] | undefined {
  let at = 0;
  const skip = (pattern: RegExp) => {
    while (at < input.length && pattern.test(input[at]!)) at++;
  };
  const readToken = (): string => {
    const start = at;
    while (at < input.length && tchar.test(input[at]!)) at++;
    return input.slice(start, at);
  };
  const readQuoted = (): string | undefined => {
    at++; // the opening quote
    let text = '';
    while (at < input.length) {
      const char = input[at++]!;
      if (char === '"') return text;
      if (char === '\\') {
        if (at >= input.length) return undefined;
        text += input[at++];
      } else text += char;
    }
    return undefined;
  };
  /** After a list element: end, or a comma (empty elements allowed, RFC 9110 §5.6.1). */
  const atListEnd = (): boolean => {
    skip(/[ \t]/);
    return at >= input.length || input[at] === ',';
  };

  const challenges: Challenge[] = [];
  let current: Challenge | undefined;
  while (true) {
    skip(/[ \t,]/);
    if (at >= input.length) break;
    const start = at;
    const name = readToken();
    if (!name) return undefined;
    skip(/[ \t]/);
    if (current && input[at] === '=') {
      // `name = value`: a parameter of the current challenge.
      at++;
      skip(/[ \t]/);
      const value = input[at] === '"' ? readQuoted() : readToken() || undefined;
      if (value === undefined || !atListEnd()) return undefined;
      const key = name.toLowerCase();
      if (key in current.params) return undefined; // RFC 9110: each name at most once
      current.params[key] = value;
      continue;
    }
    // A new challenge: `scheme`, then parameters, a token68, or nothing.
    at = start + name.length;
    current = { scheme: name.toLowerCase(), params: {} };
    challenges.push(current);
    const afterScheme = at;
    skip(/[ \t]/);
    if (at === afterScheme || at >= input.length || input[at] === ',') continue;
    const rest = input.slice(at);
    const param = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+[ \t]*=(?!=*[ \t]*(?:,|$))/.test(rest);
    if (param) continue; // read as `name = value` on the next turn
    const credentials = token68.exec(rest);
    if (!credentials) return undefined;
    at += credentials[0].length;
    if (!atListEnd()) return undefined;
    current = undefined; // a token68 challenge takes no parameters
  }
  return challenges;
}
