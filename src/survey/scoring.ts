import type { Category, CesVariant, SurveyType } from './types.js';

/** The inclusive range of scores a survey offers. */
export interface Scale {
  min: number;
  max: number;
}

/** The scale of a survey type (CES depends on its variant). */
export function scaleOf(type: SurveyType, variant: CesVariant | null = null): Scale {
  if (type === 'nps') return { min: 0, max: 10 };
  if (type === 'ces' && variant !== 'effort') return { min: 1, max: 7 };
  return { min: 1, max: 5 };
}

/**
 * The category of a score. CES effort is inverted: a low score
 * means little effort, which is the good end.
 */
export function categorize(
  type: SurveyType,
  score: number,
  variant: CesVariant | null = null,
): Category {
  if (type === 'nps') return score <= 6 ? 'detractor' : score <= 8 ? 'passive' : 'promoter';
  if (type === 'csat') return score <= 2 ? 'dissatisfied' : score === 3 ? 'neutral' : 'satisfied';
  if (variant === 'effort') return score <= 2 ? 'easy' : score === 3 ? 'neutral' : 'difficult';
  return score <= 3 ? 'difficult' : score === 4 ? 'neutral' : 'easy';
}

/** The sentiment of a category: picks the default follow-up question. */
export function sentimentOf(category: Category): 'negative' | 'neutral' | 'positive' {
  if (category === 'detractor' || category === 'dissatisfied' || category === 'difficult') {
    return 'negative';
  }
  return category === 'passive' || category === 'neutral' ? 'neutral' : 'positive';
}

/** How many answers gave each score, e.g. `{ 9: 12, 10: 30 }`: what a database GROUP BY returns. */
export type ScoreCounts = Readonly<Record<number, number>>;

/** The counts of a list of scores, so per-answer and per-count callers share one computation. */
export function countScores(scores: readonly number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const score of scores) counts[score] = (counts[score] ?? 0) + 1;
  return counts;
}

/** NPS: % promoters − % detractors, −100…100; `null` without scores. */
export function npsScore(scores: readonly number[]): number | null {
  return metricFromCounts('nps', null, countScores(scores)).value;
}

/** CSAT: % of scores in the top two boxes (4–5), 0…100; `null` without scores. */
export function csatPercent(scores: readonly number[]): number | null {
  return metricFromCounts('csat', null, countScores(scores)).value;
}

/** Arithmetic mean of the scores (the CES headline); `null` without scores. */
export function meanScore(scores: readonly number[]): number | null {
  return metricFromCounts('ces', 'effort', countScores(scores)).value;
}

/** A headline metric: what a results page shows in large type. */
export interface Metric {
  name: 'nps' | 'csat' | 'ces';
  value: number | null;
  /** For CES agreement: % of scores in the `easy` category. */
  percentEasy?: number | null;
}

/**
 * A headline metric with its 95% interval (`low`…`high`, `null` without answers) and the
 * number of answers it rests on. For CES agreement, `percentEasyLow`…`percentEasyHigh`
 * bound `percentEasy` the same way.
 */
export interface MetricEstimate extends Metric {
  n: number;
  low: number | null;
  high: number | null;
  percentEasyLow?: number | null;
  percentEasyHigh?: number | null;
}

/** The normal quantile of a two-sided 95% interval. */
const z = 1.96;

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * Wilson score interval of a share, in percent. Unlike p ± z·√(p(1−p)/n) it stays inside
 * 0…100 and is not zero-width at 0% or 100%, which small surveys hit all the time.
 */
export function wilson(hits: number, n: number): { low: number | null; high: number | null } {
  if (n === 0) return { low: null, high: null };
  const p = hits / n;
  const shrink = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / shrink;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / shrink;
  return { low: clamp((centre - half) * 100, 0, 100), high: clamp((centre + half) * 100, 0, 100) };
}

/**
 * Mean ± z·s/√n of values given as value → count, clamped to `min`…`max`. `s` is the sample
 * standard deviation (n − 1): one answer says nothing about the spread, so n = 1 gives the
 * whole range rather than a zero-width interval that would look certain.
 */
function meanInterval(counts: [number, number][], n: number, min: number, max: number) {
  if (n === 0) return { value: null, low: null, high: null };
  let sum = 0;
  for (const [value, count] of counts) sum += value * count;
  const mean = sum / n;
  if (n === 1) return { value: mean, low: min, high: max };
  let squares = 0;
  for (const [value, count] of counts) squares += count * (value - mean) ** 2;
  const half = z * Math.sqrt(squares / (n - 1) / n);
  return { value: mean, low: clamp(mean - half, min, max), high: clamp(mean + half, min, max) };
}

/**
 * The headline metric of one survey from its score counts, with a 95% interval: the one
 * definition of each metric, used by `headlineMetric`, the widget helpers above and the
 * collector's results (which count in the database and never see single answers).
 *
 * - NPS: each answer is +1 (promoter), 0 (passive) or −1 (detractor); NPS is their mean
 *   × 100, so its interval is that mean's, clamped to −100…100.
 * - CSAT: % satisfied, Wilson interval.
 * - CES: the mean score, clamped to the scale; agreement adds % easy with a Wilson interval.
 */
export function metricFromCounts(
  type: SurveyType,
  variant: CesVariant | null,
  counts: ScoreCounts,
): MetricEstimate {
  const entries = Object.entries(counts)
    .map(([score, count]): [number, number] => [Number(score), count])
    .filter(([, count]) => count > 0);
  const tally: Partial<Record<Category, number>> = {};
  let n = 0;
  for (const [score, count] of entries) {
    const category = categorize(type, score, variant);
    tally[category] = (tally[category] ?? 0) + count;
    n += count;
  }
  if (type === 'nps') {
    // The +1/0/−1 scores as value → count: the NPS interval is a mean's interval.
    const signs: [number, number][] = [
      [1, tally.promoter ?? 0],
      [0, tally.passive ?? 0],
      [-1, tally.detractor ?? 0],
    ];
    const value = n === 0 ? null : (((tally.promoter ?? 0) - (tally.detractor ?? 0)) / n) * 100;
    const { low, high } = meanInterval(signs, n, -1, 1);
    return {
      name: 'nps',
      value,
      n,
      low: low === null ? null : low * 100,
      high: high === null ? null : high * 100,
    };
  }
  if (type === 'csat') {
    const satisfied = tally.satisfied ?? 0;
    return {
      name: 'csat',
      value: n === 0 ? null : (satisfied / n) * 100,
      n,
      ...wilson(satisfied, n),
    };
  }
  const scale = scaleOf(type, variant);
  const metric: MetricEstimate = {
    name: 'ces',
    n,
    ...meanInterval(entries, n, scale.min, scale.max),
  };
  if (variant !== 'effort') {
    const easy = tally.easy ?? 0;
    const { low, high } = wilson(easy, n);
    metric.percentEasy = n === 0 ? null : (easy / n) * 100;
    metric.percentEasyLow = low;
    metric.percentEasyHigh = high;
  }
  return metric;
}

/** The headline metric of a set of scores of one survey, without interval. */
export function headlineMetric(
  type: SurveyType,
  scores: readonly number[],
  variant: CesVariant | null = null,
): Metric {
  const { name, value, percentEasy } = metricFromCounts(type, variant, countScores(scores));
  return percentEasy === undefined ? { name, value } : { name, value, percentEasy };
}
