import type { Db } from './schema.js';
import {
  addTo,
  type Counts,
  counted,
  type Filter,
  latestRows,
  parameters,
  rowsOf,
  type Series,
} from './series.js';

// The trend of a series: score counts per UTC day, ISO week or month.

/** The periods a trend is counted by; the first is the default. */
export const trendPeriods = ['day', 'week', 'month'] as const;
export type TrendPeriod = (typeof trendPeriods)[number];

const day = 86_400_000;
/**
 * The trend is counted in this many statements over consecutive periods. On a `pg` pool
 * two connections scan at once (measured: 8 × 2 is as fast as wider on two cores) and
 * the pool keeps room for ingest. PGlite runs one statement at a time and blocks its
 * thread while it does: short statements, queued two at a time (see `throttled`), let an
 * ingest slip in between instead of waiting for the whole request (ingest p50 while
 * results loop on 100,000 answers: 21 ms, not 90).
 */
const trendStatements = 8;

/** The UTC day, Monday of the ISO week, or first of the month that `time` falls in. */
function periodStart(time: number, by: TrendPeriod): number {
  const start = Math.floor(time / day) * day;
  if (by === 'day') return start;
  const date = new Date(start);
  if (by === 'month') return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  return start - ((date.getUTCDay() + 6) % 7) * day;
}

/** The start of the period after the one starting at `start`. */
function nextStart(start: number, by: TrendPeriod): number {
  if (by === 'day') return start + day;
  if (by === 'week') return start + 7 * day;
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/** The periods from the first answer to the last, each cut to the filter's range. */
function periods(series: Series, filter: Filter, by: TrendPeriod) {
  const list: { label: string; lo: string; hi: string }[] = [];
  const last = new Date(series.last as Date).getTime();
  for (
    let start = periodStart(new Date(series.first as Date).getTime(), by);
    start <= last;
    start = nextStart(start, by)
  ) {
    const end = nextStart(start, by);
    const lo = Math.max(start, filter.from?.getTime() ?? start);
    const hi = Math.min(end, filter.to?.getTime() ?? end);
    list.push({
      label: new Date(start).toISOString().slice(0, 10),
      lo: new Date(lo).toISOString(),
      hi: new Date(hi).toISOString(),
    });
  }
  return list;
}

/**
 * Score counts per period. Each period is its own range scan of the covering index
 * (index-only: score, category, type and variant are in it), so the database never
 * computes a period per row (date_trunc per row measured 2–3× slower on 1,000,000
 * answers). `GROUP BY` leaves at most a dozen rows per period to send.
 */
export async function trendCounts(db: Db, series: Series, filter: Filter, by: TrendPeriod) {
  const list = periods(series, filter, by);
  // One answer per respondent needs every answer of the range sorted once: one statement
  // (per period, the database would sort them again for each).
  const size = filter.latest ? list.length : Math.ceil(list.length / trendStatements);
  const parts = [];
  for (let start = 0; start < list.length; start += size) {
    const part = list.slice(start, start + size);
    const { values, add } = parameters();
    const lows = add(part.map((p) => p.lo));
    const highs = add(part.map((p) => p.hi));
    const periodsSql = `unnest(${lows}::timestamptz[], ${highs}::timestamptz[]) WITH ORDINALITY AS p(lo, hi, i)`;
    // The rule is checked per group (HAVING), after counting: cheaper than per row.
    const sql = filter.latest
      ? `SELECT p.i::int AS i, l.score, count(*)::int AS n
         FROM ${latestRows(series, filter, add)} l
         JOIN ${periodsSql} ON l.received_at >= p.lo AND l.received_at < p.hi
         GROUP BY p.i, l.score, l.category HAVING ${counted(series, add)}`
      : `SELECT p.i::int AS i, x.score, x.n FROM ${periodsSql}
         CROSS JOIN LATERAL (
           SELECT score, count(*)::int AS n FROM surveylet_responses
           WHERE ${rowsOf(series, filter, add, {})} AND received_at >= p.lo AND received_at < p.hi
           GROUP BY score, category HAVING ${counted(series, add)}) x`;
    parts.push(
      db
        .query<{ i: number; score: number; n: number }>(sql, values)
        .then(({ rows }) => rows.map((row) => ({ ...row, period: part[row.i - 1]?.label ?? '' }))),
    );
  }
  const byPeriod = new Map<string, Counts>();
  for (const row of (await Promise.all(parts)).flat()) {
    const counts = byPeriod.get(row.period) ?? {};
    addTo(counts, row.score, row.n);
    byPeriod.set(row.period, counts);
  }
  return byPeriod;
}
