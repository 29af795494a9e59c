import { categorize, type ScoreCounts } from '../survey/scoring.js';
import type { CesVariant, SurveyType } from '../survey/types.js';
import type { Db } from './schema.js';

// The SQL every part of the results shares: which rows belong to a survey series in a
// range, and the listing of the series asked for.

/** A time range: `from` ≤ received_at < `to`, either end open. */
export interface Range {
  from?: Date;
  to?: Date;
}

/** What the rows of a series are filtered on: a range, and one answer per respondent. */
export interface Filter extends Range {
  /** Only each respondent's latest answer in the range (user id, else visitor id). */
  latest?: boolean;
}

/** A series as stored: the answers of one type and variant under one survey id. */
export interface Series {
  survey_id: string;
  type: SurveyType;
  variant: CesVariant | null;
  scale_min: number;
  scale_max: number;
  /** The first and last time an answer was received in the range. */
  first: Date | null;
  last: Date | null;
}

export type Counts = Record<number, number>;

/** Adds `n` answers of `score` to `counts`. */
export const addTo = (counts: Counts, score: number, n: number) => {
  counts[score] = (counts[score] ?? 0) + n;
};

/** Collects parameters and answers their placeholders, so optional filters stay readable. */
export function parameters() {
  const values: unknown[] = [];
  const add = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  return { values, add };
}

type Param = (value: unknown) => string;

/** SQL for the range, as conditions on received_at. */
function inRange(range: Range, add: Param): string[] {
  return [
    range.from && `received_at >= ${add(range.from.toISOString())}::timestamptz`,
    range.to && `received_at < ${add(range.to.toISOString())}::timestamptz`,
  ].filter((c): c is string => Boolean(c));
}

/** SQL for the rows of one series, any time (the index carries type and variant too). */
function ofSeries(series: Series, add: Param): string {
  return `survey_id = ${add(series.survey_id)} AND type = ${add(series.type)}
    AND COALESCE(variant, '') = ${add(series.variant ?? '')}`;
}

/**
 * SQL for each respondent's latest answer to a series in the filter's range (user id,
 * else visitor id), as a derived table of `id, received_at, score, category`.
 */
export function latestRows(series: Series, filter: Filter, add: Param): string {
  const who = 'COALESCE(user_id, visitor_id, id::text)';
  return `(SELECT DISTINCT ON (${who}) id, received_at, score, category FROM surveylet_responses
    WHERE ${[ofSeries(series, add), ...inRange(filter, add)].join(' AND ')}
    ORDER BY ${who}, received_at DESC, id DESC)`;
}

/**
 * SQL for the rows of a series that count: those in `range` when given, and with
 * `filter.latest` only each respondent's latest answer within the filter's range.
 */
export function rowsOf(series: Series, filter: Filter, add: Param, range: Range = filter): string {
  const where = [ofSeries(series, add), ...inRange(range, add)];
  if (filter.latest) where.push(`id IN (SELECT id FROM ${latestRows(series, filter, add)} l)`);
  return where.join(' AND ');
}

/**
 * SQL that is true for the rows, or groups of rows, whose stored category is what the
 * series' type gives their score on its scale: an old row stored before categories were
 * checked is left out rather than read wrongly. Written as a semi-join on the scale's
 * (score, category) pairs: PostgreSQL estimates that one well, where a per-row
 * expression made it guess that almost no row matches and plan badly around the guess.
 */
export function counted(series: Series, add: Param): string {
  const scores: number[] = [];
  const categories: string[] = [];
  for (let score = series.scale_min; score <= series.scale_max; score++) {
    scores.push(score);
    categories.push(categorize(series.type, score, series.variant));
  }
  return `(score, category) IN (SELECT * FROM unnest(${add(scores)}::int[], ${add(categories)}::text[]))`;
}

/** The series asked for, each with the span of its answers in the range (two index probes). */
export async function listSeries(db: Db, surveyId: string | undefined, range: Range) {
  const { values, add } = parameters();
  const conditions = inRange(range, add);
  const only = surveyId === undefined ? '' : `WHERE s.survey_id = ${add(surveyId)}`;
  const { rows } = await db.query<Series>(
    `SELECT s.survey_id, s.type, s.variant, s.scale_min, s.scale_max, r.first, r.last
     FROM surveylet_surveys s CROSS JOIN LATERAL (
       SELECT min(received_at) AS first, max(received_at) AS last FROM surveylet_responses
       WHERE survey_id = s.survey_id AND type = s.type
         AND COALESCE(variant, '') = COALESCE(s.variant, '')
         ${conditions.map((c) => `AND ${c}`).join(' ')}) r
     ${only} ORDER BY s.survey_id, s.first_seen, s.type, s.variant`,
    values,
  );
  return rows;
}

/** How many answers gave each score, in one range of a series. */
export async function countsIn(
  db: Db,
  series: Series,
  filter: Filter,
  range: Range,
): Promise<ScoreCounts> {
  const { values, add } = parameters();
  const { rows } = await db.query<{ score: number; n: number }>(
    `SELECT score, count(*)::int AS n FROM surveylet_responses
     WHERE ${rowsOf(series, { ...filter, ...range }, add)}
     GROUP BY score, category HAVING ${counted(series, add)}`,
    values,
  );
  const counts: Counts = {};
  for (const row of rows) addTo(counts, row.score, row.n);
  return counts;
}

/** `db` with at most `concurrency` of the statements made through it running at once. */
export function throttled(db: Db, concurrency: number): Db {
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
