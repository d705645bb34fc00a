import type { ApiIdentity } from '@cloakroom/contract';
import { useApiFetch } from '@cloakroom/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { demoRoutes } from '../lib/demo-routes.ts';
import { getApiIdentity } from './get-api-identity.ts';

/** Where one route's call stands. */
export type IdentityCall =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; identity: ApiIdentity };

const allLoading = (): Record<string, IdentityCall> =>
  Object.fromEntries(demoRoutes.map((route) => [route.path, { status: 'loading' }]));

/**
 * Calls every demo route's `/me` in parallel and keeps each answer or failure apart, so one
 * failing API leaves the others' cards alone. `retry` calls one route again, `callAll` all.
 *
 * @example
 * ```ts
 * const { calls, retry, callAll } = useApiIdentities();
 * calls['/api/billing']?.status; // 'loading' | 'error' | 'ready'
 * ```
 */
export function useApiIdentities(): {
  calls: Record<string, IdentityCall>;
  retry: (path: string) => void;
  callAll: () => void;
} {
  const api = useApiFetch();
  const [calls, setCalls] = useState(allLoading);
  // Per route, the number of its latest call: only that call's answer is shown, so a slow answer
  // to an earlier call cannot overwrite a newer one, and nothing lands after unmounting.
  const latest = useRef(new Map<string, number>());

  const start = useCallback(
    (path: string) => {
      const id = (latest.current.get(path) ?? 0) + 1;
      latest.current.set(path, id);
      const settle = (call: IdentityCall) => {
        if (latest.current.get(path) === id) setCalls((all) => ({ ...all, [path]: call }));
      };
      getApiIdentity(api, path).then(
        (identity) => settle({ status: 'ready', identity }),
        (error: unknown) => settle({ status: 'error', error }),
      );
    },
    [api],
  );

  useEffect(() => {
    const calling = latest.current;
    for (const route of demoRoutes) start(route.path);
    return () => {
      for (const route of demoRoutes) calling.set(route.path, (calling.get(route.path) ?? 0) + 1);
    };
  }, [start]);

  const retry = useCallback(
    (path: string) => {
      setCalls((all) => ({ ...all, [path]: { status: 'loading' } }));
      start(path);
    },
    [start],
  );

  const callAll = useCallback(() => {
    setCalls(allLoading());
    for (const route of demoRoutes) start(route.path);
  }, [start]);

  return { calls, retry, callAll };
}
