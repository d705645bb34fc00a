/**
 * The WebSocket close code the BFF sends when the session behind a live connection ends
 * (logout, logout everywhere, a session ended by id, back-channel logout, expiry, a dead refresh
 * token). The client should not reconnect: it must log in again.
 *
 * @example
 * ```ts
 * socket.addEventListener('close', (event) => {
 *   if (event.code === sessionEndedCloseCode) showLoggedOut();
 * });
 * ```
 */
export const sessionEndedCloseCode = 4401;
