import { describe, expect, it } from 'vitest';
import { describeDevice } from './describe-device.ts';

describe('describeDevice', () => {
  it('names a desktop browser with its major version and its system', () => {
    expect(
      describeDevice('Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0'),
    ).toEqual({ label: 'Firefox 140 on Linux', kind: 'desktop' });
  });

  it('names a phone browser and says it is mobile', () => {
    const iphone =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1';
    expect(describeDevice(iphone)).toEqual({ label: 'Safari 18 on iOS 18.0', kind: 'mobile' });
  });

  it('names headless Chromium on Linux', () => {
    const chromium =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36';
    expect(describeDevice(chromium).label).toMatch(/^Chrom\w* 156 on Linux$/);
  });

  it('says "Unknown browser" for an empty or unrecognised agent', () => {
    expect(describeDevice('')).toEqual({ label: 'Unknown browser', kind: 'unknown' });
    expect(describeDevice('curl-ish/1').label).toBe('Unknown browser');
  });
});
