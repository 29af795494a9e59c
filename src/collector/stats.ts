import { categorize, metricFromCounts, type ScoreCounts } from '../survey/scoring.js';
import type { CesVariant, SurveyType } from '../survey/types.js';

// The statistics behind "too few answers" and "differs significantly": pure functions of
// score counts, so the results (which count in the database) and the tests share them.

/**
 * Below this many answers a headline is "too few answers to tell" and no difference is
 * tested. Every interval here rests on the normal approximation of a mean or a share,
 * which the usual rule of thumb trusts from about 30 answers; and at 30 the widest NPS
 * interval is already ±36 points (1.96 · √(1/30) · 100), at 10 it would be ±62, more
 * than half the scale: a number that says nothing should not be shown as a big number.
 */
export const minAnswers = 30;

/** Whether `n` answers are too few to show a headline or test a difference. */
export const tooFew = (n: number) => n < minAnswers;

/** A metric over some answers, as the trend and segments give it. */
export interface Summary {
  count: number;
  value: number | null;
  /** The 95% interval of `value`. */
  low: number | null;
  high: number | null;
  /** Fewer answers than `minAnswers`: no headline, no test. */
  tooFew: boolean;
}

/** The metric of some score counts with its interval and whether they are too few. */
export function summarize(
  type: SurveyType,
  variant: CesVariant | null,
  counts: ScoreCounts,
): Summary {
  const { n, value, low, high } = metricFromCounts(type, variant, counts);
  return { count: n, value, low, high, tooFew: tooFew(n) };
}

/** The normal quantile of a two-sided 95% interval. */
const z = 1.96;

/**
 * The 0.975 quantile of Student's t with `df` degrees of freedom: the Cornish–Fisher
 * expansion around the normal quantile (within 0.005 of the t table from 5 degrees of
 * freedom, 0.00005 from 30; a test here has at least 29, as both sides have 30 answers).
 */
export function tQuantile(df: number): number {
  if (!Number.isFinite(df)) return z;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  const g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/** How one group differs from another: `a` − `b`, its 95% interval, and the test's verdict. */
export interface Difference {
  difference: number;
  low: number;
  high: number;
  /** Whether the difference is significant at 5% (two-sided); `null` with too few answers. */
  significant: boolean | null;
}

/** n, mean and sample variance of values given as value → count. */
function moments(values: [number, number][]) {
  let n = 0;
  let sum = 0;
  for (const [value, count] of values) {
    n += count;
    sum += value * count;
  }
  const mean = n > 0 ? sum / n : 0;
  let squares = 0;
  for (const [value, count] of values) squares += count * (value - mean) ** 2;
  return { n, mean, variance: n > 1 ? squares / (n - 1) : 0 };
}

/**
 * Welch's two-sample t-test of two means (unequal variances), scaled by `scale`. Both
 * groups constant means no spread at all: any difference is then certain.
 */
function welch(a: [number, number][], b: [number, number][], scale: number): Difference {
  const x = moments(a);
  const y = moments(b);
  const difference = (x.mean - y.mean) * scale;
  const va = x.variance / x.n;
  const vb = y.variance / y.n;
  const se = Math.sqrt(va + vb);
  if (se === 0)
    return { difference, low: difference, high: difference, significant: difference !== 0 };
  const df = (va + vb) ** 2 / (va ** 2 / (x.n - 1) + vb ** 2 / (y.n - 1));
  const half = tQuantile(df) * se * scale;
  return {
    difference,
    low: difference - half,
    high: difference + half,
    significant: Math.abs(difference) > half,
  };
}

/**
 * Two shares, in percent: the pooled two-proportion z-test decides; the interval is the
 * unpooled one of the difference (the two can disagree only at the very edge of 5%).
 */
function proportions(hitsA: number, nA: number, hitsB: number, nB: number): Difference {
  const p = hitsA / nA;
  const q = hitsB / nB;
  const difference = (p - q) * 100;
  const half = z * Math.sqrt((p * (1 - p)) / nA + (q * (1 - q)) / nB) * 100;
  const pooled = (hitsA + hitsB) / (nA + nB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  return {
    difference,
    low: difference - half,
    high: difference + half,
    significant: se === 0 ? false : Math.abs(p - q) / se > z,
  };
}

/** Score counts as value → count pairs, the values mapped by `value`. */
const pairs = (counts: ScoreCounts, value: (score: number) => number): [number, number][] =>
  Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([score, count]) => [value(Number(score)), count]);

/** An NPS answer as +1 (promoter), 0 (passive) or −1 (detractor): NPS is their mean × 100. */
const npsSign = (score: number) => {
  const category = categorize('nps', score);
  return category === 'promoter' ? 1 : category === 'detractor' ? -1 : 0;
};

/**
 * How the metric of answers `a` differs from that of answers `b`, in the metric's units
 * (NPS points, CSAT percentage points, CES scale points; either CES variant is a mean of
 * its own scale), with the test suited to it:
 * NPS and CES compare two means (NPS of the +1/0/−1 scores) with Welch's t-test, CSAT
 * two proportions. `null` when either side has no answer; `significant` is `null` when
 * either has fewer than `minAnswers`.
 */
export function compareCounts(type: SurveyType, a: ScoreCounts, b: ScoreCounts): Difference | null {
  const total = (counts: ScoreCounts) => Object.values(counts).reduce((s, n) => s + n, 0);
  const nA = total(a);
  const nB = total(b);
  if (nA === 0 || nB === 0) return null;
  let result: Difference;
  if (type === 'csat') {
    const hits = (counts: ScoreCounts) =>
      pairs(counts, (s) => (categorize('csat', s) === 'satisfied' ? 1 : 0)).reduce(
        (sum, [hit, n]) => sum + hit * n,
        0,
      );
    result = proportions(hits(a), nA, hits(b), nB);
  } else if (type === 'nps') {
    result = welch(pairs(a, npsSign), pairs(b, npsSign), 100);
  } else {
    result = welch(
      pairs(a, (s) => s),
      pairs(b, (s) => s),
      1,
    );
  }
  return tooFew(nA) || tooFew(nB) ? { ...result, significant: null } : result;
}

/** The counts of `whole` less those of `part`: the rest of the answers beside a segment. */
export function subtractCounts(whole: ScoreCounts, part: ScoreCounts): Record<number, number> {
  const rest: Record<number, number> = {};
  for (const [score, n] of Object.entries(whole)) {
    const left = n - (part[Number(score)] ?? 0);
    if (left > 0) rest[Number(score)] = left;
  }
  return rest;
}
