import type { CesVariant, SurveyType } from '../survey/types.js';
import type { Db } from './schema.js';
import {
  addTo,
  type Counts,
  counted,
  type Filter,
  parameters,
  rowsOf,
  type Series,
} from './series.js';
import {
  compareCounts,
  type Difference,
  type Summary,
  subtractCounts,
  summarize,
} from './stats.js';

// Segments of a series: its answers grouped by a trait or a context key.

const maxSegments = 50;
/** Segments by the answer's context rather than a trait are named with this prefix. */
const contextPrefix = 'context.';

/**
 * SQL for the segment of a row: `page` (or `context.page`) the path of the page answered
 * on, `context.locale` the answer's locale, any other `context.<key>` that key of the
 * answer's `context` object (a dotted key a path: `context.utm.source`), anything else
 * that user trait; `(none)` where absent.
 */
function segmentOf(segment: string, add: (value: unknown) => string) {
  const none = (sql: string) => ({ from: '', expression: `COALESCE(${sql}, '(none)')` });
  if (segment === 'context.locale') return none(`NULLIF(locale, '')`);
  if (segment.startsWith(contextPrefix) && segment !== 'context.page') {
    // `context.utm.source`, `context.hidden.plan`: a dotted key is a path into the context.
    const path = ['context', ...segment.slice(contextPrefix.length).split('.')];
    return none(`body #>> ${add(path)}::text[]`);
  }
  if (segment !== 'page' && segment !== 'context.page') return none(`traits ->> ${add(segment)}`);
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
export async function segmentCounts(db: Db, series: Series, filter: Filter, segment: string) {
  const { values, add } = parameters();
  const { from, expression } = segmentOf(segment, add);
  const { rows } = await db.query<{ segment: string | null; score: number; n: number }>(
    `WITH g AS (
       SELECT ${expression} AS segment, score, count(*)::int AS n
       FROM surveylet_responses ${from} WHERE ${rowsOf(series, filter, add)}
       GROUP BY 1, score, category HAVING ${counted(series, add)}
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
    addTo(counts, row.score, row.n);
    bySegment.set(row.segment, counts);
  }
  return bySegment;
}

/** A segment's metric, and how it differs from all other answers. */
export type SegmentRow = { segment: string; vsRest: Difference | null } & Summary;

/**
 * The segments largest first (ties alphabetically), then the rest together as
 * `(other)`; each compared with every answer outside it (`vsRest`: segment − rest).
 */
export function segmentRows(
  type: SurveyType,
  variant: CesVariant | null,
  segments: Map<string | null, Counts>,
  totals: Counts,
): SegmentRow[] {
  const row = (segment: string, counts: Counts): SegmentRow => ({
    segment,
    ...summarize(type, variant, counts),
    vsRest: compareCounts(type, counts, subtractCounts(totals, counts)),
  });
  const named = [...segments.entries()]
    .flatMap(([name, counts]) => (name === null ? [] : [row(name, counts)]))
    .sort((a, b) => b.count - a.count || (a.segment < b.segment ? -1 : 1));
  const rest = segments.get(null);
  return [...named, ...(rest ? [row('(other)', rest)] : [])];
}
