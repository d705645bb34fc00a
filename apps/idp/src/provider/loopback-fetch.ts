// oidc-provider 9 hands every outgoing request an undici dispatcher that destroys sockets to
// loopback, private and other special-use addresses (an SSRF guard). The dev IdP's relying
// parties *are* on loopback (the BFF's back-channel logout URI is http://localhost:3000/...), so
// this fetch drops that dispatcher for literal loopback hosts only; any other host keeps it.

const LOOPBACK_NAMES = new Set(['localhost', '[::1]']);

/** Whether `hostname` (as `URL#hostname` spells it) names this machine's loopback interface. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    LOOPBACK_NAMES.has(host) || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host)
  );
}

type InitWithDispatcher = RequestInit & { dispatcher?: unknown };

/**
 * The provider's `fetch` option: global fetch, minus the SSRF-guard dispatcher for loopback URLs.
 *
 * @example
 * ```ts
 * new Provider(issuer, { fetch: loopbackFetch, ... });
 * ```
 */
export function loopbackFetch(
  input: string | URL | Request,
  init?: RequestInit,
): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : input);
  if (init && isLoopbackHost(url.hostname)) {
    const { dispatcher: _guard, ...rest } = init as InitWithDispatcher;
    return fetch(input, rest);
  }
  return fetch(input, init);
}
