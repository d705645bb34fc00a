import { describe, expect, it } from 'vitest';
import { parseRedisTarget } from './redis-target.ts';

describe('parseRedisTarget', () => {
  it('leaves a redis:// or rediss:// URL to ioredis, query and all', () => {
    expect(parseRedisTarget('redis://127.0.0.1:6379/2?family=6')).toEqual({
      kind: 'standalone',
      url: 'redis://127.0.0.1:6379/2?family=6',
    });
    expect(parseRedisTarget('rediss://h:6380').kind).toBe('standalone');
  });

  it('reads the start-up nodes and credentials of redis-cluster://', () => {
    expect(
      parseRedisTarget('redis-cluster://u:p%40ss@10.0.0.1:7000, [::1]:7001,redis-2:7002/'),
    ).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '::1', port: 7001 },
        { host: 'redis-2', port: 7002 },
      ],
      username: 'u',
      password: 'p@ss',
      tls: false,
    });
    expect(parseRedisTarget('rediss-cluster://:secret@h:7000')).toMatchObject({
      password: 'secret',
      tls: true,
    });
  });

  it('reads the sentinels and the master name of redis-sentinel://', () => {
    expect(parseRedisTarget('redis-sentinel://10.0.0.1:26379,10.0.0.2:26379/my%20master')).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26379 },
      ],
      name: 'my master',
      tls: false,
    });
  });

  it('refuses malformed URLs with a TypeError that names the problem', () => {
    const refusals: Array<[string, RegExp]> = [
      ['memcached://h:1', /must be redis:\/\/host:port/],
      ['redis-cluster://', /list of host:port \(got ""\)/],
      ['redis-cluster://h:7000,,h:7001', /list of host:port/],
      ['redis-cluster://h:0', /list of host:port/],
      ['redis-cluster://h:7000?tls=1', /no query/],
      ['redis-cluster://h:7000/0', /takes no path/],
      ['redis-sentinel://h:26379', /master name/],
      ['redis-sentinel://h:26379/a/b', /master name/],
      ['redis-sentinel://u:%zz@h:26379/m', /password is not valid percent-encoding/],
    ];
    for (const [url, message] of refusals) {
      let error: unknown;
      try {
        parseRedisTarget(url);
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(TypeError);
      expect({ url, message: (error as Error).message }).toEqual({
        url,
        message: expect.stringMatching(message),
      });
    }
  });

  it('never puts a password into its error', () => {
    for (const url of ['redis-cluster://u:hunter2@nohostport', 'redis-cluster://u:hun/ter2@h:1']) {
      expect(() => parseRedisTarget(url)).toThrow(/host:port$/);
    }
  });
});
