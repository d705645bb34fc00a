import { createConnection } from 'node:net';

/** `total_commands_processed` of the Redis at `url` (one INFO command, counted in it). */
export function redisCommandsProcessed(url: string): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: hostname, port: Number(port) });
    let text = '';
    socket.setTimeout(2_000, () => socket.destroy(new Error('redis INFO timed out')));
    socket.on('error', reject);
    socket.on('connect', () => socket.write('INFO stats\r\n'));
    socket.on('data', (data) => {
      text += data.toString();
      const match = /total_commands_processed:(\d+)/.exec(text);
      if (match) {
        socket.destroy();
        resolve(Number(match[1]));
      }
    });
  });
}
