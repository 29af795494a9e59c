import { categorize, type MetricEstimate, metricFromCounts } from '../survey/scoring.js';
import type { CesVariant, SurveyType } from '../survey/types.js';
import type { Db } from './schema.js';

/**
 * What `GET …/results` asks for. Dates are compared with `received_at`: `from` ≤ t < `to`
 * (the API reads a bare date in `to` as the end of that UTC day).
 */
export interface ResultsQuery {
  surveyId?: string;
  from?: Date;
  to?: Date;
  by?: 'day' | 'week';
  /** `page` groups by the path of the page answered on; any other name by that user trait. */
  segment?: string;
  /** How many of the latest comments: default 20, at most 100. */
  comments?: number;
}

/** Results of one survey, as `GET …/results` answers them. */
export interface SurveyResults {
  surveyId: string;
  type: SurveyType;
  variant: CesVariant | null;
  scale: { min: number; max: number };
  count: number;
  /** The headline metric with its 95% interval (see `metricFromCounts`). */
  metric: MetricEstimate;
  /** Every category of the survey type, zeros included. */
  categories: Record<string, number>;
  /** Every score of the scale, zeros included. */
  distribution: Record<string, number>;
  /** Periods with answers, oldest first; `period` is the UTC day or ISO week (Monday) it starts. */
  trend: { period: string; count: number; value: number | null }[];
  /** The 50 largest segments, largest first, then the rest together as `(other)`. */
  segments: { segment: string; count: number; value: number | null }[];
  /** Newest first by `received_at`. */
  comments: { score: number; category: string; comment: string; receivedAt: string }[];
}

/** A survey as stored, with the first and last time an answer was received in the range. */
interface Survey {
  survey_id: string;
  type: SurveyType;
  variant: CesVariant | null;
  scale_min: number;
  scale_max: number;
  first: Date | null;
  last: Date | null;
}

const day = 86_400_000;
const maxSegments = 50;
/**
 * The trend is counted in this many statements over consecutive periods, at most
 * `inFlight` of one request's statements at a time. On a `pg` pool two connections scan
 * at once (measured: 8 × 2 is as fast as wider on two cores) and the pool keeps room for
 * ingest. PGlite runs one statement at a time and blocks its thread while it does: short
 * statements, queued two at a time, let an ingest slip in between instead of waiting for
 * the whole request (ingest p50 while results loop on 100,000 answers: 21 ms, not 90).
 */
const trendStatements = 8;
const inFlight = 2;

/** Collects parameters and answers their placeholders, so optional filters stay readable. */
function parameters() {
  const values: unknown[] = [];
  const add = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  return { values, add };
}

/** The rows of a survey in the query's range, as SQL (parameters added through `add`). */
function ofSurvey(survey: Survey, query: ResultsQuery, add: (value: unknown) => string): string {
  const where = [`survey_id = ${add(survey.survey_id)}`];
  if (query.from) where.push(`received_at >= ${add(query.from.toISOString())}::timestamptz`);
  if (query.to) where.push(`received_at < ${add(query.to.toISOString())}::timestamptz`);
  return where.join(' AND ');
}

/**
 * SQL that is true for the rows, or groups of rows, that count for a survey: those whose
 * stored category is what the survey's own type gives their score on its scale. An old
 * answer of another type stored under the same id (before shapes were fixed) is left out
 * rather than read on the wrong scale. Written as a semi-join on the scale's (score,
 * category) pairs: PostgreSQL estimates that one well, where a per-row expression made
 * it guess that almost no row matches and plan badly around the guess.
 */
function counted(survey: Survey, add: (value: unknown) => string): string {
  const scores: number[] = [];
  const categories: string[] = [];
  for (let score = survey.scale_min; score <= survey.scale_max; score++) {
    scores.push(score);
    categories.push(categorize(survey.type, score, survey.variant));
  }
  return `(score, category) IN (SELECT * FROM unnest(${add(scores)}::int[], ${add(categories)}::text[]))`;
}

/** The surveys asked for, each with the span of its answers in the range (two index probes). */
async function surveys(db: Db, query: ResultsQuery): Promise<Survey[]> {
  const { values, add } = parameters();
  const range = [
    query.from && `received_at >= ${add(query.from.toISOString())}::timestamptz`,
    query.to && `received_at < ${add(query.to.toISOString())}::timestamptz`,
  ].filter(Boolean);
  const only = query.surveyId === undefined ? '' : `WHERE s.survey_id = ${add(query.surveyId)}`;
  const { rows } = await db.query<Survey>(
    `SELECT s.survey_id, s.type, s.variant, s.scale_min, s.scale_max, r.first, r.last
     FROM surveylet_surveys s CROSS JOIN LATERAL (
       SELECT min(received_at) AS first, max(received_at) AS last FROM surveylet_responses
       WHERE survey_id = s.survey_id ${range.map((c) => `AND ${c}`).join(' ')}) r
     ${only} ORDER BY s.survey_id`,
    values,
  );
  return rows;
}

/** The UTC day, or the Monday of the ISO week, that `time` falls in. */
function periodStart(time: number, by: 'day' | 'week'): number {
  const start = Math.floor(time / day) * day;
  return by === 'day' ? start : start - ((new Date(start).getUTCDay() + 6) % 7) * day;
}

/** The periods from the first answer to the last, each cut to the query's range. */
function periods(survey: Survey, query: ResultsQuery, by: 'day' | 'week') {
  const step = by === 'day' ? day : 7 * day;
  const list: { label: string; lo: string; hi: string }[] = [];
  const last = new Date(survey.last as Date).getTime();
  for (
    let start = periodStart(new Date(survey.first as Date).getTime(), by);
    start <= last;
    start += step
  ) {
    const lo = Math.max(start, query.from?.getTime() ?? start);
    const hi = Math.min(start + step, query.to?.getTime() ?? start + step);
    list.push({
      label: new Date(start).toISOString().slice(0, 10),
      lo: new Date(lo).toISOString(),
      hi: new Date(hi).toISOString(),
    });
  }
  return list;
}

type Counts = Record<number, number>;
const add = (counts: Counts, score: number, n: number) => {
  counts[score] = (counts[score] ?? 0) + n;
};

/**
 * Score counts per period. Each period is its own range scan of the covering index
 * (index-only: score and category are in it), so the database never computes a period
 * per row (date_trunc per row measured 2–3× slower on 1,000,000 answers). `GROUP BY`
 * leaves at most a dozen rows per period to send, however many answers there are.
 */
async function trendCounts(db: Db, survey: Survey, query: ResultsQuery, by: 'day' | 'week') {
  const list = periods(survey, query, by);
  const size = Math.ceil(list.length / trendStatements);
  const parts = [];
  for (let start = 0; start < list.length; start += size) {
    const part = list.slice(start, start + size);
    const { values, add: param } = parameters();
    const lows = param(part.map((p) => p.lo));
    const highs = param(part.map((p) => p.hi));
    const where = ofSurvey(survey, {}, param);
    // The rule is checked per group (HAVING), after counting: cheaper than per row.
    parts.push(
      db
        .query<{ i: number; score: number; n: number }>(
          `SELECT p.i::int AS i, x.score, x.n
           FROM unnest(${lows}::timestamptz[], ${highs}::timestamptz[]) WITH ORDINALITY AS p(lo, hi, i)
           CROSS JOIN LATERAL (
             SELECT score, count(*)::int AS n FROM surveylet_responses
             WHERE ${where} AND received_at >= p.lo AND received_at < p.hi
             GROUP BY score, category HAVING ${counted(survey, param)}) x`,
          values,
        )
        .then(({ rows }) => rows.map((row) => ({ ...row, period: part[row.i - 1]?.label ?? '' }))),
    );
  }
  const byPeriod = new Map<string, Counts>();
  for (const row of (await Promise.all(parts)).flat()) {
    const counts = byPeriod.get(row.period) ?? {};
    add(counts, row.score, row.n);
    byPeriod.set(row.period, counts);
  }
  return byPeriod;
}

/** SQL for the segment of a row: the path of its page, or one trait ('(none)' if absent). */
function segmentOf(segment: string, param: (value: unknown) => string) {
  if (segment !== 'page') {
    return { from: '', expression: `COALESCE(traits ->> ${param(segment)}, '(none)')` };
  }
  // page_url is stored without query and fragment: the path is what follows the host.
  // String functions, not a regular expression: this runs once per answer.
  return {
    from: `CROSS JOIN LATERAL (SELECT substr(page_url, strpos(page_url, '://') + 3) AS rest) u`,
    expression: `CASE WHEN strpos(page_url, '://') > 0
      THEN COALESCE(substr(u.rest, NULLIF(strpos(u.rest, '/'), 0)), '/') ELSE '(none)' END`,
  };
}

/**
 * Score counts of the largest segments; the rest come back as one null segment, so a
 * trait with a value per user sends 51 groups, not one per user.
 */
async function segmentCounts(db: Db, survey: Survey, query: ResultsQuery, segment: string) {
  const { values, add: param } = parameters();
  const { from, expression } = segmentOf(segment, param);
  const { rows } = await db.query<{ segment: string | null; score: number; n: number }>(
    `WITH g AS (
       SELECT ${expression} AS segment, score, count(*)::int AS n
       FROM surveylet_responses ${from} WHERE ${ofSurvey(survey, query, param)}
       GROUP BY 1, score, category HAVING ${counted(survey, param)}
     ), top AS (
       SELECT segment FROM g GROUP BY segment ORDER BY sum(n) DESC, segment LIMIT ${maxSegments}
     )
     SELECT t.segment, g.score, sum(g.n)::int AS n
     FROM g LEFT JOIN top t ON t.segment = g.segment GROUP BY t.segment, g.score`,
    values,
  );
  const bySegment = new Map<string | null, Counts>();
  for (const row of rows) {
    const counts = bySegment.get(row.segment) ?? {};
    add(counts, row.score, row.n);
    bySegment.set(row.segment, counts);
  }
  return bySegment;
}

/** The latest comments: a backward walk of the index that stops after `limit` of them. */
async function latestComments(db: Db, survey: Survey, query: ResultsQuery, limit: number) {
  const { values, add: param } = parameters();
  const where = `${ofSurvey(survey, query, param)} AND ${counted(survey, param)}`;
  const { rows } = await db.query<{
    score: number;
    category: string;
    comment: string;
    received_at: Date | string;
  }>(
    `SELECT score, category, comment, received_at FROM surveylet_responses
     WHERE ${where} AND comment <> ''
     ORDER BY received_at DESC, id DESC LIMIT ${param(limit)}`,
    values,
  );
  return rows.map((row) => ({
    score: row.score,
    category: row.category,
    comment: row.comment,
    receivedAt: new Date(row.received_at).toISOString(),
  }));
}

async function resultsOf(db: Db, survey: Survey, query: ResultsQuery): Promise<SurveyResults> {
  const { type, variant, scale_min: min, scale_max: max } = survey;
  const by = query.by === 'week' ? 'week' : 'day';
  const limit = Math.min(100, Math.max(0, Math.floor(query.comments ?? 20) || 0));
  const answered = survey.last !== null;
  const [trend, segments, comments] = await Promise.all([
    answered ? trendCounts(db, survey, query, by) : new Map<string, Counts>(),
    answered && query.segment
      ? segmentCounts(db, survey, query, query.segment)
      : new Map<string | null, Counts>(),
    answered && limit > 0 ? latestComments(db, survey, query, limit) : [],
  ]);

  const totals: Counts = {};
  for (const counts of trend.values()) {
    for (const [score, n] of Object.entries(counts)) add(totals, Number(score), n);
  }
  const distribution: Record<string, number> = {};
  const categories: Record<string, number> = {};
  for (let score = min; score <= max; score++) {
    const category = categorize(type, score, variant);
    distribution[score] = totals[score] ?? 0;
    categories[category] = (categories[category] ?? 0) + (totals[score] ?? 0);
  }
  const metric = metricFromCounts(type, variant, totals);
  const summary = (counts: Counts) => {
    const { n, value } = metricFromCounts(type, variant, counts);
    return { count: n, value };
  };
  const named = [...segments.entries()]
    .flatMap(([segment, counts]) => (segment === null ? [] : [{ segment, ...summary(counts) }]))
    .sort((a, b) => b.count - a.count || (a.segment < b.segment ? -1 : 1));
  const rest = segments.get(null);
  return {
    surveyId: survey.survey_id,
    type,
    variant: variant ?? null,
    scale: { min, max },
    count: metric.n,
    metric,
    categories,
    distribution,
    trend: [...trend.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([period, counts]) => ({ period, ...summary(counts) })),
    segments: [...named, ...(rest ? [{ segment: '(other)', ...summary(rest) }] : [])],
    comments,
  };
}

/** `db` with at most `concurrency` of the statements made through it running at once. */
function throttled(db: Db, concurrency: number): Db {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    async query(text, params) {
      // A finished statement hands its slot straight to the next in line, so a caller
      // arriving in between cannot take it too.
      if (active < concurrency) active++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await db.query(text, params);
      } finally {
        const next = waiting.shift();
        if (next) next();
        else active--;
      }
    },
  };
}

/**
 * Results per survey, counted by the database: one short index probe for the surveys,
 * then per survey a few `GROUP BY score` statements over the index (the trend; segments
 * when asked) and one `LIMIT`ed read of comments. Type, variant and scale are the
 * survey's stored shape, never what the latest answer claims. Without `surveyId`, surveys
 * with no answer in the range are left out; a `surveyId` asked for is answered even when
 * empty (and not at all when unknown).
 */
export async function queryResults(given: Db, query: ResultsQuery): Promise<SurveyResults[]> {
  const db = throttled(given, inFlight);
  const results = await Promise.all(
    (await surveys(db, query)).map((survey) => resultsOf(db, survey, query)),
  );
  return query.surveyId === undefined ? results.filter((r) => r.count > 0) : results;
}
