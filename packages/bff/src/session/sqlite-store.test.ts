import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from './sqlite-store.ts';

const record = {
  data: 'sealed',
  sub: 'alice',
  sid: 'sid-1',
  expiresAt: Date.now() + 60_000,
};

describe('createSqliteStore', () => {
  it('refuses a second store on a file another one holds, at once and saying why', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cloakroom-')), 'sessions.db');
    const first = createSqliteStore({ file });
    await first.set('k', record);
    const started = Date.now();
    expect(() => createSqliteStore({ file })).toThrow(/in use by another process/);
    // Refused at open, not after the 5 s busy timeout of a later write.
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((await first.get('k'))?.sub).toBe('alice');
    await first.close();
  });

  it('opens the file again once its holder closed it, sessions intact (a restart)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cloakroom-')), 'sessions.db');
    const before = createSqliteStore({ file });
    await before.set('k', record);
    await before.close();
    const after = createSqliteStore({ file });
    expect((await after.get('k'))?.sub).toBe('alice');
    await after.close();
  });
});
