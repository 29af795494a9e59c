import { describe, expect, it } from 'vitest';
import {
  compareCounts,
  minAnswers,
  subtractCounts,
  tooFew,
  tQuantile,
} from '../../src/collector/stats.js';

// Reference values are worked out by hand below (or taken from a printed t table), so
// the tests check the module against arithmetic, not against itself.

describe('tQuantile', () => {
  it('matches the printed t table at 97.5%', () => {
    // df: quantile, from any t table.
    const table: [number, number][] = [
      [5, 2.570582],
      [10, 2.228139],
      [30, 2.042272],
      [78, 1.990847],
      [1000, 1.962339],
    ];
    for (const [df, t] of table) expect(tQuantile(df), `df ${df}`).toBeCloseTo(t, 2);
    for (const [df, t] of table.slice(2)) expect(tQuantile(df), `df ${df}`).toBeCloseTo(t, 4);
    expect(tQuantile(Number.POSITIVE_INFINITY)).toBe(1.96);
  });
});

describe('too few answers', () => {
  it('draws the line at 30 answers', () => {
    expect(minAnswers).toBe(30);
    expect(tooFew(29)).toBe(true);
    expect(tooFew(30)).toBe(false);
  });
});

describe('compareCounts', () => {
  it('finds a known NPS difference significant (Welch on the +1/0/−1 scores)', () => {
    // a: 30 promoters, 10 detractors: mean 0.5; squares 30 · 0.5² + 10 · 1.5² = 30.
    // b: 10 promoters, 30 detractors: mean −0.5, the same squares. Variance 30 / 39 each,
    // so the standard error is √(2 · (30/39) / 40) and Welch's df is 2 · 39 = 78.
    const result = compareCounts('nps', { 10: 20, 9: 10, 0: 10 }, { 10: 10, 3: 30 });
    const se = Math.sqrt((2 * (30 / 39)) / 40);
    const half = 1.990847 * se * 100;
    expect(result?.difference).toBeCloseTo(100, 6);
    expect(result?.low).toBeCloseTo(100 - half, 2);
    expect(result?.high).toBeCloseTo(100 + half, 2);
    expect(result?.significant).toBe(true);
  });

  it('finds no difference between two groups answering alike', () => {
    // 20 promoters, 10 passives, 10 detractors on both sides: NPS 25 and 25.
    const same = { 10: 20, 8: 10, 2: 10 };
    const result = compareCounts('nps', same, { 9: 20, 7: 10, 6: 10 });
    expect(result?.difference).toBeCloseTo(0, 9);
    expect(result?.significant).toBe(false);
    expect((result?.low ?? 0) < 0 && (result?.high ?? 0) > 0).toBe(true);
  });

  it('calls a segment of 3 answers too few to test, and gives none for an empty side', () => {
    const result = compareCounts('nps', { 0: 3 }, { 10: 100 });
    expect(result?.difference).toBe(-200);
    expect(result?.significant).toBeNull();
    expect(compareCounts('nps', {}, { 10: 100 })).toBeNull();
  });

  it('tests CSAT as two proportions (pooled z), with the unpooled interval', () => {
    // 40 of 50 satisfied against 25 of 50: pooled share 0.65, standard error
    // √(0.65 · 0.35 · (1/50 + 1/50)) = 0.0954, z = 0.3 / 0.0954 = 3.14 > 1.96.
    const a = { 5: 30, 4: 10, 2: 10 };
    const b = { 5: 25, 3: 5, 1: 20 };
    const result = compareCounts('csat', a, b);
    const half = 1.96 * Math.sqrt((0.8 * 0.2) / 50 + (0.5 * 0.5) / 50) * 100;
    expect(result?.difference).toBeCloseTo(30, 9);
    expect(result?.low).toBeCloseTo(30 - half, 9);
    expect(result?.high).toBeCloseTo(30 + half, 9);
    expect(result?.significant).toBe(true);
    // 30 of 50 against 27 of 50: pooled 0.57, z = 0.06 / √(0.57 · 0.43 · 0.04) = 0.61.
    const close = compareCounts('csat', { 5: 30, 1: 20 }, { 4: 27, 2: 23 });
    expect(close?.difference).toBeCloseTo(6, 9);
    expect(close?.significant).toBe(false);
  });

  it('tests CES means with unequal variances (Welch–Satterthwaite degrees of freedom)', () => {
    // a: 15 × 1 and 15 × 3: mean 2, variance 30 / 29. b: 10 each of 2, 4, 6: mean 4,
    // variance 80 / 29. Variances of the means va = (30/29)/30, vb = (80/29)/30;
    // df = (va + vb)² / (va²/29 + vb²/29) = 48.07, where t = 2.0106.
    const va = 30 / 29 / 30;
    const vb = 80 / 29 / 30;
    const df = (va + vb) ** 2 / (va ** 2 / 29 + vb ** 2 / 29);
    expect(df).toBeCloseTo(48.07, 2);
    const half = 2.0106 * Math.sqrt(va + vb);
    const result = compareCounts('ces', { 1: 15, 3: 15 }, { 2: 10, 4: 10, 6: 10 });
    expect(result?.difference).toBeCloseTo(-2, 9);
    expect(result?.low).toBeCloseTo(-2 - half, 3);
    expect(result?.high).toBeCloseTo(-2 + half, 3);
    expect(result?.significant).toBe(true);
  });
});

describe('subtractCounts', () => {
  it('leaves the answers outside a segment', () => {
    expect(subtractCounts({ 1: 4, 2: 3, 5: 1 }, { 1: 4, 2: 1 })).toEqual({ 2: 2, 5: 1 });
  });
});
