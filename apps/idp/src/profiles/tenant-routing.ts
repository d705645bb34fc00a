// Entra serves one tenant's endpoints under /<tenant>/v2.0 and the multi-tenant aliases under
// /common/v2.0 and /organizations/v2.0. oidc-provider takes a path prefix the way Express
// mounts do: `req.originalUrl` keeps the full path, `req.url` the part after the prefix, and the
// URLs it builds (discovery, resume, form actions) keep the prefix the request came with.
// Unprefixed paths keep working too: the interaction pages live at /interaction/... whatever
// the issuer's path.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MULTI_TENANT_PREFIXES, TENANT_PREFIX } from './dev-tenant.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const multiTenant = new WeakSet<IncomingMessage>();

/** Whether `req` came in under `/common/v2.0` or `/organizations/v2.0`. */
export function isMultiTenantRequest(req: IncomingMessage): boolean {
  return multiTenant.has(req);
}

function stripPrefix(req: IncomingMessage, prefix: string): boolean {
  const url = req.url ?? '/';
  if (url !== prefix && !url.startsWith(`${prefix}/`) && !url.startsWith(`${prefix}?`)) {
    return false;
  }
  (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
  const rest = url.slice(prefix.length);
  req.url = rest.startsWith('/') ? rest : `/${rest}`;
  return true;
}

/**
 * Wraps the provider's node:http handler so its endpoints answer under the tenant prefix and
 * the multi-tenant ones as well.
 *
 * @example
 * ```ts
 * http.createServer(tenantRouting(provider.callback()));
 * ```
 */
export function tenantRouting(handler: Handler): Handler {
  return (req, res) => {
    if (!stripPrefix(req, TENANT_PREFIX)) {
      for (const prefix of MULTI_TENANT_PREFIXES) {
        if (stripPrefix(req, prefix)) {
          multiTenant.add(req);
          break;
        }
      }
    }
    handler(req, res);
  };
}
