// oidc-provider ships an in-memory adapter too, but warns loudly ("you MUST change it") at every
// start. The dev IdP keeps its state in memory on purpose (restart = everyone logged out), so this
// small adapter states that choice, keeps every provider instance's data apart, and keeps the
// one behaviour the tests depend on explicit: revokeByGrantId drops every token of a grant.
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  /** Epoch ms; Infinity when the provider gave no lifetime. */
  expiresAt: number;
}

/** Models whose entries belong to a grant and die with it. */
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]);

const SWEEP_EVERY = 500;

class MemoryStore {
  readonly entries = new Map<string, Entry>();
  readonly grants = new Map<string, Set<string>>();
  readonly sessionUids = new Map<string, string>();
  readonly userCodes = new Map<string, string>();
  #writes = 0;

  get(key: string): AdapterPayload | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry?.payload;
  }

  set(key: string, payload: AdapterPayload, expiresIn: number | undefined): void {
    const expiresAt = expiresIn === undefined ? Infinity : Date.now() + expiresIn * 1000;
    this.entries.set(key, { payload, expiresAt });
    if (++this.#writes % SWEEP_EVERY === 0) this.sweep();
  }

  /** Drops expired entries so a long-running dev IdP does not grow without bound. */
  sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    for (const [grantId, keys] of this.grants) {
      for (const key of keys) if (!this.entries.has(key)) keys.delete(key);
      if (keys.size === 0) this.grants.delete(grantId);
    }
    for (const [uid, id] of this.sessionUids) {
      if (!this.entries.has(`Session:${id}`)) this.sessionUids.delete(uid);
    }
    for (const [code, key] of this.userCodes)
      if (!this.entries.has(key)) this.userCodes.delete(code);
  }
}

class MemoryAdapter implements Adapter {
  readonly #model: string;
  readonly #store: MemoryStore;

  constructor(model: string, store: MemoryStore) {
    this.#model = model;
    this.#store = store;
  }

  #key(id: string): string {
    return `${this.#model}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const key = this.#key(id);
    this.#store.set(key, payload, expiresIn);
    if (this.#model === 'Session' && payload.uid) this.#store.sessionUids.set(payload.uid, id);
    if (payload.userCode) this.#store.userCodes.set(payload.userCode, key);
    if (GRANTABLE.has(this.#model) && payload.grantId) {
      const members = this.#store.grants.get(payload.grantId) ?? new Set<string>();
      members.add(key);
      this.#store.grants.set(payload.grantId, members);
    }
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.#store.get(this.#key(id));
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const id = this.#store.sessionUids.get(uid);
    return id === undefined ? undefined : this.find(id);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const key = this.#store.userCodes.get(userCode);
    return key === undefined ? undefined : this.#store.get(key);
  }

  async consume(id: string): Promise<void> {
    const payload = this.#store.get(this.#key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.#store.entries.delete(this.#key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const key of this.#store.grants.get(grantId) ?? []) this.#store.entries.delete(key);
    this.#store.grants.delete(grantId);
  }
}

/**
 * A fresh in-memory adapter factory; each provider gets its own store.
 *
 * @example
 * ```ts
 * new Provider(issuer, { adapter: createMemoryAdapter(), ... });
 * ```
 */
export function createMemoryAdapter(): AdapterFactory {
  const store = new MemoryStore();
  return (model) => new MemoryAdapter(model, store);
}
