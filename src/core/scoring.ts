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
 * The category of a score (product.md §2). CES effort is inverted: a low score
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

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : (part / whole) * 100;
}

/** NPS: % promoters − % detractors, −100…100; `null` without scores. */
export function npsScore(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return share(promoters - detractors, scores.length);
}

/** CSAT: % of scores in the top two boxes (4–5), 0…100; `null` without scores. */
export function csatPercent(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  return share(scores.filter((s) => s >= 4).length, scores.length);
}

/** Arithmetic mean of the scores (the CES headline); `null` without scores. */
export function meanScore(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  return scores.reduce((sum, s) => sum + s, 0) / scores.length;
}

/** A headline metric: what a results page shows in large type. */
export interface Metric {
  name: 'nps' | 'csat' | 'ces';
  value: number | null;
  /** For CES agreement: % of scores in the `easy` category. */
  percentEasy?: number | null;
}

/** The headline metric of a set of scores of one survey (product.md §2). */
export function headlineMetric(
  type: SurveyType,
  scores: readonly number[],
  variant: CesVariant | null = null,
): Metric {
  if (type === 'nps') return { name: 'nps', value: npsScore(scores) };
  if (type === 'csat') return { name: 'csat', value: csatPercent(scores) };
  const metric: Metric = { name: 'ces', value: meanScore(scores) };
  if (variant !== 'effort') {
    const easy = scores.filter((s) => categorize('ces', s, variant) === 'easy').length;
    metric.percentEasy = scores.length === 0 ? null : share(easy, scores.length);
  }
  return metric;
}
