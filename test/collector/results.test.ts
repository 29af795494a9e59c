import { describe, expect, it } from 'vitest';
import { queryResults, type ResultsQuery } from '../../src/collector/results.js';
import { uuidv7 } from '../../src/delivery/uuid.js';
import type { SurveyDefinition } from '../../src/survey/types.js';
import { backends, storeOn } from './backends.js';
import { fresh, type Seed, seedOn } from './seed.js';

describe.each(backends())('results on $name', ({ open }) => {
  const store = storeOn(open);

  const seed = (survey: SurveyDefinition, seeds: Seed[]) => seedOn(store(), survey, seeds);

  /** Rows of the trend or segments with only the fields named (they carry intervals too). */
  const only = <T extends object, K extends keyof T>(list: T[], ...keys: K[]) =>
    list.map((row) => Object.fromEntries(keys.map((k) => [k, row[k]])));

  const one = async (query: ResultsQuery) => {
    const results = await queryResults(store().db, query);
    expect(results).toHaveLength(1);
    return results[0] as NonNullable<(typeof results)[number]>;
  };

  it('counts an NPS survey: metric with its interval, categories and every score', async () => {
    const id = fresh('nps');
    await seed(
      { id, type: 'nps' },
      [10, 10, 9, 8, 7, 6, 0, 3].map((score) => ({ score })),
    );
    const results = await one({ surveyId: id });
    expect(results).toMatchObject({
      surveyId: id,
      type: 'nps',
      variant: null,
      scale: { min: 0, max: 10 },
      count: 8,
      categories: { detractor: 3, passive: 2, promoter: 3 },
      distribution: { 0: 1, 1: 0, 2: 0, 3: 1, 4: 0, 5: 0, 6: 1, 7: 1, 8: 1, 9: 1, 10: 2 },
    });
    // 3 promoters, 3 detractors of 8: NPS 0; variance 6 / 7, so 0 ± 1.96 · √(6 / 7 / 8) · 100.
    expect(results.metric).toMatchObject({ name: 'nps', value: 0, n: 8 });
    expect(results.metric.low).toBeCloseTo(-64.1561, 3);
    expect(results.metric.high).toBeCloseTo(64.1561, 3);
  });

  it('gives CES agreement its mean, % easy and the 1–7 scale', async () => {
    const id = fresh('ces');
    await seed(
      { id, type: 'ces', variant: 'agreement' },
      [7, 6, 1, 4].map((score) => ({ score })),
    );
    const results = await one({ surveyId: id });
    expect(results).toMatchObject({ type: 'ces', variant: 'agreement', scale: { min: 1, max: 7 } });
    expect(results.metric).toMatchObject({ name: 'ces', value: 4.5, percentEasy: 50, high: 7 });
    expect(results.categories).toEqual({ difficult: 1, neutral: 1, easy: 2 });
    expect(Object.keys(results.distribution)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it("never reads a row of another kind under the id on the series' scale", async () => {
    const id = fresh('fixed');
    await seed({ id, type: 'nps' }, [{ score: 9, at: '2026-03-02T10:00:00Z' }]);
    // Old data: a CES answer under the NPS survey's id with no series of its own (ingest
    // records one for every answer now, so it is written directly).
    await store().db.query(
      `INSERT INTO surveylet_responses (id, revision, survey_id, type, variant, score, category,
         comment, complete, created_at, updated_at, received_at, body)
       VALUES ($1, 1, $2, 'ces', 'agreement', 7, 'easy', $3, true, now(), now(),
         '2026-03-03T10:00:00Z', '{}')`,
      [uuidv7(), id, 'from the wrong survey'],
    );
    const results = await one({ surveyId: id });
    expect(results).toMatchObject({ type: 'nps', variant: null, scale: { min: 0, max: 10 } });
    // Its 7 is not read as an NPS passive: only the NPS answer counts.
    expect(results.count).toBe(1);
    expect(results.distribution[7]).toBe(0);
    expect(results.metric.value).toBe(100);
    expect(only(results.trend, 'period', 'count', 'value')).toEqual([
      { period: '2026-03-02', count: 1, value: 100 },
    ]);
    expect(results.comments).toEqual([]);
  });

  it('groups the trend by received_at into UTC days and ISO weeks starting Monday', async () => {
    const id = fresh('trend');
    // created_at is an hour ago for all of them: only received_at tells the days apart.
    await seed({ id, type: 'csat' }, [
      { score: 5, at: '2026-01-05T00:00:00Z' }, // Monday
      { score: 1, at: '2026-01-05T23:59:59.999Z' },
      { score: 4, at: '2026-01-11T23:30:00Z' }, // Sunday: still the week of the 5th
      { score: 2, at: '2026-01-12T00:00:00Z' }, // Monday: the next week
    ]);
    expect(only((await one({ surveyId: id })).trend, 'period', 'count', 'value')).toEqual([
      { period: '2026-01-05', count: 2, value: 50 },
      { period: '2026-01-11', count: 1, value: 100 },
      { period: '2026-01-12', count: 1, value: 0 },
    ]);
    expect(
      only((await one({ surveyId: id, by: 'week' })).trend, 'period', 'count', 'value'),
    ).toEqual([
      { period: '2026-01-05', count: 3, value: (2 / 3) * 100 },
      { period: '2026-01-12', count: 1, value: 0 },
    ]);
  });

  it('filters on received_at: from inclusive, to exclusive', async () => {
    const id = fresh('range');
    await seed({ id, type: 'nps' }, [
      { score: 0, at: '2026-02-01T00:00:00Z', comment: 'too early' },
      { score: 10, at: '2026-02-02T00:00:00Z', comment: 'in range' },
      { score: 9, at: '2026-02-02T23:59:59Z' },
      { score: 1, at: '2026-02-03T00:00:00Z', comment: 'too late' },
    ]);
    const results = await one({
      surveyId: id,
      from: new Date('2026-02-02T00:00:00Z'),
      to: new Date('2026-02-03T00:00:00Z'),
    });
    expect(results.count).toBe(2);
    expect(results.metric.value).toBe(100);
    expect(only(results.trend, 'period', 'count', 'value')).toEqual([
      { period: '2026-02-02', count: 2, value: 100 },
    ]);
    expect(results.comments.map((c) => c.comment)).toEqual(['in range']);
  });

  it('lists the latest comments first by received_at, with the stored score and category', async () => {
    const id = fresh('comments');
    await seed({ id, type: 'nps' }, [
      { score: 3, at: '2026-04-03T12:00:00Z', comment: 'newest' },
      { score: 10, at: '2026-04-01T12:00:00Z', comment: 'oldest' },
      { score: 8, at: '2026-04-02T12:00:00Z', comment: 'middle' },
      { score: 9, at: '2026-04-04T12:00:00Z', comment: '' },
      { score: 9, at: '2026-04-05T12:00:00Z' },
    ]);
    expect((await one({ surveyId: id })).comments).toEqual([
      {
        score: 3,
        category: 'detractor',
        comment: 'newest',
        receivedAt: '2026-04-03T12:00:00.000Z',
      },
      { score: 8, category: 'passive', comment: 'middle', receivedAt: '2026-04-02T12:00:00.000Z' },
      {
        score: 10,
        category: 'promoter',
        comment: 'oldest',
        receivedAt: '2026-04-01T12:00:00.000Z',
      },
    ]);
  });

  it('gives 20 comments by default, the number asked for, and never more than 100', async () => {
    const id = fresh('many');
    const start = Date.parse('2026-05-01T00:00:00Z');
    await seed(
      { id, type: 'nps' },
      Array.from({ length: 105 }, (_, i) => ({
        score: i % 11,
        comment: `comment ${i}`,
        at: new Date(start + i * 60_000).toISOString(),
      })),
    );
    const comments = async (n?: number) =>
      (await one({ surveyId: id, comments: n })).comments.map((c) => c.comment);
    expect(await comments()).toEqual(Array.from({ length: 20 }, (_, i) => `comment ${104 - i}`));
    expect(await comments(3)).toEqual(['comment 104', 'comment 103', 'comment 102']);
    expect(await comments(0)).toEqual([]);
    expect(await comments(1000)).toHaveLength(100);
  });

  it('segments by a trait, largest first, with (none) for answers without it', async () => {
    const id = fresh('trait');
    await seed({ id, type: 'nps' }, [
      { score: 10, traits: { plan: 'team' } },
      { score: 10, traits: { plan: 'team' } },
      { score: 0, traits: { plan: 'team' } },
      { score: 0, traits: { plan: 'free' } },
      { score: 9, traits: { plan: 'free' } },
      { score: 9, traits: null },
    ]);
    expect(
      only((await one({ surveyId: id, segment: 'plan' })).segments, 'segment', 'count', 'value'),
    ).toEqual([
      { segment: 'team', count: 3, value: ((2 - 1) / 3) * 100 },
      { segment: 'free', count: 2, value: 0 },
      { segment: '(none)', count: 1, value: 100 },
    ]);
    // The trait name is a parameter, never SQL.
    expect(
      only(
        (await one({ surveyId: id, segment: "plan' OR '1'='1" })).segments,
        'segment',
        'count',
        'value',
      ),
    ).toEqual([{ segment: '(none)', count: 6, value: ((4 - 2) / 6) * 100 }]);
    expect((await one({ surveyId: id })).segments).toEqual([]);
  });

  it('keeps the 50 largest segments and puts the rest together as (other)', async () => {
    const id = fresh('wide');
    const big = Array.from({ length: 5 }, () => ({ score: 10, traits: { user: 'big' } }));
    const small = Array.from({ length: 53 }, (_, i) => ({
      score: 0,
      traits: { user: `u${String(i).padStart(2, '0')}` },
    }));
    await seed({ id, type: 'nps' }, [...big, ...small]);
    const { segments } = await one({ surveyId: id, segment: 'user' });
    expect(segments).toHaveLength(51);
    expect(segments[0]).toMatchObject({ segment: 'big', count: 5, value: 100 });
    // Ties go alphabetically: u00…u48 are kept, u49…u52 make up (other).
    expect(segments[49]?.segment).toBe('u48');
    expect(segments[50]).toMatchObject({ segment: '(other)', count: 4, value: -100 });
  });

  it('segments by the path of the page, whatever the host', async () => {
    const id = fresh('page');
    await seed({ id, type: 'csat' }, [
      { score: 5, url: 'https://shop.example.com/checkout/done' },
      { score: 4, url: 'https://m.example.com:8443/checkout/done' },
      { score: 1, url: 'https://shop.example.com/pricing' },
      { score: 5, url: 'https://shop.example.com' },
      { score: 2, url: 'not a url' },
    ]);
    expect(
      only((await one({ surveyId: id, segment: 'page' })).segments, 'segment', 'count', 'value'),
    ).toEqual([
      { segment: '/checkout/done', count: 2, value: 100 },
      { segment: '(none)', count: 1, value: 0 },
      { segment: '/', count: 1, value: 100 },
      { segment: '/pricing', count: 1, value: 0 },
    ]);
  });

  it('answers a survey asked for even when empty, and lists only surveys with answers', async () => {
    const id = fresh('empty');
    await seed({ id, type: 'csat' }, [{ score: 5, at: '2026-06-01T12:00:00Z' }]);
    const later = { from: new Date('2026-07-01T00:00:00Z') };
    const empty = await one({ surveyId: id, ...later });
    expect(empty).toMatchObject({ count: 0, trend: [], comments: [], segments: [] });
    expect(empty.metric).toEqual({ name: 'csat', value: null, n: 0, low: null, high: null });
    expect(empty.distribution).toEqual({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 });
    expect(await queryResults(store().db, { surveyId: fresh('unknown') })).toEqual([]);

    const all = await queryResults(store().db, {});
    expect(all.find((r) => r.surveyId === id)?.count).toBe(1);
    const inJuly = await queryResults(store().db, later);
    expect(inJuly.some((r) => r.surveyId === id)).toBe(false);
  });
});
