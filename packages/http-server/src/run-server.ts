/**
 * The `main` of a workspace server: starts it, prints one line saying where it listens, stops
 * it cleanly on SIGINT/SIGTERM (exit 0), and turns a start-up failure into one line and exit 1
 * (a busy port is an everyday mistake, not a stack trace).
 *
 * @example
 * await runServer('api', 4001, () => startApi(config), (api) => `sample API listening on ${api.url}`);
 */
export async function runServer<T extends { close(): Promise<void> }>(
  name: string,
  port: number,
  start: () => Promise<T>,
  announce: (running: T) => string,
): Promise<T> {
  let running: T;
  try {
    running = await start();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EADDRINUSE'
        ? 'the port is in use'
        : error instanceof Error
          ? error.message
          : String(error);
    console.error(`${name}: cannot start on port ${port}: ${why}`);
    process.exit(1);
  }
  process.stdout.write(`${announce(running)}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`${name}: could not stop cleanly: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return running;
}
