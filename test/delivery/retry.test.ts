import { describe, expect, it } from 'vitest';
import { backoffMs, classify, refusalMessage, retryAfterMs } from '../../src/delivery/retry.js';

const now = Date.UTC(2026, 10, 23, 12, 0, 0);

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs(new Date(now + 90_000).toUTCString(), now)).toBe(90_000);
  });
  it('clamps to between 1 second and 1 hour', () => {
    expect(retryAfterMs('0', now)).toBe(1000);
    expect(retryAfterMs('86400', now)).toBe(3_600_000);
    expect(retryAfterMs(new Date(now - 60_000).toUTCString(), now)).toBe(1000);
  });
  it('ignores an absent or unreadable header', () => {
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });
});

describe('classify', () => {
  it.each([200, 201, 204, 299])('treats %i as delivered', (status) => {
    expect(classify(status, null, now)).toEqual({ kind: 'delivered' });
  });
  it.each([408, 409, 425, 500, 502, 503, 504, 507])('retries %i with backoff', (status) => {
    expect(classify(status, null, now)).toEqual({ kind: 'retry', cause: 'server' });
  });
  it.each([0, 300, 302, 304])('retries status %i like a network error', (status) => {
    expect(classify(status, null, now)).toEqual({ kind: 'retry', cause: 'network' });
  });
  it.each([400, 401, 403, 404, 410, 413, 418, 422, 501, 505])('rejects %i', (status) => {
    expect(classify(status, null, now)).toEqual({ kind: 'reject', status });
  });
  it('pauses on 429 for Retry-After, or 60 s without it', () => {
    expect(classify(429, '30', now)).toEqual({ kind: 'pause', ms: 30_000 });
    expect(classify(429, null, now)).toEqual({ kind: 'pause', ms: 60_000 });
  });
  it('pauses on 503 only when it says for how long', () => {
    expect(classify(503, '5', now)).toEqual({ kind: 'pause', ms: 5000 });
  });
});

describe('backoffMs', () => {
  it('doubles from 2 s, scaled by a jitter of 0.5–1.5', () => {
    expect(backoffMs(1, () => 0)).toBe(1000);
    expect(backoffMs(1, () => 0.999999)).toBeCloseTo(3000, 0);
    expect(backoffMs(2, () => 0.5)).toBe(4000);
    expect(backoffMs(5, () => 0.5)).toBe(32_000);
  });
  it('stops growing at 15 minutes before jitter', () => {
    expect(backoffMs(10, () => 0.5)).toBe(900_000);
    expect(backoffMs(60, () => 0)).toBe(450_000);
    expect(backoffMs(60, () => 0.999999)).toBeLessThan(1_350_000);
  });
  it('spreads retries with the random source', () => {
    const samples = Array.from({ length: 1000 }, () => backoffMs(3));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(4000);
    expect(Math.max(...samples)).toBeLessThan(12_000);
    expect(new Set(samples).size).toBeGreaterThan(900);
  });
});

describe('refusalMessage', () => {
  it('tells a wrong address and a server without POST from other refusals', () => {
    const at = 'https://c.example/r';
    expect(refusalMessage(at, 1, 404)).toMatch(/refused \(HTTP 404: no such address\)/);
    expect(refusalMessage(at, 1, 501)).toMatch(/\(HTTP 501: no POST here\)/);
    expect(refusalMessage(at, 1, 403)).toMatch(/\(HTTP 403\) are kept unsent/);
  });

  it('counts the kept answers and says how to send them once the endpoint is fixed', () => {
    expect(refusalMessage('https://c.example/r', 3)).toBe(
      'surveylet: 3 answer(s) refused are kept unsent. Fix endpoint https://c.example/r, then call flush({ retryDead: true })',
    );
  });
});
