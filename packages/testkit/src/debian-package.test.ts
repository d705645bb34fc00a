import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findDebianBinary, requireDebianPackage } from './debian-package.ts';

describe('requireDebianPackage', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cloakroom-skip-'));
    vi.stubEnv('CHROMIUM_PATH', join(dir, 'no-such-chromium'));
    vi.stubEnv('CLOAKROOM_SKIP_RECORD', join(dir, 'skipped.jsonl'));
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('skips and records the package to install when its binary is missing outside CI', () => {
    vi.stubEnv('CI', '');
    expect(findDebianBinary('chromium')).toBeUndefined();
    expect(requireDebianPackage('chromium', 'the browser tests')).toBe(false);
    expect(readFileSync(join(dir, 'skipped.jsonl'), 'utf8')).toBe(
      `${JSON.stringify({ package: 'chromium', what: 'the browser tests' })}\n`,
    );
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('apt-get install chromium'));
  });

  it('fails the run in CI instead of skipping', () => {
    vi.stubEnv('CI', 'true');
    expect(() => requireDebianPackage('chromium', 'the browser tests')).toThrow(
      /chromium is not installed.*CI must have it/,
    );
  });
});
