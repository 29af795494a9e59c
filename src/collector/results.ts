import { headlineMetric, type Metric } from '../core/scoring.js';
import type { StoredRow } from './store.js';

/** Results of one survey, as `GET …/results` answers (delivery.md §1.1). */
export interface SurveyResults {
  surveyId: string;
  type: StoredRow['type'];
  variant: StoredRow['variant'];
  count: number;
  metric: Metric;
  categories: Record<string, number>;
  distribution: Record<string, number>;
  trend: { period: string; count: number; value: number | null }[];
  segments: { segment: string; count: number; value: number | null }[];
  comments: { score: number; category: string; comment: string; createdAt: string }[];
}

const iso = (value: Date | string) => new Date(value).toISOString();

/** The start of the day or ISO week (Monday) a date falls in, as YYYY-MM-DD. */
export function periodOf(value: Date | string, by: 'day' | 'week'): string {
  const date = new Date(value);
  if (by === 'week') date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  return date.toISOString().slice(0, 10);
}

/** The segment a row falls in: `page` groups by path, anything else by that user trait. */
function segmentOf(row: StoredRow, segment: string): string {
  if (segment === 'page') {
    try {
      return new URL(row.page_url ?? '').pathname;
    } catch {
      return '(none)';
    }
  }
  const value = row.traits?.[segment];
  return value === undefined || value === null ? '(none)' : String(value);
}

function count<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/**
 * Per-survey results computed with the widget's own scoring functions, so the
 * collector, the results page and `src/core` can never disagree on a metric.
 */
export function summarize(
  rows: StoredRow[],
  options: { by?: 'day' | 'week'; segment?: string; comments?: number } = {},
): SurveyResults[] {
  const bySurvey = new Map<string, StoredRow[]>();
  for (const row of rows)
    bySurvey.set(row.survey_id, [...(bySurvey.get(row.survey_id) ?? []), row]);
  return [...bySurvey.entries()].map(([surveyId, own]) => {
    const { type, variant } = own[own.length - 1] as StoredRow;
    const metricOf = (items: StoredRow[]) =>
      headlineMetric(
        type,
        items.map((r) => r.score),
        variant,
      );
    const group = (key: (row: StoredRow) => string) => {
      const groups = new Map<string, StoredRow[]>();
      for (const row of own) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
      return [...groups.entries()].map(([name, items]) => ({
        name,
        count: items.length,
        value: metricOf(items).value,
      }));
    };
    const segment = options.segment;
    return {
      surveyId,
      type,
      variant,
      count: own.length,
      metric: metricOf(own),
      categories: count(own, (r) => r.category),
      distribution: count(own, (r) => String(r.score)),
      trend: group((r) => periodOf(r.created_at, options.by ?? 'day'))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map(({ name, ...rest }) => ({ period: name, ...rest })),
      segments: segment
        ? group((r) => segmentOf(r, segment)).map(({ name, ...rest }) => ({
            segment: name,
            ...rest,
          }))
        : [],
      comments: own
        .filter((r) => r.comment)
        .slice(-(options.comments ?? 20))
        .reverse()
        .map((r) => ({
          score: r.score,
          category: r.category,
          comment: r.comment as string,
          createdAt: iso(r.created_at),
        })),
    };
  });
}
