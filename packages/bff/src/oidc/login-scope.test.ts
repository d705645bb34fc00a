import { describe, expect, it } from 'vitest';
import { ProxyRouteSchema } from '../options.ts';
import { loginScope } from './login-scope.ts';

const routes = [
  { path: '/api', upstream: 'http://a' },
  { path: '/api/b', upstream: 'http://b', resource: 'urn:b', scope: 'b:read openid' },
  { path: '/api/c', upstream: 'http://c', token: 'user-or-none', resource: 'urn:c' },
  { path: '/api/d', upstream: 'http://d', token: 'client', resource: 'urn:d', scope: 'd' },
  { path: '/api/e', upstream: 'http://e', scope: 'api://e/.default' },
].map((route) => ProxyRouteSchema.parse(route));

describe('loginScope', () => {
  it('asks at login for every user route’s resource and its scope, once each', () => {
    expect(loginScope('openid profile offline_access', routes)).toEqual({
      scope: 'openid profile offline_access b:read',
      resources: ['urn:b', 'urn:c'],
    });
  });

  it('leaves out client routes and scope-only routes (Entra: one API per request)', () => {
    const { scope, resources } = loginScope('openid', routes);
    expect(resources).not.toContain('urn:d');
    expect(scope.split(' ')).not.toContain('d');
    expect(scope.split(' ')).not.toContain('api://e/.default');
  });
});
