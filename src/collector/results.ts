import { categorize, type MetricEstimate, metricFromCounts } from '../survey/scoring.js';
import type { CesVariant, SurveyType } from '../survey/types.js';
import { type Funnel, funnelOf } from './funnel.js';
import type { Db } from './schema.js';
import { type SegmentRow, segmentCounts, segmentRows } from './segments.js';
import {
  addTo,
  type Counts,
  counted,
  countsIn,
  type Filter,
  listSeries,
  parameters,
  type Range,
  rowsOf,
  type Series,
  throttled,
} from './series.js';
import { compareCounts, type Difference, type Summary, summarize, tooFew } from './stats.js';
import { type TrendPeriod, trendCounts } from './trend.js';

/**
 * What `GET …/results` asks for. Dates are compared with `received_at`: `from` ≤ t < `to`
 * (the API reads a bare date in `to` as the end of that UTC day).
 */
export interface ResultsQuery extends Filter {
  surveyId?: string;
  by?: TrendPeriod;
  /**
   * `page` groups by the path of the page answered on, `context.<key>` by that key of the
   * answer's context (`context.locale`: its locale), any other name by that user trait.
   */
  segment?: string;
  /** How many of the latest comments: default 20, at most 100. */
  comments?: number;
}

/** Results of one series of a survey (its answers of one type and variant). */
export interface SurveyResults {
  surveyId: string;
  type: SurveyType;
  variant: CesVariant | null;
  /** Set when the id has answers of more than one type or variant, each its own entry. */
  warning?: string;
  scale: { min: number; max: number };
  count: number;
  /** The headline metric with its 95% interval (see `metricFromCounts`). */
  metric: MetricEstimate;
  /** Fewer answers than `minAnswers`: too few to tell; the interval is still in `metric`. */
  tooFew: boolean;
  /** Every category of the survey type, zeros included. */
  categories: Record<string, number>;
  /** Every score of the scale, zeros included. */
  distribution: Record<string, number>;
  /** Periods with answers, oldest first; `period` is the UTC day, ISO week or month it starts. */
  trend: ({ period: string } & Summary)[];
  /**
   * The current period against the one of equal length before it: the range asked for,
   * else the last 30 days. `change` is current − previous (`null` if either is empty).
   */
  comparison: {
    days: number;
    current: { from: string; to: string; metric: MetricEstimate };
    previous: { from: string; to: string; metric: MetricEstimate };
    change: Difference | null;
  };
  /**
   * The 50 largest segments, largest first, then the rest together as `(other)`; each
   * against all other answers (`vsRest`: this segment − the rest, `null` if either is empty).
   */
  segments: SegmentRow[];
  /**
   * Of the showings reported in the range: dismissed, answered, commented, and the
   * response rate with its interval (see funnel.ts); `null` when this series never
   * reported a showing (its site's widget does not send events to this collector).
   */
  funnel: Funnel | null;
  /** Newest first by `received_at`. */
  comments: { score: number; category: string; comment: string; receivedAt: string }[];
}

const day = 86_400_000;
/** The comparison's length when no range is asked for. */
const defaultDays = 30;
/** At most this many of one request's statements run at once (see `trendCounts`). */
const inFlight = 2;
/** What a reader is told when one survey id holds answers of more than one kind. */
export const mixedWarning = 'answers of two kinds under one id: shown apart';

/** The latest comments: a backward walk of the index that stops after `limit` of them. */
async function latestComments(db: Db, series: Series, filter: Filter, limit: number) {
  const { values, add } = parameters();
  const { rows } = await db.query<{
    score: number;
    category: string;
    comment: string;
    received_at: Date | string;
  }>(
    `SELECT score, category, comment, received_at FROM surveylet_responses
     WHERE ${rowsOf(series, filter, add)} AND ${counted(series, add)} AND comment <> ''
     ORDER BY received_at DESC, id DESC LIMIT ${add(limit)}`,
    values,
  );
  return rows.map((row) => ({
    score: row.score,
    category: row.category,
    comment: row.comment,
    receivedAt: new Date(row.received_at).toISOString(),
  }));
}

/** The range compared and the one of equal length before it. */
function comparedRanges(query: ResultsQuery, now: number) {
  const to = query.to?.getTime() ?? now;
  const from = query.from?.getTime() ?? to - defaultDays * day;
  const length = Math.max(0, to - from);
  return {
    days: length / day,
    current: { from: new Date(from), to: new Date(to) },
    previous: { from: new Date(from - length), to: new Date(from) },
  };
}

async function resultsOf(
  db: Db,
  series: Series,
  query: ResultsQuery,
  now: number,
): Promise<SurveyResults> {
  const { type, variant, scale_min: min, scale_max: max } = series;
  const by = query.by ?? 'day';
  const limit = Math.min(100, Math.max(0, Math.floor(query.comments ?? 20) || 0));
  const answered = series.last !== null;
  const ranges = comparedRanges(query, now);
  // With `from` asked for, the headline's range is the current period: no need to count it again.
  const sameAsHeadline = query.from !== undefined;
  const [funnel, trend, segments, comments, current, previous] = await Promise.all([
    funnelOf(db, series, query, query.segment),
    answered ? trendCounts(db, series, query, by) : new Map<string, Counts>(),
    answered && query.segment
      ? segmentCounts(db, series, query, query.segment)
      : new Map<string | null, Counts>(),
    answered && limit > 0 ? latestComments(db, series, query, limit) : [],
    sameAsHeadline ? null : countsIn(db, series, query, ranges.current),
    countsIn(db, series, query, ranges.previous),
  ]);

  const totals: Counts = {};
  for (const counts of trend.values()) {
    for (const [score, n] of Object.entries(counts)) addTo(totals, Number(score), n);
  }
  const distribution: Record<string, number> = {};
  const categories: Record<string, number> = {};
  for (let score = min; score <= max; score++) {
    const category = categorize(type, score, variant);
    distribution[score] = totals[score] ?? 0;
    categories[category] = (categories[category] ?? 0) + (totals[score] ?? 0);
  }
  const metric = metricFromCounts(type, variant, totals);
  const summary = (counts: Counts) => summarize(type, variant, counts);
  const currentCounts = current ?? totals;
  const span = (range: Range) => ({
    from: (range.from as Date).toISOString(),
    to: (range.to as Date).toISOString(),
  });
  return {
    surveyId: series.survey_id,
    type,
    variant: variant ?? null,
    scale: { min, max },
    count: metric.n,
    metric,
    tooFew: tooFew(metric.n),
    categories,
    distribution,
    trend: [...trend.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([period, counts]) => ({ period, ...summary(counts) })),
    comparison: {
      days: ranges.days,
      current: { ...span(ranges.current), metric: metricFromCounts(type, variant, currentCounts) },
      previous: { ...span(ranges.previous), metric: metricFromCounts(type, variant, previous) },
      change: compareCounts(type, currentCounts, previous),
    },
    segments: segmentRows(type, variant, segments, totals),
    funnel,
    comments,
  };
}

/**
 * Results per survey series, counted by the database: one short index probe for the
 * series, then per series a few `GROUP BY score` statements over the index (the trend,
 * the previous period; segments when asked) and one `LIMIT`ed read of comments. Type,
 * variant and scale are the series' own: answers of another kind under the same id are
 * another entry, never mixed in, and each entry of such an id carries `warning`. Without
 * `surveyId`, series with no answer in the range are left out; a `surveyId` asked for is
 * answered even when empty (and not at all when unknown).
 */
export async function queryResults(
  given: Db,
  query: ResultsQuery,
  now = Date.now(),
): Promise<SurveyResults[]> {
  const db = throttled(given, inFlight);
  const all = await Promise.all(
    (await listSeries(db, query.surveyId, query)).map((s) => resultsOf(db, s, query, now)),
  );
  // A series shown in the range but not answered yet is listed too: its funnel says so.
  const answered = all.filter((r) => r.count > 0 || (r.funnel?.shown ?? 0) > 0);
  // An id asked for with no answer in the range is still answered, by its first series.
  const results =
    answered.length === 0 && query.surveyId !== undefined ? all.slice(0, 1) : answered;
  const kinds = new Map<string, number>();
  for (const r of answered) {
    if (r.count > 0) kinds.set(r.surveyId, (kinds.get(r.surveyId) ?? 0) + 1);
  }
  return results.map((r) =>
    (kinds.get(r.surveyId) ?? 0) > 1 ? { ...r, warning: mixedWarning } : r,
  );
}
