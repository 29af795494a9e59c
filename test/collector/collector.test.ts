import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Collector, createCollector } from '../../src/collector/collector.js';
import type { Db } from '../../src/collector/store.js';
import { answer, batch, post } from './fixtures.js';

let db: PGlite;
let collector: Collector;

beforeAll(async () => {
  db = new PGlite();
  collector = await createCollector({
    db: db as unknown as Db,
    maxBodyBytes: 8 * 1024,
    readToken: 'operator-key',
  });
}, 60_000);
afterAll(async () => {
  await collector?.close();
  await db?.close();
});

const stored = async (id: string) =>
  (
    await db.query<{ revision: number }>('SELECT revision FROM surveylet_responses WHERE id = $1', [
      id,
    ])
  ).rows;

describe('POST (ingest)', () => {
  it('stores a batch sent as text/plain and answers 204', async () => {
    const response = answer(9);
    const reply = await collector.handle(
      post(batch(response), { Origin: 'https://shop.example.com' }),
    );
    expect(reply.status).toBe(204);
    expect(reply.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(await stored(response.id)).toEqual([{ revision: 1 }]);
  });

  it('answers a repeat with the same 2xx and a lower revision with a 2xx no-op', async () => {
    const first = answer(2);
    const second = { ...first, revision: 2, comment: 'why' };
    expect((await collector.handle(post(batch(second)))).status).toBe(204);
    expect((await collector.handle(post(batch(second)))).status).toBe(204);
    expect((await collector.handle(post(batch(first)))).status).toBe(204);
    expect(await stored(first.id)).toEqual([{ revision: 2 }]);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const reply = await collector.handle(post('{"v":1,'));
    expect(reply.status).toBe(400);
    expect(await reply.json()).toEqual({ error: 'body is not valid JSON' });
  });

  it('answers 422 naming the bad field, and stores nothing of the batch', async () => {
    const good = answer(10);
    const reply = await collector.handle(post(batch(good, answer(9, undefined, { score: 12 }))));
    expect(reply.status).toBe(422);
    expect(await reply.json()).toEqual({
      error: 'responses[1].score must be an integer from 0 to 10 (got 12)',
    });
    expect(await stored(good.id)).toEqual([]);
  });

  it('answers 413 for a body over the limit, declared or not', async () => {
    const huge = batch(answer(9, undefined, { comment: 'x'.repeat(9000) }));
    expect((await collector.handle(post(huge))).status).toBe(413);
    expect((await collector.handle(post(huge, { 'Content-Length': '999999' }))).status).toBe(413);
  });

  it('answers 405 to other methods', async () => {
    const reply = await collector.handle(
      new Request('https://collect.example.com/collect', { method: 'PUT' }),
    );
    expect(reply.status).toBe(405);
    expect(reply.headers.get('Allow')).toBe('POST, GET, HEAD, OPTIONS');
  });

  it('stores page URLs without query and fragment unless told to keep them', async () => {
    const page = {
      url: 'https://shop.example.com/done?token=s3cret#x',
      referrer: 'https://a.example/?q=me',
    };
    const response = answer(9, undefined, { page });
    await collector.handle(post(batch(response)));
    const { rows } = await db.query<{ page_url: string; body: { page: unknown } }>(
      'SELECT page_url, body FROM surveylet_responses WHERE id = $1',
      [response.id],
    );
    expect(rows[0]?.page_url).toBe('https://shop.example.com/done');
    expect(JSON.stringify(rows[0]?.body)).not.toContain('s3cret');
    const keeping = await createCollector({ db: db as unknown as Db, keepPageQuery: true });
    const kept = answer(9, undefined, { page });
    await keeping.handle(post(batch(kept)));
    const again = await db.query<{ page_url: string }>(
      'SELECT page_url FROM surveylet_responses WHERE id = $1',
      [kept.id],
    );
    expect(again.rows[0]?.page_url).toBe(page.url);
  });
});

describe('OPTIONS (preflight)', () => {
  it('allows the headers asked for, for opted-in JSON requests', async () => {
    const reply = await collector.handle(
      new Request('https://collect.example.com/collect', {
        method: 'OPTIONS',
        headers: {
          Origin: 'https://shop.example.com',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type,idempotency-key,x-api-key',
        },
      }),
    );
    expect(reply.status).toBe(204);
    expect(reply.headers.get('Access-Control-Allow-Headers')).toBe(
      'content-type,idempotency-key,x-api-key',
    );
    expect(reply.headers.get('Access-Control-Allow-Methods')).toContain('POST');
  });
});

describe('allow-lists', () => {
  it('refuses origins and survey ids it was not told to accept', async () => {
    const strict = await createCollector({
      db: db as unknown as Db,
      allowOrigins: ['https://shop.example.com'],
      allowSurveys: ['nps'],
    });
    const other = await strict.handle(post(batch(answer(9)), { Origin: 'https://evil.example' }));
    expect(other.status).toBe(403);
    expect(other.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const mine = await strict.handle(
      post(batch(answer(9)), { Origin: 'https://shop.example.com' }),
    );
    expect(mine.status).toBe(204);
    expect(mine.headers.get('Access-Control-Allow-Origin')).toBe('https://shop.example.com');
    const unknown = await strict.handle(post(batch(answer(4, { id: 'csat', type: 'csat' }))));
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toEqual({
      error: 'responses[0].surveyId "csat" is not accepted here',
    });
  });
});

describe('a database that is down, or a fault of ours', () => {
  const failingWith = (error: Error & { code?: string }) =>
    ({
      query: async (text: string, params?: unknown[]) => {
        if (text.startsWith('INSERT INTO surveylet_responses')) throw error;
        return db.query(text, params);
      },
    }) as unknown as Db;

  it('answers 503 with Retry-After when the database cannot be reached', async () => {
    const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    const onError = vi.fn();
    const down = await createCollector({ db: failingWith(outage), onError });
    const reply = await down.handle(post(batch(answer(9))));
    expect(reply.status).toBe(503);
    expect(reply.headers.get('Retry-After')).toBe('30');
    expect(onError).toHaveBeenCalledWith(outage);
  });

  it('answers 500, not 503, and reports it when the failure is not an outage', async () => {
    const bug = new Error('column "x" does not exist');
    const onError = vi.fn();
    const broken = await createCollector({ db: failingWith(bug), onError });
    const reply = await broken.handle(post(batch(answer(9))));
    expect(reply.status).toBe(500);
    expect(reply.headers.get('Retry-After')).toBeNull();
    expect(onError).toHaveBeenCalledOnce();
    expect(onError).toHaveBeenCalledWith(bug);
  });
});

describe('privacy', () => {
  it('deletes every answer of one visitor or user, and nothing else', async () => {
    const mine = answer(9, undefined, { visitorId: 'visitor-to-forget' });
    const theirs = answer(3, undefined, { user: { id: 'user-to-forget', traits: {} } });
    const other = answer(5);
    await collector.handle(post(batch(mine, theirs, other)));
    expect(await collector.deleteRespondent({ visitorId: 'visitor-to-forget' })).toBe(1);
    expect(await collector.deleteRespondent({ userId: 'user-to-forget' })).toBe(1);
    expect(await stored(mine.id)).toEqual([]);
    expect(await stored(theirs.id)).toEqual([]);
    expect(await stored(other.id)).toEqual([{ revision: 1 }]);
  });

  it('removes answers older than retentionDays', async () => {
    const old = answer(9);
    const recent = answer(8);
    await collector.handle(post(batch(old, recent)));
    await db.query(
      "UPDATE surveylet_responses SET received_at = now() - interval '40 days' WHERE id = $1",
      [old.id],
    );
    const keeping = await createCollector({ db: db as unknown as Db, retentionDays: 30 });
    expect(await keeping.purge()).toBeGreaterThanOrEqual(1);
    expect(await stored(old.id)).toEqual([]);
    expect(await stored(recent.id)).toEqual([{ revision: 1 }]);
  });
});
