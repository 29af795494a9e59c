// @vitest-environment node
// Pure code: no DOM, so nothing here passes on a global only happy-dom provides.
import { describe, expect, it } from 'vitest';
import { matchesUrl, urlAllowed } from '../../src/targeting/urls.js';

describe('matchesUrl', () => {
  const url = 'https://shop.example.com/checkout/step/2?coupon=x#top';
  it.each([
    ['/checkout/*', true],
    ['/checkout', false],
    ['/check*', true],
    ['/account/*', false],
    ['https://shop.example.com/checkout/*', true],
    ['*://*.example.com/*', true],
    ['/\\/step\\/\\d+/', true],
    ['/STEP/i', true],
    ['/^https:\\/\\/other/', false],
    ['/[unclosed/', false],
  ])('%s is %s', (pattern, expected) => {
    expect(matchesUrl(pattern, url)).toBe(expected);
  });

  it('matches a full-URL glob without the fragment, and a path glob without the query', () => {
    expect(matchesUrl('https://shop.example.com/checkout/step/2?coupon=x', url)).toBe(true);
    expect(matchesUrl('*#top', url)).toBe(false);
    expect(matchesUrl('/checkout/step/2', url)).toBe(true);
  });

  it('takes a glob’s dots and question marks literally', () => {
    expect(matchesUrl('https://shop.example.com/*', url)).toBe(true);
    expect(matchesUrl('https://shopXexample.com/*', url)).toBe(false);
    expect(matchesUrl('https://shop.example.com/checkout/step/2Xcoupon=x', url)).toBe(false);
  });
});

describe('urlAllowed', () => {
  const at = (path: string) => `https://shop.example.com${path}`;

  it('allows every URL when a survey names none, or only exclusions', () => {
    expect(urlAllowed(undefined, at('/'))).toBe(true);
    expect(urlAllowed({ include: [] }, at('/'))).toBe(true);
    expect(urlAllowed({ exclude: ['/admin*'] }, at('/cart'))).toBe(true);
  });

  it('needs one include to match and no exclude to match', () => {
    const urls = { include: ['/checkout/*', '/cart'], exclude: ['/checkout/admin*'] };
    expect(urlAllowed(urls, at('/cart'))).toBe(true);
    expect(urlAllowed(urls, at('/checkout/done'))).toBe(true);
    expect(urlAllowed(urls, at('/checkout/admin/orders'))).toBe(false);
    expect(urlAllowed(urls, at('/account'))).toBe(false);
  });
});
