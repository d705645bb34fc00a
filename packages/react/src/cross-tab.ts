/**
 * Tells the other tabs of this origin that the session changed. Only an event name travels,
 * never data: every tab then asks the BFF itself. BroadcastChannel where there is one, else a
 * `storage` event on a key that holds nothing but the name and a timestamp.
 */

/** What one tab tells the others. */
export type CrossTabEvent = 'logged-out' | 'session-changed';

const name = 'cloakroom';

/**
 * Listens for the other tabs' events; returns `post` to send one and `close` to stop.
 *
 * @example
 * ```ts
 * const tab = openCrossTab(() => void refresh());
 * tab.post('logged-out');
 * tab.close();
 * ```
 */
export function openCrossTab(onEvent: (event: CrossTabEvent) => void): {
  post(event: CrossTabEvent): void;
  close(): void;
} {
  if (typeof BroadcastChannel == 'function') {
    const channel = new BroadcastChannel(name);
    channel.addEventListener('message', (message) => onEvent(message.data));
    return {
      // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a BroadcastChannel has none
      post: (event) => channel.postMessage(event),
      close: () => channel.close(),
    };
  }
  const onStorage = (event: StorageEvent) =>
    event.key == name && event.newValue && onEvent(event.newValue.split(' ')[0] as CrossTabEvent);
  addEventListener('storage', onStorage);
  return {
    post(event) {
      try {
        localStorage.setItem(name, event + ' ' + Date.now());
      } catch {
        // Storage disabled: the other tabs will catch up on focus.
      }
    },
    close: () => removeEventListener('storage', onStorage),
  };
}
