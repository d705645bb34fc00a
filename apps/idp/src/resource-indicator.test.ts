import { describe, expect, it } from 'vitest';
import { resourceIndicatorProblem } from './resource-indicator.ts';

describe('resourceIndicatorProblem', () => {
  it.each(['urn:cloakroom:billing', 'https://billing.example/api', 'http://127.0.0.1:4003'])(
    'accepts the absolute URI %s',
    (value) => {
      expect(resourceIndicatorProblem(value)).toBeUndefined();
    },
  );

  it.each([
    ['billing', /absolute URI, got "billing"/],
    ['/api/billing', /absolute URI/],
    ['', /absolute URI, got ""/],
    [42, /absolute URI, got 42/],
    ['https://billing.example/#x', /no fragment/],
    ['urn:cloakroom:api', /sample API's own resource/],
  ])('refuses %j, saying why', (value, why) => {
    expect(resourceIndicatorProblem(value)).toMatch(why);
  });
});
