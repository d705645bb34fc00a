import { describe, expect, it } from 'vitest';
import { isApiTarget } from './is-api-target.ts';

describe('isApiTarget', () => {
  it.each(['/api', '/api/', '/api/notes', '/api?x=1', '/api/notes?x=1'])('takes %s', (target) => {
    expect(isApiTarget(target)).toBe(true);
  });

  it.each(['/apix', '/api-docs', '/ap', '/', '/bff/user', 'http://h/api/x', ''])(
    'leaves %j to Koa',
    (target) => {
      expect(isApiTarget(target)).toBe(false);
    },
  );
});
