import { describe, expect, it } from 'vitest';
import {
  categorize,
  csatPercent,
  headlineMetric,
  meanScore,
  npsScore,
  scaleOf,
} from '../../src/core/scoring.js';

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
