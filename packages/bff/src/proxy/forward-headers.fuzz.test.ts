import * as fc from 'fast-check';
import { describe, it } from 'vitest';
import { upstreamHeaders } from './forward-headers.ts';
import { canonicalHeaderName } from './refused-request-headers.ts';

const refusedNames = [
  'X-Original-URL',
  'X-Original-Host',
  'X-Rewrite-URL',
  'X-HTTP-Method-Override',
  'X-HTTP-Method',
  'X-Method-Override',
  'X-Forwarded-For',
  'X-Forwarded-Host',
  'X-Forwarded-Proto',
  'X-Forwarded-Port',
  'X-Forwarded-Prefix',
  'X-Forwarded-Server',
  'X-Forwarded-Ssl',
  'X-Forwarded',
  'X-Client-IP',
  'True-Client-IP',
  'X-Real-IP',
  'Forwarded',
];
/** The values the BFF itself sets: the only ones an upstream may see under these names. */
const ours = {
  'x-forwarded-for': '10.0.0.1',
  'x-forwarded-proto': 'https',
  'x-forwarded-host': 'app.example',
};

/** A spelling of `name` that some upstream reads as `name`: any casing, `-` or `_` between words. */
const spelling = (name: string) =>
  fc
    .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
    .chain((upper) =>
      fc
        .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
        .map((underscore) =>
          [...name]
            .map((c, i) =>
              c === '-' && underscore[i] ? '_' : upper[i] ? c.toUpperCase() : c.toLowerCase(),
            )
            .join(''),
        ),
    );

describe('upstreamHeaders (property-based)', () => {
  it('never lets any spelling or casing of a refused header reach the upstream as sent', () => {
    const attack = fc
      .array(
        fc.tuple(
          fc.constantFrom(...refusedNames).chain(spelling),
          fc.constantFrom('evil', '/admin', 'DELETE', '6.6.6.6'),
        ),
        { minLength: 1, maxLength: 8 },
      )
      .map((pairs) => Object.fromEntries(pairs));
    fc.assert(
      fc.property(attack, (sent) => {
        // Node lower-cases incoming names before the proxy sees them.
        const incoming = Object.fromEntries(
          Object.entries(sent).map(([name, value]) => [name.toLowerCase(), value]),
        );
        const out = upstreamHeaders(incoming, {
          accessToken: 'AT',
          clientIp: '10.0.0.1',
          publicUrl: new URL('https://app.example'),
        });
        return Object.entries(out).every(([name, value]) => {
          const canonical = canonicalHeaderName(name);
          const refused = refusedNames.some((r) => r.toLowerCase() === canonical);
          if (!refused) return true;
          return name in ours && value === ours[name as keyof typeof ours];
        });
      }),
      { numRuns: 5000 },
    );
  });
});
