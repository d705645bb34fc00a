/**
 * The Lua scripts behind the Redis session store. Each runs atomically in Redis, so a write that
 * reads a version and a concurrent destroy can never interleave.
 *
 * Layout, under a prefix `P` (default `cloakroom:`):
 * - `P s:<key>`  hash `d` sealed data, `u` sub, `i` sid (absent when none), `e` expiresAt (ms),
 *   `v` version; expires (PEXPIRE) with the session;
 * - `P u:<sub>`, `P i:<sid>`  sets of session hash names, for back-channel logout, the user's
 *   list of sessions and "log out everywhere"; each set's TTL is raised to its longest-lived member's, and a member leaves
 *   its sets when its session is destroyed or moves to another sub/sid;
 * - `P m:<marker>`  replay markers, the value is the (caller's clock) time they lapse.
 *
 * Times come from the caller (`now`, `expiresAt`, TTLs in ms), never from Redis' clock, so the
 * store honours an injected clock exactly as the memory and SQLite adapters do.
 *
 * The index keys of a session's previous sub/sid are derived inside the scripts from the prefix;
 * on Redis Cluster, use a hash-tagged prefix (`{cloakroom}:`) so every key shares one slot.
 */

// Shared by set and replace: writes the hash, moves the session between indexes, sets TTLs.
// KEYS[1] session hash, KEYS[2] sub index, KEYS[3] sid index (= KEYS[2] when there is no sid)
// ARGV[1] data, ARGV[2] sub, ARGV[3] sid or '', ARGV[4] expiresAt, ARGV[5] now, ARGV[6] ttl ms,
// ARGV[7] prefix
const write = `
local function write(cur, version)
  if cur[1] and cur[1] ~= ARGV[2] then redis.call('SREM', ARGV[7] .. 'u:' .. cur[1], KEYS[1]) end
  if cur[2] and cur[2] ~= ARGV[3] then redis.call('SREM', ARGV[7] .. 'i:' .. cur[2], KEYS[1]) end
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'd', ARGV[1], 'u', ARGV[2], 'e', ARGV[4], 'v', version)
  if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'i', ARGV[3]) end
  local ttl = tonumber(ARGV[6])
  redis.call('PEXPIRE', KEYS[1], ttl)
  local function index(set)
    redis.call('SADD', set, KEYS[1])
    if redis.call('PTTL', set) < ttl then redis.call('PEXPIRE', set, ttl) end
  end
  index(KEYS[2])
  if ARGV[3] ~= '' then index(KEYS[3]) end
end
`;

/** Creates or overwrites; returns the new version (a dead record's version restarts at 1). */
export const setScript = `${write}
local cur = redis.call('HMGET', KEYS[1], 'u', 'i', 'e', 'v')
local version = 1
if cur[4] and tonumber(cur[3]) > tonumber(ARGV[5]) then version = tonumber(cur[4]) + 1 end
write(cur, version)
return version
`;

/** Compare-and-set: writes only a live record still at ARGV[8]; returns 1 or 0. */
export const replaceScript = `${write}
local cur = redis.call('HMGET', KEYS[1], 'u', 'i', 'e', 'v')
if not cur[4] or tonumber(cur[3]) <= tonumber(ARGV[5]) or cur[4] ~= ARGV[8] then return 0 end
write(cur, tonumber(cur[4]) + 1)
return 1
`;

/** KEYS[1] session hash, ARGV[1] prefix: deletes it and its index entries. */
export const destroyScript = `
local cur = redis.call('HMGET', KEYS[1], 'u', 'i')
if cur[1] then redis.call('SREM', ARGV[1] .. 'u:' .. cur[1], KEYS[1]) end
if cur[2] then redis.call('SREM', ARGV[1] .. 'i:' .. cur[2], KEYS[1]) end
return redis.call('DEL', KEYS[1])
`;

/**
 * KEYS[1] an index set, ARGV[1] prefix, ARGV[2] field ('u' or 'i'), ARGV[3] its value: deletes
 * every session in the set that still carries that value, and the set; returns how many.
 */
export const destroyByIndexScript = `
local count = 0
for _, key in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local cur = redis.call('HMGET', key, 'u', 'i')
  local value = cur[1]
  if ARGV[2] == 'i' then value = cur[2] end
  if value == ARGV[3] then
    if cur[1] then redis.call('SREM', ARGV[1] .. 'u:' .. cur[1], key) end
    if cur[2] then redis.call('SREM', ARGV[1] .. 'i:' .. cur[2], key) end
    count = count + redis.call('DEL', key)
  end
end
redis.call('DEL', KEYS[1])
return count
`;

/**
 * KEYS[1] a sub index set, ARGV[1] the sub, ARGV[2] now (caller's clock): every live session of
 * that sub as a flat list `hashName, d, i, e, v, ...`. A member whose hash is gone (Redis expired
 * it) or now names another sub leaves the set here, in the same atomic step; one that is expired
 * by the caller's clock but not yet by Redis is skipped (Redis drops it shortly).
 */
export const listByIndexScript = `
local out = {}
for _, key in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local cur = redis.call('HMGET', key, 'd', 'u', 'i', 'e', 'v')
  if not cur[1] or cur[2] ~= ARGV[1] then
    redis.call('SREM', KEYS[1], key)
  elseif tonumber(cur[4]) > tonumber(ARGV[2]) then
    table.insert(out, key)
    table.insert(out, cur[1])
    table.insert(out, cur[3] or '')
    table.insert(out, cur[4])
    table.insert(out, cur[5])
  end
end
return out
`;

/** KEYS[1] marker, ARGV[1] now, ARGV[2] lapses-at, ARGV[3] ttl ms: 1 the first time, else 0. */
export const rememberOnceScript = `
local lapses = redis.call('GET', KEYS[1])
if lapses and tonumber(lapses) > tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`;
