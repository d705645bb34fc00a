export { createBff } from './create-bff.ts';
export type { Bff } from './bff.ts';
export type { Readiness } from './operations/readiness.ts';
export { BffOptionsSchema, optionProblems, parseBffOptions } from './options.ts';
export type { OptionProblem } from './options.ts';
export type { BffOptions, ResolvedBffOptions, SessionBackend } from './options.ts';
export { BffError } from './errors/bff-error.ts';
export type { BffErrorOptions } from './errors/bff-error.ts';
export { errorStatus } from '@cloakroom/contract';
export type { BffErrorCode } from '@cloakroom/contract';
export { createMemoryStore } from './session/memory-store.ts';
export { createSqliteStore } from './session/sqlite-store.ts';
export { checkSessionStore, openSessionBackend } from './backend/open-session-backend.ts';
export { createRedisStore } from './session/redis-store.ts';
export type { RedisSessionStore, RedisStoreOptions } from './session/redis-store.ts';
export { createRedisClient, duplicateRedisClient } from './redis/create-redis-client.ts';
export type { RedisClient, RedisClientOptions } from './redis/create-redis-client.ts';
export type {
  KeyedSession,
  SessionRecord,
  SessionStore,
  StoredSession,
} from './session/session-store.ts';
export type { BffSessions } from './session/operator-sessions.ts';
export type { UserSession } from './session/user-sessions.ts';
export type { SessionEndedListener } from './session/session-ender.ts';
export type { RefreshCoordinator } from './tokens/refresh-coordinator.ts';
export { createLocalRefreshCoordinator } from './tokens/refresh-coordinator.ts';
export { createRedisRefreshCoordinator } from './tokens/redis-refresh-coordinator.ts';
export type { RedisRefreshCoordinatorOptions } from './tokens/redis-refresh-coordinator.ts';
export type { TracingOptions } from './observability/tracing.ts';
export { createLogger } from './observability/logger.ts';
export { logoutConsequences } from './oidc/missing-capabilities.ts';
export type { Logger } from './observability/logger.ts';
export { governExternalMemory } from './runtime/external-memory-governor.ts';
export type { ExposedGc } from './runtime/external-memory-governor.ts';
