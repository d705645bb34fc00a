// `pnpm start:idp` reads IDP_RESOURCES: the real entry point as a child process.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** Runs `node src/main.ts` with `env`; resolves on exit, or on the first line once `until` matches. */
function runMain(env: Record<string, string>, until?: RegExp) {
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, IDP_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main.ts did not answer in time:\n${stdout}${stderr}`));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (until?.test(stdout)) child.kill('SIGTERM');
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('pnpm start:idp with IDP_RESOURCES', () => {
  it('refuses to start when an entry is not an absolute URI, naming it', async () => {
    const result = await runMain({ IDP_RESOURCES: 'urn:cloakroom:billing, not a uri' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('IDP_RESOURCES: expected an absolute URI, got "not a uri"');
  });

  it('starts with comma-separated resources and says which it serves', async () => {
    const result = await runMain(
      { IDP_RESOURCES: 'urn:cloakroom:billing, https://reports.example/api,' },
      /listening/,
    );
    expect(result.stdout).toContain('resources urn:cloakroom:billing https://reports.example/api');
  });
});

describe('pnpm start:idp with IDP_DPOP_NONCE', () => {
  it('refuses to start on a value other than true or false', async () => {
    const result = await runMain({ IDP_DPOP_NONCE: 'yes' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('IDP_DPOP_NONCE: expected true or false, got "yes"');
  });

  it('starts with IDP_DPOP_NONCE=true and says nonces are required', async () => {
    const result = await runMain({ IDP_DPOP_NONCE: 'true' }, /listening/);
    expect(result.stdout).toContain('DPoP nonces required');
  });
});
