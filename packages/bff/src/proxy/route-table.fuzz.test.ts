import * as fc from 'fast-check';
import { describe, it } from 'vitest';
import { BffError } from '../errors/bff-error.ts';
import { ProxyRouteSchema } from '../options.ts';
import { createRouteTable } from './route-table.ts';
import { checkRequestTarget, joinUpstreamPath } from './upstream-path.ts';

// Routes that differ in what they require: a request must never reach a looser one (or another
// upstream path) by spelling the path differently from its plain form.
const table = createRouteTable(
  [
    { path: '/api', upstream: 'http://127.0.0.1:1/', token: 'none' },
    { path: '/api/admin', upstream: 'http://127.0.0.1:1/admin', methods: ['GET'] },
    { path: '/api/billing', upstream: 'http://127.0.0.1:2/v1', token: 'client' },
  ].map((route) => ProxyRouteSchema.parse(route)),
  { connectTimeoutMs: 1, headersTimeoutMs: 1, bodyTimeoutMs: 1, connections: 1 },
);

/** Percent-decodes once, leaving malformed escapes as they are (as lenient servers do). */
const decodeOnce = (path: string) =>
  path.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );

/** RFC 3986 §5.2.4 dot-segment removal, with `\` as a separator too (IIS, some Java servers). */
function resolveDots(path: string): string {
  const out: string[] = [];
  for (const segment of path.replaceAll('\\', '/').split('/').slice(1)) {
    if (segment === '..') out.pop();
    else if (segment !== '.') out.push(segment);
  }
  return `/${out.join('/')}`;
}

/** How common upstream servers read a request path, reduced to what decides where it goes. */
const servers: Record<string, (path: string) => string> = {
  node: (path) => decodeOnce(new URL(path, 'http://upstream').pathname),
  nginx: (path) => resolveDots(decodeOnce(path).replace(/\/{2,}/g, '/')),
  tomcat: (path) =>
    resolveDots(
      path
        .split('/')
        .map((segment) => decodeOnce(segment.split(';', 1)[0]!))
        .join('/'),
    ),
  go: (path) => resolveDots(decodeOnce(path).replace(/\/{2,}/g, '/')),
  'decodes twice': (path) => resolveDots(decodeOnce(decodeOnce(path))),
};

const plainSegment = fc.constantFrom('api', 'admin', 'billing', 'notes', 'x', 'v1');
const spelledChar = (char: string) =>
  fc.constantFrom(
    char,
    char.toUpperCase(),
    `%${char.charCodeAt(0).toString(16)}`,
    `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
    `%25${char.charCodeAt(0).toString(16)}`,
  );
const spelledSegment = plainSegment.chain((segment) =>
  fc
    .tuple(...[...segment].map(spelledChar), fc.constantFrom('', '', ';', ';x=1', ';/'))
    .map((parts) => parts.join('')),
);
const oddSegment = fc.constantFrom(
  '.',
  '..',
  '%2e',
  '%2e%2e',
  '..;',
  '%252e%252e',
  '',
  '%2f',
  '\\',
);
const target = fc
  .array(fc.oneof({ weight: 4, arbitrary: spelledSegment }, { weight: 1, arbitrary: oddSegment }), {
    minLength: 1,
    maxLength: 5,
  })
  .map((segments) => `/${segments.join('/')}`);

describe('route table (property-based, against how upstream servers decode)', () => {
  it('forwards no spelling to a route, or to an upstream path, that its plain reading would not reach', () => {
    fc.assert(
      fc.property(target, (raw) => {
        let route: string;
        let upstreamPath: string;
        try {
          const checked = checkRequestTarget(raw);
          const found = table.match(checked);
          if (!found) return true;
          route = found.route.path;
          upstreamPath = joinUpstreamPath(found.rest, '', found.route.upstreamBasePath);
          const base = found.route.upstreamBasePath.replace(/\/$/, '');
          for (const [name, read] of Object.entries(servers)) {
            const seen = read(upstreamPath);
            // The upstream stays inside the route's base path...
            const inside = seen === base || seen.startsWith(`${base}/`) || base === '';
            if (!inside) throw new Error(`${name} reads ${raw} as ${seen}, outside ${base}`);
            // ...and what it reads there is what the same route would serve in plain spelling.
            const plain = `${route}${seen.slice(base.length)}`;
            const again = table.match(checkRequestTarget(plain.replaceAll(';', '')));
            if (again?.route.path !== route) {
              throw new Error(`${name} reads ${raw} as ${seen}: route ${again?.route.path}`);
            }
          }
        } catch (error) {
          if (error instanceof BffError) return error.code === 'invalid_path';
          throw error;
        }
        return true;
      }),
      { numRuns: 20_000 },
    );
  });
});
