import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Collector, createCollector } from '../../src/collector/collector.js';
import type { Db } from '../../src/collector/store.js';
import { answer, batch, post } from './fixtures.js';

let db: PGlite;
let collector: Collector;

beforeAll(async () => {
  db = new PGlite();
  collector = await createCollector({ db: db as unknown as Db, maxBodyBytes: 8 * 1024 });
}, 60_000);
afterAll(async () => {
  await collector?.close();
  await db?.close();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  collector.handle(new Request(`https://collect.example.com${path}`, { headers }));
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
    expect(reply.headers.get('Allow')).toBe('POST, GET, OPTIONS');
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

describe('a store that is down', () => {
  it('answers 503 with Retry-After, so the widget keeps the answers and slows down', async () => {
    const failing = {
      query: async (text: string) => {
        if (text.startsWith('INSERT INTO surveylet_responses')) throw new Error('connection reset');
        return db.query(text);
      },
    } as unknown as Db;
    const onError = vi.fn();
    const down = await createCollector({ db: failing, onError });
    const reply = await down.handle(post(batch(answer(9))));
    expect(reply.status).toBe(503);
    expect(reply.headers.get('Retry-After')).toBe('30');
    expect(onError).toHaveBeenCalledWith(new Error('connection reset'));
  });
});

describe('GET results', () => {
  it('gives each survey its metric, categories, distribution, trend, segments and comments', async () => {
    const survey = { id: 'results-nps', type: 'nps' as const };
    const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T12:00:00.000Z`;
    const responses = [
      answer(10, survey, { createdAt: at(2), user: { id: 'a', traits: { plan: 'pro' } } }),
      answer(9, survey, { createdAt: at(2), user: { id: 'b', traits: { plan: 'free' } } }),
      answer(7, survey, { createdAt: at(10), user: { id: 'c', traits: { plan: 'pro' } } }),
      answer(2, survey, {
        createdAt: at(10),
        comment: 'Too slow',
        revision: 2,
        user: { id: 'd', traits: { plan: 'free' } },
      }),
    ];
    await collector.handle(post(batch(...responses)));
    const reply = await get('/collect/results?surveyId=results-nps&by=week&segment=plan');
    expect(reply.status).toBe(200);
    const { surveys } = await reply.json();
    expect(surveys).toEqual([
      {
        surveyId: 'results-nps',
        type: 'nps',
        variant: null,
        count: 4,
        metric: { name: 'nps', value: 25 },
        categories: { promoter: 2, passive: 1, detractor: 1 },
        distribution: { '10': 1, '9': 1, '7': 1, '2': 1 },
        trend: [
          { period: '2026-11-02', count: 2, value: 100 },
          { period: '2026-11-09', count: 2, value: -50 },
        ],
        segments: [
          { segment: 'pro', count: 2, value: 50 },
          { segment: 'free', count: 2, value: 0 },
        ],
        comments: [{ score: 2, category: 'detractor', comment: 'Too slow', createdAt: at(10) }],
      },
    ]);
  });

  it('breaks results down by page', async () => {
    const reply = await get('/collect/results?surveyId=results-nps&segment=page');
    const { surveys } = await reply.json();
    expect(surveys[0].segments).toEqual([{ segment: '/done', count: 4, value: 25 }]);
  });

  it('limits results to a date range', async () => {
    const reply = await get('/collect/results?surveyId=results-nps&from=2026-11-05&to=2026-11-30');
    const { surveys } = await reply.json();
    expect(surveys[0].count).toBe(2);
  });

  it('answers 400 for a bad range or grouping', async () => {
    expect((await get('/collect/results?from=someday')).status).toBe(400);
    expect((await get('/collect/results?by=month')).status).toBe(400);
  });
});

describe('GET export.csv', () => {
  it('gives one row per stored response, with formula-like cells defused', async () => {
    const risky = answer(
      1,
      { id: 'csv', type: 'nps' },
      { comment: '=HYPERLINK("x")', revision: 2 },
    );
    await collector.handle(post(batch(risky)));
    const reply = await get('/collect/export.csv?surveyId=csv');
    expect(reply.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    const lines = (await reply.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,survey_id,type,variant,score,category,comment,complete,created_at,locale,page_url,visitor_id,user_id,traits',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${risky.id},csv,nps,,1,detractor,"'=HYPERLINK(""x"")"`);
  });
});

describe('webhook', () => {
  it('fires for newly stored detractors only, after answering, and retries a failure', async () => {
    const calls: unknown[] = [];
    let failures = 1;
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      calls.push(JSON.parse(init.body as string));
      return new Response(null, { status: failures-- > 0 ? 502 : 200 });
    });
    const hooked = await createCollector({
      db: db as unknown as Db,
      webhook: { url: 'https://hooks.example.com/cx' },
    });
    vi.unstubAllGlobals();
    const detractor = answer(3);
    const reply = await hooked.handle(post(batch(detractor, answer(10))));
    expect(reply.status).toBe(204);
    await hooked.handle(post(batch(detractor)));
    await hooked.close();
    expect(calls).toEqual([
      { event: 'response', response: detractor },
      { event: 'response', response: detractor },
    ]);
  });
});
