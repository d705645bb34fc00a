/**
 * Reports an error from a promise nobody awaits the way the browser reports an uncaught one
 * (window `error` event, console), instead of as an unhandled rejection. Throws on a later turn,
 * like `reportError`, which some test DOMs lack.
 *
 * @example
 * controller.refresh().catch(reportUncaught);
 */
export function reportUncaught(error: unknown): void {
  setTimeout(() => {
    throw error;
  });
}
