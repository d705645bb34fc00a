// RFC 6749 §2.3.1 says the client id and secret are form-encoded before Basic authentication,
// and openid-client does so (`cloakroom-bff` becomes `cloakroom%2Dbff`). Some IdPs take the
// credentials as they are and answer 401 unauthorized_client. oidc-provider decodes them; this
// middleware encodes them once more, so that what the provider decodes is the raw text the
// client sent, exactly as the strict IdP would read it.
import type { Context, Next } from 'koa';

function reencode(authorization: string): string | undefined {
  const [scheme, value] = authorization.split(' ');
  if (scheme?.toLowerCase() !== 'basic' || !value) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  const [id, secret] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
  const raw = `${encodeURIComponent(id)}:${encodeURIComponent(secret)}`;
  return `Basic ${Buffer.from(raw).toString('base64')}`;
}

/**
 * A middleware (for `provider.use`) that makes client_secret_basic credentials count as sent,
 * undecoded. A client authentication that fails because of it is answered like the strict IdPs
 * do: `401 {"error":"unauthorized_client"}`. client_secret_post is not touched.
 *
 * @example
 * ```ts
 * if (behaviour.basicCredentials === 'raw') provider.use(rawBasicCredentials());
 * ```
 */
export function rawBasicCredentials() {
  return async function rawBasic(ctx: Context, next: Next): Promise<void> {
    const sent = ctx.get('authorization');
    const raw = sent ? reencode(sent) : undefined;
    if (!raw) return next();
    ctx.req.headers.authorization = raw;
    await next();
    const body = ctx.body as { error?: unknown } | undefined;
    if (ctx.status === 401 && body?.error === 'invalid_client') {
      ctx.body = {
        error: 'unauthorized_client',
        error_description: 'client authentication failed',
      };
    }
  };
}
