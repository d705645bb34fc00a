import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore } from './memory-store.ts';
import { describeSessionStoreContract } from './session-store-contract.ts';
import { createSqliteStore } from './sqlite-store.ts';

describeSessionStoreContract('memory', ({ now }) => createMemoryStore({ now }));

describeSessionStoreContract('sqlite', ({ now }) =>
  createSqliteStore({ file: join(mkdtempSync(join(tmpdir(), 'cloakroom-')), 's.db'), now }),
);
