/**
 * Plain `fetch` on purpose, not openid-client: its discovery refuses a document whose issuer
 * does not match, and the doctor's job is to say *what* does not match. Every failure becomes
 * a short reason class ("connection refused", "HTTP 404", "not JSON"), never a stack trace.
 */
export type Fetched =
  | { ok: true; url: string; body: Record<string, unknown> }
  | { ok: false; url: string; kind: 'unreachable' | 'http' | 'not-json'; reason: string };

export const fetchTimeoutMs = 5_000;

/**
 * GETs `url` as JSON within `timeoutMs`, expecting an object.
 *
 * @example
 * const discovery = await fetchJson('https://idp.example/.well-known/openid-configuration');
 * if (!discovery.ok) console.error(`${discovery.url} cannot be reached: ${discovery.reason}`);
 */
export async function fetchJson(url: string, timeoutMs = fetchTimeoutMs): Promise<Fetched> {
  let text: string;
  try {
    const response = await fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) {
      await response.body?.cancel();
      return { ok: false, url, kind: 'http', reason: `HTTP ${response.status}` };
    }
    text = await response.text();
  } catch (error) {
    return { ok: false, url, kind: 'unreachable', reason: reasonOf(error, timeoutMs) };
  }
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
      return { ok: true, url, body: body as Record<string, unknown> };
    }
    return { ok: false, url, kind: 'not-json', reason: 'not a JSON object' };
  } catch {
    return { ok: false, url, kind: 'not-json', reason: 'not JSON' };
  }
}

/** undici wraps the socket's error (sometimes an AggregateError, one per address) in `cause`. */
function reasonOf(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  const cause = (
    error as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }
  ).cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  // The fetch standard blocks some ports (1, 9, 25, 6000, …) before any connection.
  if (cause?.message === 'bad port') return 'port blocked by fetch (bad port)';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host name not found (DNS)';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection closed by the server';
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'connection timed out';
  if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return `TLS certificate not accepted (${code})`;
  }
  if (code) return `network error (${code})`;
  return error instanceof TypeError ? 'invalid URL or network error' : 'network error';
}
