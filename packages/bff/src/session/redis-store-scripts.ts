/**
 * The Lua scripts behind the Redis session store. Each touches exactly one key (its KEYS[1]),
 * so each runs atomically on whichever Redis Cluster node holds that key; see
 * docs/decisions/015-redis-cluster-key-layout.md for why no script spans a session and its
 * user's index.
 *
 * Layout, under a prefix `P` (default `cloakroom:`):
 * - `P s:<key>`  hash `d` sealed data, `u` sub, `i` sid (absent when none), `e` expiresAt (ms),
 *   `v` version; expires (PEXPIRE) with the session. The truth about a session.
 * - `P u:<sub>`, `P i:<sid>`  sets of session *keys* (not hash names): the indexes for the user's
 *   list of sessions, "log out everywhere" and back-channel logout. Each set's TTL is raised to
 *   its longest-lived member's. An index may hold a stale entry (a session since destroyed,
 *   expired or moved to another sub/sid); every reader checks the hash and drops such entries.
 * - `P m:<marker>`  replay markers, the value is the (caller's clock) time they lapse.
 *
 * The keys spread over the cluster by their own names: a user's sessions live on many nodes,
 * and their index on one. No key carries a hash tag of ours; a prefix with one (`{cloakroom}:`)
 * still works, but puts every key on a single node.
 *
 * Times come from the caller (`now`, `expiresAt`, TTLs in ms), never from Redis' clock, so the
 * store honours an injected clock exactly as the memory and SQLite adapters do.
 */

// Shared by set and replace: writes the hash and its TTL.
// KEYS[1] session hash; ARGV[1] data, ARGV[2] sub, ARGV[3] sid or '', ARGV[4] expiresAt,
// ARGV[5] now, ARGV[6] ttl ms. Both scripts answer { version written or 0, previous sub or '',
// previous sid or '' }: the caller moves the session out of indexes it no longer belongs to.
const write = `
local function write(version)
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'd', ARGV[1], 'u', ARGV[2], 'e', ARGV[4], 'v', version)
  if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'i', ARGV[3]) end
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[6]))
end
local cur = redis.call('HMGET', KEYS[1], 'u', 'i', 'e', 'v')
local live = cur[4] and tonumber(cur[3]) > tonumber(ARGV[5])
`;

/** Creates or overwrites; the version restarts at 1 over a dead record. */
export const setScript = `${write}
local version = 1
if live then version = tonumber(cur[4]) + 1 end
write(version)
return { version, cur[1] or '', cur[2] or '' }
`;

/** Compare-and-set: writes only a live record still at version ARGV[7]. */
export const replaceScript = `${write}
if not live or cur[4] ~= ARGV[7] then return { 0, '', '' } end
write(tonumber(cur[4]) + 1)
return { tonumber(cur[4]) + 1, cur[1] or '', cur[2] or '' }
`;

/** KEYS[1] an index set, ARGV[1] a session key, ARGV[2] its ttl ms: adds it, keeps the set alive. */
export const indexScript = `
redis.call('SADD', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1
`;

/**
 * KEYS[1] session hash; ARGV[1] '' (delete it whatever it holds) or a field ('u' or 'i') and
 * ARGV[2] the value it must still hold. Answers { deleted 0/1, sub or '', sid or '' } of what
 * was there, so the caller can take it out of its indexes.
 */
export const destroyScript = `
local cur = redis.call('HMGET', KEYS[1], 'u', 'i')
if ARGV[1] ~= '' and redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then
  return { 0, cur[1] or '', cur[2] or '' }
end
return { redis.call('DEL', KEYS[1]), cur[1] or '', cur[2] or '' }
`;

/** KEYS[1] marker, ARGV[1] now, ARGV[2] lapses-at, ARGV[3] ttl ms: 1 the first time, else 0. */
export const rememberOnceScript = `
local lapses = redis.call('GET', KEYS[1])
if lapses and tonumber(lapses) > tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`;
