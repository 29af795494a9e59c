import { wilson } from '../survey/scoring.js';
import type { Db } from './schema.js';
import { parameters, type Range, rowsOf, type Series } from './series.js';
import { tooFew } from './stats.js';

// The funnel of a series: of the showings reported in a range (protocol v1 `shown`
// events), how many were dismissed, answered with a score, and answered with a comment.
// Each step is counted among those showings, joined on the id their answer carries, so
// no step can exceed the one before it and the response rate never passes 100%.

/** What happened to the showings of a survey series. */
export interface FunnelCounts {
  /** Distinct showings (one per response id) received in the range. */
  shown: number;
  /** Of those, closed by the visitor; `dismissedAt` says at which step. */
  dismissed: number;
  dismissedAt: { score: number; followUp: number };
  /** Of those, answered with a score (whenever the answer arrived). */
  answered: number;
  /** Of those, answered with a comment too. */
  commented: number;
}

/** A share in percent with its 95% Wilson interval; `value` null when nothing was shown. */
export interface Rate {
  value: number | null;
  low: number | null;
  high: number | null;
}

/** The funnel of one segment of the showings. */
export type FunnelSegment = { segment: string; responseRate: Rate; tooFew: boolean } & FunnelCounts;

export interface Funnel extends FunnelCounts {
  /** answered / shown. */
  responseRate: Rate;
  /** Fewer showings than `minAnswers`: too few to tell. */
  tooFew: boolean;
  /**
   * Answers received in the range whose showing was never reported (an older widget, or
   * one that cannot send events here): the rate says nothing of them.
   */
  answersWithoutShowing: number;
  /**
   * With a segment asked for: the 50 largest by showings, then `(other)`; `null` where
   * the segment cannot be read from events (`context.locale`, the language answered in).
   */
  segments?: FunnelSegment[] | null;
}

const maxSegments = 50;

/** Segments by the event's context rather than a trait are named with this prefix. */
const contextPrefix = 'context.';

/**
 * SQL for the segment of a showing, as the answers' segments read it: `page` the path of
 * the page, `context.<key>[.<key>]` that key of the context, anything else a user trait;
 * null where events cannot tell it.
 */
function segmentOf(segment: string | undefined, add: (value: unknown) => string) {
  if (segment === undefined) return `''`;
  if (segment === 'context.locale') return null;
  if (segment === 'page' || segment === 'context.page') {
    return `COALESCE(context ->> 'path', '(none)')`;
  }
  if (segment.startsWith(contextPrefix)) {
    const path = segment.slice(contextPrefix.length).split('.');
    return `COALESCE(context #>> ${add(path)}::text[], '(none)')`;
  }
  return `COALESCE(traits ->> ${add(segment)}, '(none)')`;
}

type Row = {
  segment: string | null;
  shown: number;
  dismissed: number;
  dismissed_score: number;
  dismissed_follow_up: number;
  answered: number;
  commented: number;
};

/** The counts of some showings, their response rate and whether they are too few. */
function summary(row: Omit<Row, 'segment'>) {
  const { shown, answered, commented, dismissed } = row;
  return {
    shown,
    dismissed,
    dismissedAt: { score: row.dismissed_score, followUp: row.dismissed_follow_up },
    answered,
    commented,
    responseRate: {
      value: shown > 0 ? (answered / shown) * 100 : null,
      ...wilson(answered, shown),
    },
    tooFew: tooFew(shown),
  };
}

/** Funnel counts per segment of the showings (one group when `segment` is undefined). */
async function funnelRows(db: Db, series: Series, range: Range, segment: string | undefined) {
  const { values, add } = parameters();
  const expression = segmentOf(segment, add) ?? `''`;
  const id = add(series.survey_id);
  const type = add(series.type);
  const variant = add(series.variant ?? '');
  const within = [
    range.from && `received_at >= ${add(range.from.toISOString())}::timestamptz`,
    range.to && `received_at < ${add(range.to.toISOString())}::timestamptz`,
  ].filter(Boolean);
  // Hash aggregates and hash joins throughout: a showing reported twice is grouped, not
  // sorted, and dismissals are gathered once per series, not looked up per showing.
  // A dismissal arrives with or after its showing; a day's margin covers a batch split
  // and sent in an unusual order.
  const since = range.from
    ? `AND received_at >= ${add(range.from.toISOString())}::timestamptz - interval '1 day'`
    : '';
  const { rows } = await db.query<Row>(
    `WITH s AS (
       SELECT response_id, min(${expression}) AS segment FROM surveylet_events
       WHERE survey_id = ${id} AND kind = 'shown' AND type = ${type}
         AND COALESCE(variant, '') = ${variant} ${within.map((c) => `AND ${c}`).join(' ')}
       GROUP BY response_id
     ), d AS (
       SELECT response_id, (array_agg(step ORDER BY at DESC, id DESC))[1] AS step
       FROM surveylet_events
       WHERE survey_id = ${id} AND kind = 'dismissed' ${since}
       GROUP BY response_id
     ), f AS (
       SELECT s.segment, count(*)::int AS shown, count(d.step)::int AS dismissed,
         count(*) FILTER (WHERE d.step = 'score')::int AS dismissed_score,
         count(*) FILTER (WHERE d.step = 'followUp')::int AS dismissed_follow_up,
         count(r.id)::int AS answered,
         count(r.id) FILTER (WHERE r.comment <> '')::int AS commented
       FROM s
       LEFT JOIN d ON d.response_id = s.response_id
       LEFT JOIN surveylet_responses r ON r.id = s.response_id AND r.survey_id = ${id}
         AND r.type = ${type} AND COALESCE(r.variant, '') = ${variant}
       GROUP BY s.segment
     ), top AS (
       SELECT segment FROM f ORDER BY shown DESC, segment LIMIT ${maxSegments}
     )
     SELECT t.segment, sum(f.shown)::int AS shown, sum(f.dismissed)::int AS dismissed,
       sum(f.dismissed_score)::int AS dismissed_score,
       sum(f.dismissed_follow_up)::int AS dismissed_follow_up,
       sum(f.answered)::int AS answered, sum(f.commented)::int AS commented
     FROM f LEFT JOIN top t ON t.segment = f.segment GROUP BY t.segment`,
    values,
  );
  return rows;
}

/** Whether any event of the series was ever received: one index probe. */
async function reported(db: Db, series: Series): Promise<boolean> {
  const { rows } = await db.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM surveylet_events WHERE survey_id = $1 AND type = $2
       AND COALESCE(variant, '') = $3) AS found`,
    [series.survey_id, series.type, series.variant ?? ''],
  );
  return rows[0]?.found === true;
}

/** Answers of the series received in the range whose showing was never reported. */
async function withoutShowing(db: Db, series: Series, range: Range): Promise<number> {
  const { values, add } = parameters();
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM surveylet_responses r WHERE ${rowsOf(series, range, add)}
       AND NOT EXISTS (SELECT 1 FROM surveylet_events e
         WHERE e.response_id = r.id AND e.kind = 'shown')`,
    values,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * The funnel of a series in a range (by the server's clock, as the answers are read), by
 * `segment` too when asked; `null` when no event of the series was ever received, so a
 * site whose widget does not report showings gets no made-up rate.
 */
export async function funnelOf(
  db: Db,
  series: Series,
  range: Range,
  segment?: string,
): Promise<Funnel | null> {
  const readable = segment === undefined || segmentOf(segment, () => '') !== null;
  const rows = await funnelRows(db, series, range, readable ? segment : undefined);
  const total: Omit<Row, 'segment'> = {
    shown: 0,
    dismissed: 0,
    dismissed_score: 0,
    dismissed_follow_up: 0,
    answered: 0,
    commented: 0,
  };
  for (const row of rows) {
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += row[key];
  }
  if (total.shown === 0 && !(await reported(db, series))) return null;
  const funnel: Funnel = {
    ...summary(total),
    answersWithoutShowing: await withoutShowing(db, series, { from: range.from, to: range.to }),
  };
  if (segment === undefined) return funnel;
  if (!readable) return { ...funnel, segments: null };
  const named = rows
    .flatMap((row) => (row.segment === null ? [] : [{ segment: row.segment, ...summary(row) }]))
    .sort((a, b) => b.shown - a.shown || (a.segment < b.segment ? -1 : 1));
  const rest = rows.find((row) => row.segment === null);
  return {
    ...funnel,
    segments: [...named, ...(rest ? [{ ...summary(rest), segment: '(other)' }] : [])],
  };
}
