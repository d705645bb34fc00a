/**
 * What page JavaScript (and so an injected script) can read of the browser's own storage, as the
 * Security and APIs pages show it.
 */
export interface BrowserStorage {
  cookie: string;
  localStorage: Array<[string, string]>;
  sessionStorage: Array<[string, string]>;
}

function entries(storage: Storage): Array<[string, string]> {
  const result: Array<[string, string]> = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key !== null) result.push([key, storage.getItem(key) ?? '']);
  }
  return result;
}

/**
 * Reads `document.cookie` (HttpOnly cookies are not in it), `localStorage` and `sessionStorage`.
 *
 * @example
 * ```ts
 * const { cookie } = readBrowserStorage(); // '' when the only cookie is the HttpOnly session
 * ```
 */
export function readBrowserStorage(): BrowserStorage {
  return {
    cookie: document.cookie,
    localStorage: entries(window.localStorage),
    sessionStorage: entries(window.sessionStorage),
  };
}

/**
 * The storage as one text, for scanning.
 *
 * @example
 * ```ts
 * findTokenShapes(storageText(readBrowserStorage()));
 * ```
 */
export function storageText({ cookie, localStorage, sessionStorage }: BrowserStorage): string {
  return [cookie, ...[...localStorage, ...sessionStorage].map(([k, v]) => `${k}=${v}`)].join('\n');
}
