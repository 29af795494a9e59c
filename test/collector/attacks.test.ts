import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Collector, createCollector } from '../../src/collector/collector.js';
import type { Db } from '../../src/collector/store.js';
import type { SurveyResponse } from '../../src/survey/types.js';
import { answer, batch, post } from './fixtures.js';

// Each test is one attack from a review of the collector on a public URL; each
// failed against the collector before it was hardened.
let db: PGlite;
let collector: Collector;

beforeAll(async () => {
  db = new PGlite();
  collector = createCollector({ db: db as unknown as Db, readToken: 'operator-key' });
  // Opened and migrated here, in the hook's time: the first test should time its reads only.
  await collector.ready();
}, 60_000);
afterAll(async () => {
  await collector?.close();
  await db?.close();
});

const url = 'https://collect.example.com';
const read = (path: string, headers: Record<string, string> = {}) =>
  collector.handle(new Request(`${url}${path}`, { headers }));
const row = async (id: string) =>
  (
    await db.query<{ revision: number; score: number; type: string; comment: string | null }>(
      'SELECT revision, score, type, comment FROM surveylet_responses WHERE id = $1',
      [id],
    )
  ).rows[0];
const npsOf = async (surveyId: string) => {
  const reply = await read(`/collect/results?surveyId=${surveyId}`, {
    Authorization: 'Bearer operator-key',
  });
  const { surveys } = await reply.json();
  return surveys[0]?.metric;
};

describe('reading the answers', () => {
  it('refuses anonymous reads of the results and the export with 401 and a challenge', async () => {
    for (const path of ['/collect/results', '/collect/export.csv', '/collect']) {
      const reply = await read(path, { Origin: 'https://evil.example' });
      expect(reply.status, path).toBe(401);
      expect(reply.headers.get('WWW-Authenticate'), path).toContain(
        'Basic realm="Surveylet results"',
      );
      expect(reply.headers.get('Access-Control-Allow-Origin'), path).toBeNull();
      expect(await reply.text(), path).not.toContain('visitor');
    }
  });

  it('sends no CORS grant to another origin even with the right token', async () => {
    const reply = await read('/collect/results', {
      Origin: 'https://evil.example',
      Authorization: 'Bearer operator-key',
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });
});

describe('forging answers', () => {
  it('refuses a batch of revision 2147483647 forged from exported ids, and later genuine revisions still land', async () => {
    const genuine = Array.from({ length: 50 }, () => answer(10, { id: 'forged-nps', type: 'nps' }));
    expect((await collector.handle(post(batch(...genuine)))).status).toBe(204);
    const forged = genuine.map((r) => ({
      ...r,
      revision: 2147483647,
      score: 0,
      category: 'detractor' as const,
    }));
    const reply = await collector.handle(post(batch(...forged)));
    expect(reply.status).toBe(422);
    expect((await reply.json()).error).toMatch(/^responses\[0\]\.revision may move at most 10/);
    expect((await npsOf('forged-nps')).value).toBe(100);
    const first = genuine[0] as SurveyResponse;
    const followUp = { ...first, revision: 2, comment: 'Love it' };
    expect((await collector.handle(post(batch(followUp)))).status).toBe(204);
    expect(await row(first.id)).toMatchObject({ revision: 2, score: 10, comment: 'Love it' });
  });

  it('refuses a higher revision that changes the survey, the type or the visitor', async () => {
    const original = answer(9, { id: 'owned', type: 'nps' });
    await collector.handle(post(batch(original)));
    const changes: [keyof SurveyResponse, Partial<SurveyResponse>][] = [
      ['surveyId', { surveyId: 'other-survey' }],
      ['visitorId', { visitorId: 'attacker' }],
      ['type', { type: 'csat', score: 1, category: 'dissatisfied', scale: { min: 1, max: 5 } }],
    ];
    for (const [field, change] of changes) {
      const reply = await collector.handle(post(batch({ ...original, revision: 2, ...change })));
      expect(reply.status, field).toBe(422);
      expect((await reply.json()).error, field).toMatch(
        new RegExp(`^responses\\[0\\]\\.${field} `),
      );
    }
    expect(await row(original.id)).toMatchObject({ revision: 1, score: 9, type: 'nps' });
  });

  it('keeps an NPS survey NPS when CES answers under its id, or a future createdAt, arrive', async () => {
    await collector.handle(post(batch(answer(10, { id: 'typed', type: 'nps' }))));
    // Another kind under the id is a series of its own: never read on the NPS scale.
    const ces = answer(1, { id: 'typed', type: 'ces' });
    expect((await collector.handle(post(batch(ces)))).status).toBe(204);
    expect(await npsOf('typed')).toMatchObject({ name: 'nps', value: 100, n: 1 });
    const future = answer(
      9,
      { id: 'typed', type: 'nps' },
      {
        createdAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    );
    const later = await collector.handle(
      post({ ...batch(future), sentAt: new Date().toISOString() }),
    );
    expect(later.status).toBe(422);
    expect((await later.json()).error).toMatch(
      /^responses\[0\]\.createdAt must be an ISO date-time/,
    );
    expect((await npsOf('typed')).name).toBe('nps');
  });

  it('fixes a survey type given by the operator before any answer arrives', async () => {
    const fixed = await createCollector({
      db: db as unknown as Db,
      surveys: [{ id: 'declared', type: 'ces', variant: 'effort' }],
    });
    const agreement = answer(7, { id: 'declared', type: 'ces' });
    const reply = await fixed.handle(post(batch(agreement)));
    expect(reply.status).toBe(422);
    expect((await reply.json()).error).toMatch(/^responses\[0\]\.variant must be "effort"/);
  });
});

describe('a huge body', () => {
  it('stops reading a chunked body as soon as it passes maxBodyBytes', async () => {
    let sent = 0;
    const chunk = new Uint8Array(16 * 1024).fill(32);
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const request = new Request(`${url}/collect`, {
      method: 'POST',
      body: endless,
      // @ts-expect-error: Node's fetch needs duplex for a streamed body.
      duplex: 'half',
    });
    const reply = await collector.handle(request);
    expect(reply.status).toBe(413);
    // 64 KiB allowed: at most a few chunks of read-ahead past it, never the whole stream.
    expect(sent).toBeLessThan(64 * 1024 + 5 * chunk.byteLength);
  });
});

describe('input that once cost an answer (503, retried for 7 days, then dropped)', () => {
  it.each([
    [
      'revision 2147483648',
      { revision: 2147483648 },
      /revision must be an integer from 1 to 2147483647/,
    ],
    ['createdAt "1"', { createdAt: '1' }, /createdAt must be an ISO date-time/],
    ['createdAt in year 275760', { createdAt: '+275760-09-13T00:00:00.000Z' }, /createdAt must be/],
    [
      'a locale object',
      { locale: { toString: 1 } as unknown as string },
      /locale must be a language tag/,
    ],
  ])('answers 422 naming the field for %s', async (_name, change, message) => {
    const reply = await collector.handle(post(batch(answer(9, undefined, change))));
    expect(reply.status).toBe(422);
    expect((await reply.json()).error).toMatch(message);
  });

  it('answers 422 naming the field for traits nested 5,000 deep', async () => {
    // Built as text: JSON.stringify itself runs out of stack at this depth.
    const deep = `${'{"nested":'.repeat(5000)}{}${'}'.repeat(5000)}`;
    const body = JSON.stringify(batch(answer(9, undefined, { user: { id: 'u', traits: {} } })));
    const reply = await collector.handle(post(body.replace('"traits":{}', `"traits":${deep}`)));
    expect(reply.status).toBe(422);
    expect((await reply.json()).error).toBe(
      'responses[0].user.traits: nesting must be at most 5 deep',
    );
  });

  it.each([
    ['a NUL', 'before\u0000after', 'before\uFFFDafter'],
    ['a lone surrogate (a string cut in half)', 'smile \uD83D', 'smile \uFFFD'],
    ['a lone low surrogate', '\uDE00 and a pair 😀', '\uFFFD and a pair 😀'],
  ])('stores a comment with %s, replaced by U+FFFD', async (_name, comment, kept) => {
    const response = answer(3, undefined, { revision: 2, comment });
    expect((await collector.handle(post(batch(response)))).status).toBe(204);
    expect((await row(response.id))?.comment).toBe(kept);
  });
});

describe('results that once took 90 s on 40,000 rows and held ingest up', () => {
  it('counts in the database: no query hands the handler more than a page of rows', async () => {
    await db.query(
      `INSERT INTO surveylet_surveys (survey_id, type, variant, scale_min, scale_max)
       VALUES ('many', 'nps', NULL, 0, 10)`,
    );
    await db.query(
      `INSERT INTO surveylet_responses (id, revision, survey_id, type, score, category, complete,
         created_at, updated_at, received_at, visitor_id, traits, body)
       SELECT gen_random_uuid(), 1, 'many', 'nps', n % 11,
         CASE WHEN n % 11 <= 6 THEN 'detractor' WHEN n % 11 <= 8 THEN 'passive' ELSE 'promoter' END,
         true, now(), now(), now() - (n % 30) * interval '1 day', 'v' || n,
         jsonb_build_object('plan', CASE WHEN n % 2 = 0 THEN 'pro' ELSE 'free' END), '{}'
       FROM generate_series(1, 20000) AS n`,
    );
    let largest = 0;
    const watched = {
      query: async (text: string, params?: unknown[]) => {
        const result = await db.query(text, params);
        largest = Math.max(largest, result.rows.length);
        return result;
      },
    } as unknown as Db;
    const reading = await createCollector({ db: watched, readToken: 'operator-key' });
    const [results, ingest] = await Promise.all([
      reading.handle(
        new Request(`${url}/collect/results?surveyId=many&segment=plan`, {
          headers: { Authorization: 'Bearer operator-key' },
        }),
      ),
      reading.handle(post(batch(answer(9, { id: 'many', type: 'nps' })))),
    ]);
    expect(ingest.status).toBe(204);
    const [survey] = (await results.json()).surveys;
    expect(survey.count).toBeGreaterThanOrEqual(20_000);
    expect(survey.segments.map((s: { segment: string }) => s.segment).sort()).toEqual([
      'free',
      'pro',
    ]);
    expect(largest).toBeLessThan(200);
  });
});
