import { describe, expect, it } from 'vitest';
import { queryResults, type ResultsQuery } from '../../src/collector/results.js';
import type { SurveyDefinition } from '../../src/survey/types.js';
import { backends, storeOn } from './backends.js';
import { fresh, type Seed, seedOn } from './seed.js';

// Honest numbers from the results API on seeded data: too few answers, trends with
// intervals, the previous period, segments against the rest, one answer per respondent.

/** `n` answers of `score`, received at `at`, with these traits. */
const many = (n: number, score: number, at: string, traits?: Record<string, unknown>): Seed[] =>
  Array.from({ length: n }, () => ({ score, at, traits }));

describe.each(backends())('honest numbers on $name', ({ open }) => {
  const store = storeOn(open);
  const seed = (survey: SurveyDefinition, seeds: Seed[]) => seedOn(store(), survey, seeds);
  const one = async (query: ResultsQuery, now?: number) => {
    const results = await queryResults(store().db, query, now);
    expect(results).toHaveLength(1);
    return results[0] as NonNullable<(typeof results)[number]>;
  };

  it('calls 7 answers too few to tell, keeping their interval; 30 are enough', async () => {
    const id = fresh('few');
    await seed({ id, type: 'csat' }, many(7, 5, '2026-05-01T10:00:00Z'));
    const few = await one({ surveyId: id });
    expect(few).toMatchObject({ count: 7, tooFew: true });
    expect(few.metric).toMatchObject({ value: 100, n: 7 });
    expect(few.metric.low).toBeGreaterThan(0);
    await seed({ id, type: 'csat' }, many(23, 1, '2026-05-01T11:00:00Z'));
    expect(await one({ surveyId: id })).toMatchObject({ count: 30, tooFew: false });
  });

  it('gives every trend point its 95% interval, by month too', async () => {
    const id = fresh('monthly');
    await seed({ id, type: 'ces', variant: 'effort' }, [
      { score: 2, at: '2026-01-03T10:00:00Z' },
      { score: 4, at: '2026-01-31T23:59:59Z' },
      { score: 5, at: '2026-02-01T00:00:00Z' },
    ]);
    const { trend } = await one({ surveyId: id, by: 'month' });
    expect(trend.map((t) => [t.period, t.count, t.value, t.tooFew])).toEqual([
      ['2026-01-01', 2, 3, true],
      ['2026-02-01', 1, 5, true],
    ]);
    // Scores 2 and 4: mean 3, sample variance 2, standard error √(2 / 2) = 1.
    expect(trend[0]?.low).toBeCloseTo(3 - 1.96, 9);
    expect(trend[0]?.high).toBeCloseTo(3 + 1.96, 9);
    // One answer says nothing of the spread: the whole scale.
    expect(trend[1]).toMatchObject({ low: 1, high: 5 });
  });

  it('compares the range asked for with the one of equal length before it', async () => {
    const id = fresh('compare');
    await seed({ id, type: 'nps' }, [
      ...many(30, 10, '2026-03-10T12:00:00Z'),
      ...many(10, 0, '2026-03-14T12:00:00Z'),
      // The week before: 10 promoters, 30 detractors.
      ...many(10, 9, '2026-03-02T12:00:00Z'),
      ...many(30, 3, '2026-03-07T23:00:00Z'),
      // Before both: counted in neither.
      ...many(5, 10, '2026-02-28T12:00:00Z'),
    ]);
    const from = new Date('2026-03-08T00:00:00Z');
    const to = new Date('2026-03-15T00:00:00Z');
    const { comparison, metric } = await one({ surveyId: id, from, to });
    expect(comparison).toMatchObject({
      days: 7,
      current: { from: from.toISOString(), to: to.toISOString(), metric: { value: 50, n: 40 } },
      previous: {
        from: '2026-03-01T00:00:00.000Z',
        to: from.toISOString(),
        metric: { value: -50, n: 40 },
      },
      change: { difference: 100, significant: true },
    });
    expect(comparison.current.metric).toEqual(metric);
    // Without a range: the last 30 days against the 30 before.
    const now = Date.parse('2026-03-31T00:00:00Z');
    const recent = await one({ surveyId: id }, now);
    expect(recent.comparison).toMatchObject({
      days: 30,
      current: { from: '2026-03-01T00:00:00.000Z', metric: { n: 80, value: 0 } },
      previous: { to: '2026-03-01T00:00:00.000Z', metric: { n: 5, value: 100 } },
      change: { difference: -100, significant: null },
    });
  });

  it('marks a segment that differs from the rest, and calls 3 answers too few', async () => {
    const id = fresh('segments');
    const at = '2026-04-01T12:00:00Z';
    await seed({ id, type: 'nps' }, [
      ...many(40, 10, at, { plan: 'team' }),
      ...many(20, 10, at, { plan: 'free' }),
      ...many(20, 0, at, { plan: 'free' }),
      ...many(3, 0, at, { plan: 'trial' }),
    ]);
    const { segments } = await one({ surveyId: id, segment: 'plan' });
    expect(segments.map((s) => [s.segment, s.count, s.tooFew, s.vsRest?.significant])).toEqual([
      ['free', 40, false, true],
      ['team', 40, false, true],
      ['trial', 3, true, null],
    ]);
    // team: all promoters (NPS 100) against 20 promoters and 23 detractors (NPS −3/43).
    expect(segments[1]?.vsRest?.difference).toBeCloseTo((1 - -3 / 43) * 100, 9);
    // trial: all detractors against 60 promoters and 20 detractors (NPS 40/80).
    expect(segments[2]?.vsRest?.difference).toBeCloseTo((-1 - 40 / 80) * 100, 9);
  });

  it('segments by a context key: the locale answered in', async () => {
    const id = fresh('locale');
    await seed({ id, type: 'csat' }, [{ score: 5 }, { score: 1 }]);
    const { segments } = await one({ surveyId: id, segment: 'context.locale' });
    expect(segments.map((s) => [s.segment, s.count])).toEqual([['en', 2]]);
  });

  it('counts one answer per respondent with latest: their latest', async () => {
    const id = fresh('latest');
    await seed({ id, type: 'nps' }, [
      { score: 0, at: '2026-06-01T10:00:00Z', visitorId: 'v-changed-mind', traits: null },
      { score: 10, at: '2026-06-03T10:00:00Z', visitorId: 'v-changed-mind', traits: null },
      { score: 9, at: '2026-06-02T10:00:00Z', visitorId: 'v-other', traits: null },
    ]);
    const all = await one({ surveyId: id });
    expect(all.metric).toMatchObject({ n: 3, value: (1 / 3) * 100 });
    const latest = await one({ surveyId: id, latest: true });
    expect(latest.metric).toMatchObject({ n: 2, value: 100 });
    expect(latest.trend.map((t) => [t.period, t.count])).toEqual([
      ['2026-06-02', 1],
      ['2026-06-03', 1],
    ]);
    // Within a range that ends before the change of mind, the earlier answer is the latest.
    const before = await one({ surveyId: id, latest: true, to: new Date('2026-06-03T00:00:00Z') });
    expect(before.metric).toMatchObject({ n: 2, value: 0 });
  });
});
