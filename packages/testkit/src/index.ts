export { CookieJar, parseSetCookie } from './cookie-jar.ts';
export type { JarCookie } from './cookie-jar.ts';
export { HttpBrowser, isRedirect } from './http-browser.ts';
export type { Hop } from './http-browser.ts';
export { loginOverHttp } from './login-over-http.ts';
export { alice, logInBrowser } from './log-in-browser.ts';
export type { Credentials } from './log-in-browser.ts';
export { cookieName, sessionCookie } from './session-cookie.ts';
export { followNavigation } from './follow-navigation.ts';
export type { FollowedNavigation } from './follow-navigation.ts';
export { navigate } from './navigate.ts';
export type { NavigationAnswer } from './navigate.ts';
export { parseForm } from './parse-form.ts';
export type { ParsedForm } from './parse-form.ts';
export { listenOnLoopback } from './listen.ts';
export { findDebianBinary, requireDebianPackage } from './debian-package.ts';
export type { DebianPackage } from './debian-package.ts';
export { scanForSecrets } from './scan-for-secrets.ts';
export {
  canRunRedis,
  findRedisServer,
  freeLoopbackPort,
  startRedisServer,
} from './redis-server.ts';
export type { RedisServer } from './redis-server.ts';
export { findRedisCli, startRedisCluster } from './redis-cluster.ts';
export type { RedisCluster } from './redis-cluster.ts';
export { startRedisSentinel } from './redis-sentinel.ts';
export type { RedisSentinelSet } from './redis-sentinel.ts';
