import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCollector } from '../../src/collector/collector.js';
import { clientKey, createRateLimiter } from '../../src/collector/rateLimit.js';
import type { Db } from '../../src/collector/store.js';
import { answer, batch, post } from './fixtures.js';

describe('createRateLimiter', () => {
  it('lets a burst through, then asks the client to wait until a token is back', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 60, burst: 3 }, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(1);
    expect(limiter.take('b')).toBe(0);
    now += 1000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1);
  });
});

describe('clientKey', () => {
  const request = new Request('https://c.example/collect', {
    headers: { 'X-Forwarded-For': '6.6.6.6, 203.0.113.7' },
  });
  it('ignores X-Forwarded-For unless proxies are trusted, then takes the hop they saw', () => {
    expect(clientKey(request, '10.0.0.2', 0)).toBe('10.0.0.2');
    expect(clientKey(request, '10.0.0.2', 1)).toBe('203.0.113.7');
    expect(clientKey(request, '10.0.0.2', 2)).toBe('6.6.6.6');
  });
});

describe('the collector under a flood', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = new PGlite();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('answers 429 with Retry-After per client, and the next client is served', async () => {
    const collector = await createCollector({
      db: db as unknown as Db,
      rateLimit: { perMinute: 1, burst: 2 },
    });
    await collector.ready(); // the schema is migrated before the clock matters
    const from = (ip: string) => collector.handle(post(batch(answer(9))), { clientAddress: ip });
    expect((await from('198.51.100.1')).status).toBe(204);
    expect((await from('198.51.100.1')).status).toBe(204);
    const limited = await from('198.51.100.1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect((await limited.json()).error).toMatch(/too many requests; retry after \d+ s/);
    expect((await from('198.51.100.2')).status).toBe(204);
  });

  it('is on by default at a rate no visitor reaches', async () => {
    const collector = await createCollector({ db: db as unknown as Db });
    const statuses: number[] = [];
    for (let i = 0; i < 80; i++) {
      const reply = await collector.handle(
        new Request('https://c.example/collect', { method: 'OPTIONS' }),
        { clientAddress: '198.51.100.9' },
      );
      statuses.push(reply.status);
    }
    expect(statuses.slice(0, 60).every((s) => s === 204)).toBe(true);
    expect(statuses).toContain(429);
  });
});
