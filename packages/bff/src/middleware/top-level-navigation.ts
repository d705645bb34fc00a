import type { Middleware } from 'koa';
import { BffError } from '../errors/bff-error.ts';

/**
 * `/bff/login` starts only from a top-level navigation. Browsers name every request's
 * destination in `Sec-Fetch-Dest` (`empty` for fetch, `image`, `iframe`, …; `document` for a
 * top-level navigation), so a login cannot be started by another page's `fetch()`, `<img>` or
 * hidden `<iframe>`. Clients that send no Fetch Metadata (curl, server-side code) are not
 * browsers and carry no ambient cookies to abuse; they pass.
 */
export const requireTopLevelNavigation: Middleware = async function requireTopLevelNavigation(
  ctx,
  next,
) {
  const dest = ctx.get('sec-fetch-dest');
  if (dest !== '' && dest !== 'document') {
    throw new BffError('csrf', 'Login starts from a top-level navigation.');
  }
  await next();
};
