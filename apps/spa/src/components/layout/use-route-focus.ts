import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router-dom';

/**
 * After a client-side navigation, moves focus to the new page's heading (or `<main>`), as a page
 * load would, so keyboard and screen-reader users land on the new content. Not on the first load.
 *
 * @example
 * ```tsx
 * function AppLayout() { useRouteFocus(); return <main id="main" tabIndex={-1}><Outlet /></main>; }
 * ```
 */
export function useRouteFocus(): void {
  const { pathname } = useLocation();
  const focusedFor = useRef(pathname); // the first page load is not a route change
  useEffect(() => {
    if (focusedFor.current === pathname) return;
    focusedFor.current = pathname;
    const target =
      document.querySelector<HTMLElement>('#main h1') ??
      document.querySelector<HTMLElement>('#main');
    target?.focus();
  }, [pathname]);
}
