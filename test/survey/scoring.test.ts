// @vitest-environment node
// Pure code: no DOM, so nothing here passes on a global only happy-dom provides.
import { describe, expect, it } from 'vitest';
import {
  categorize,
  countScores,
  csatPercent,
  headlineMetric,
  meanScore,
  metricFromCounts,
  npsScore,
  scaleOf,
} from '../../src/survey/scoring.js';

describe('scaleOf', () => {
  it('gives NPS 0–10, CSAT 1–5, CES agreement 1–7 and CES effort 1–5', () => {
    expect(scaleOf('nps')).toEqual({ min: 0, max: 10 });
    expect(scaleOf('csat')).toEqual({ min: 1, max: 5 });
    expect(scaleOf('ces')).toEqual({ min: 1, max: 7 });
    expect(scaleOf('ces', 'agreement')).toEqual({ min: 1, max: 7 });
    expect(scaleOf('ces', 'effort')).toEqual({ min: 1, max: 5 });
  });
});

describe('categorize', () => {
  it('splits NPS into detractors 0–6, passives 7–8 and promoters 9–10', () => {
    const categories = Array.from({ length: 11 }, (_, score) => categorize('nps', score));
    expect(categories).toEqual([
      ...Array(7).fill('detractor'),
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
  });

  it('splits CSAT into dissatisfied 1–2, neutral 3 and satisfied 4–5', () => {
    expect([1, 2, 3, 4, 5].map((s) => categorize('csat', s))).toEqual([
      'dissatisfied',
      'dissatisfied',
      'neutral',
      'satisfied',
      'satisfied',
    ]);
  });

  it('splits CES agreement into difficult 1–3, neutral 4 and easy 5–7', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((s) => categorize('ces', s, 'agreement'))).toEqual([
      'difficult',
      'difficult',
      'difficult',
      'neutral',
      'easy',
      'easy',
      'easy',
    ]);
  });

  it('treats low CES effort as easy and high effort as difficult', () => {
    expect([1, 2, 3, 4, 5].map((s) => categorize('ces', s, 'effort'))).toEqual([
      'easy',
      'easy',
      'neutral',
      'difficult',
      'difficult',
    ]);
  });
});

describe('npsScore', () => {
  it('is % promoters minus % detractors', () => {
    // 3 promoters, 1 passive, 1 detractor of 5: 60 − 20 = 40.
    expect(npsScore([10, 9, 9, 7, 3])).toBe(40);
  });
  it('reaches −100 and 100 at the extremes', () => {
    expect(npsScore([0, 6, 2])).toBe(-100);
    expect(npsScore([9, 10])).toBe(100);
  });
  it('is null without scores', () => {
    expect(npsScore([])).toBeNull();
  });
});

describe('csatPercent', () => {
  it('is the share of 4s and 5s', () => {
    expect(csatPercent([5, 4, 3, 1])).toBe(50);
    expect(csatPercent([])).toBeNull();
  });
});

describe('meanScore', () => {
  it('averages the scores', () => {
    expect(meanScore([7, 5, 3])).toBe(5);
    expect(meanScore([])).toBeNull();
  });
});

describe('headlineMetric', () => {
  it('names the metric of each survey type', () => {
    expect(headlineMetric('nps', [10, 0])).toEqual({ name: 'nps', value: 0 });
    expect(headlineMetric('csat', [5, 1])).toEqual({ name: 'csat', value: 50 });
  });
  it('gives the CES agreement mean and its % easy', () => {
    expect(headlineMetric('ces', [7, 6, 1, 4])).toEqual({
      name: 'ces',
      value: 4.5,
      percentEasy: 50,
    });
  });
  it('gives the CES effort mean alone, where lower is better', () => {
    expect(headlineMetric('ces', [1, 2, 3], 'effort')).toEqual({ name: 'ces', value: 2 });
  });
});

describe('countScores', () => {
  it('counts each score once per answer', () => {
    expect(countScores([9, 10, 9, 3])).toEqual({ 3: 1, 9: 2, 10: 1 });
    expect(countScores([])).toEqual({});
  });
});

// The intervals below are worked by hand (z = 1.96) from the formulas in scoring.ts.
describe('metricFromCounts', () => {
  it('gives NPS with the interval of the mean of +1/0/−1 scores (sample variance)', () => {
    // 50 promoters, 30 passives, 20 detractors: mean 0.3, Σ(x − 0.3)² = 24.5 + 2.7 + 33.8 = 61,
    // variance 61 / 99, half-width 1.96 · √(61 / 99 / 100) · 100 = 15.3852.
    const metric = metricFromCounts('nps', null, { 10: 30, 9: 20, 8: 10, 7: 20, 2: 20 });
    expect(metric).toMatchObject({ name: 'nps', n: 100 });
    expect(metric.value).toBeCloseTo(30, 10);
    expect(metric.low).toBeCloseTo(14.6148, 4);
    expect(metric.high).toBeCloseTo(45.3852, 4);
  });

  it('clamps the NPS interval to −100…100', () => {
    // [10, 9, 9, 7, 3]: NPS 40, variance 3.2 / 4 = 0.8, half-width 1.96 · √(0.8 / 5) · 100 = 78.4.
    const metric = metricFromCounts('nps', null, { 10: 1, 9: 2, 7: 1, 3: 1 });
    expect(metric.value).toBe(40);
    expect(metric.low).toBeCloseTo(-38.4, 10);
    expect(metric.high).toBe(100);
  });

  it('gives CSAT % satisfied with the Wilson interval', () => {
    // 8 of 10 satisfied: the textbook Wilson interval 49.02 %…94.33 %.
    const metric = metricFromCounts('csat', null, { 5: 5, 4: 3, 3: 1, 1: 1 });
    expect(metric).toMatchObject({ name: 'csat', value: 80, n: 10 });
    expect(metric.low).toBeCloseTo(49.0157, 4);
    expect(metric.high).toBeCloseTo(94.3319, 4);
  });

  it('keeps a Wilson interval off zero width at 0 %', () => {
    const metric = metricFromCounts('csat', null, { 1: 2, 2: 1, 3: 1 });
    expect(metric.value).toBe(0);
    expect(metric.low).toBe(0);
    expect(metric.high).toBeCloseTo(48.99, 2);
  });

  it('gives the CES mean ± 1.96 · s / √n', () => {
    // 1…5 once each: mean 3, sample variance 2.5, half-width 1.96 · √(2.5 / 5) = 1.3859.
    const metric = metricFromCounts('ces', 'effort', { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 });
    expect(metric).toMatchObject({ name: 'ces', value: 3, n: 5 });
    expect(metric.low).toBeCloseTo(1.6141, 4);
    expect(metric.high).toBeCloseTo(4.3859, 4);
    expect(metric).not.toHaveProperty('percentEasy');
  });

  it('clamps the CES interval to the scale and adds % easy for agreement', () => {
    // 7, 6, 1, 4: mean 4.5, sample variance 7, 4.5 ± 1.96 · √(7 / 4) = 1.9072…7.0928 → …7.
    // 2 of 4 easy: Wilson 15.00 %…85.00 %.
    const metric = metricFromCounts('ces', 'agreement', { 7: 1, 6: 1, 1: 1, 4: 1 });
    expect(metric).toMatchObject({ name: 'ces', value: 4.5, percentEasy: 50, n: 4 });
    expect(metric.low).toBeCloseTo(1.9072, 4);
    expect(metric.high).toBe(7);
    expect(metric.percentEasyLow).toBeCloseTo(15.0036, 4);
    expect(metric.percentEasyHigh).toBeCloseTo(84.9964, 4);
  });

  it('gives null values and bounds without answers, zero counts included', () => {
    expect(metricFromCounts('nps', null, {})).toEqual({
      name: 'nps',
      value: null,
      n: 0,
      low: null,
      high: null,
    });
    expect(metricFromCounts('csat', null, { 5: 0 })).toMatchObject({ value: null, low: null });
    expect(metricFromCounts('ces', 'agreement', {})).toEqual({
      name: 'ces',
      value: null,
      n: 0,
      low: null,
      high: null,
      percentEasy: null,
      percentEasyLow: null,
      percentEasyHigh: null,
    });
  });

  it('gives one answer the whole range for a mean (its spread is unknown), Wilson for a share', () => {
    expect(metricFromCounts('nps', null, { 10: 1 })).toMatchObject({
      value: 100,
      low: -100,
      high: 100,
    });
    expect(metricFromCounts('ces', 'effort', { 2: 1 })).toMatchObject({
      value: 2,
      low: 1,
      high: 5,
    });
    const csat = metricFromCounts('csat', null, { 5: 1 });
    expect(csat.value).toBe(100);
    expect(csat.low).toBeCloseTo(20.6543, 4);
    expect(csat.high).toBe(100);
  });

  it('is what headlineMetric and the helpers answer for the same scores', () => {
    const scores = [0, 3, 6, 7, 8, 9, 9, 10, 10, 10];
    const counts = countScores(scores);
    expect(metricFromCounts('nps', null, counts).value).toBe(npsScore(scores));
    expect(headlineMetric('nps', scores).value).toBe(npsScore(scores));
    const ces = metricFromCounts('ces', 'agreement', countScores([7, 6, 1, 4]));
    expect(headlineMetric('ces', [7, 6, 1, 4])).toEqual({
      name: 'ces',
      value: ces.value,
      percentEasy: ces.percentEasy,
    });
  });
});
