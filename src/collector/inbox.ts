import { sentimentOf } from '../survey/scoring.js';
import type { Category } from '../survey/types.js';
import type { FollowUpStatus } from './followUp.js';
import type { Db } from './schema.js';

/** What `GET …/inbox` asks for. Dates are compared with `received_at`: `from` ≤ t < `to`. */
export interface InboxQuery {
  surveyId?: string;
  from?: Date;
  to?: Date;
  /** Only answers in this state ("new" includes answers nobody changed yet). */
  status?: FollowUpStatus;
  /** Only this answer (the item an alert links to), whatever the other filters say. */
  responseId?: string;
  /** How many items at most: default 50, at most 200. */
  limit?: number;
}

/** One answer to follow up, as `GET …/inbox` lists it. */
export interface InboxItem {
  responseId: string;
  surveyId: string;
  type: string;
  variant: string | null;
  score: number;
  category: string;
  comment: string | null;
  /** The page answered on (without query and fragment unless `keepPageQuery`). */
  page: string | null;
  locale: string | null;
  /** When the server received the answer's latest revision. */
  receivedAt: string;
  /** Who answered, as the site identified them: its user id and traits. */
  userId: string | null;
  traits: Record<string, unknown> | null;
  status: FollowUpStatus;
  by: string | null;
  at: string | null;
  firstContactAt: string | null;
}

/** How fast the team follows up, over the same survey and dates as the list. */
export interface InboxSummary {
  /** Answers contacted at least once, and the median time from answer to first contact. */
  contacted: number;
  medianFirstContactMs: number | null;
  /** Low answers (detractor, dissatisfied, difficult) nobody has contacted yet. */
  lowNotContacted: number;
  /**
   * Of the low answers whose first day is over or that were contacted within it, how
   * many were contacted within a day (`share`, 0–1, null when there are none).
   */
  lowContactedWithinDay: { contacted: number; of: number; share: number | null };
}

export const defaultInboxLimit = 50;
export const maxInboxLimit = 200;

// Every category (the record makes the compiler name them all), by sentiment: the inbox
// lists the unhappy first, then the lukewarm, then the happy.
const categories = Object.keys({
  detractor: 1,
  passive: 1,
  promoter: 1,
  dissatisfied: 1,
  neutral: 1,
  satisfied: 1,
  difficult: 1,
  easy: 1,
} satisfies Record<Category, 1>) as Category[];
const low = categories.filter((c) => sentimentOf(c) === 'negative');
const middle = categories.filter((c) => sentimentOf(c) === 'neutral');

/** The filters of a query as SQL, its parameters added to `values`. */
function where(query: InboxQuery, values: unknown[]): string {
  const add = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  if (query.responseId) return `r.id = ${add(query.responseId)}::uuid`;
  const conditions = ['true'];
  if (query.surveyId !== undefined) conditions.push(`r.survey_id = ${add(query.surveyId)}`);
  if (query.from) conditions.push(`r.received_at >= ${add(query.from.toISOString())}::timestamptz`);
  if (query.to) conditions.push(`r.received_at < ${add(query.to.toISOString())}::timestamptz`);
  if (query.status) conditions.push(`COALESCE(f.status, 'new') = ${add(query.status)}`);
  return conditions.join(' AND ');
}

const iso = (value: Date | string | null) =>
  value === null ? null : new Date(value).toISOString();

interface Row {
  id: string;
  survey_id: string;
  type: string;
  variant: string | null;
  score: number;
  category: string;
  comment: string | null;
  page_url: string | null;
  locale: string | null;
  received_at: Date | string;
  user_id: string | null;
  traits: Record<string, unknown> | null;
  status: FollowUpStatus | null;
  changed_by: string | null;
  changed_at: Date | string | null;
  first_contact_at: Date | string | null;
}

/**
 * The answers to follow up: low ones first (detractor, dissatisfied, difficult), then
 * neutral, then happy; within that the worst score first (CES effort runs the other
 * way: 5 is the hardest), and the newest first within a score.
 */
export async function queryInbox(db: Db, query: InboxQuery): Promise<InboxItem[]> {
  const values: unknown[] = [low, middle];
  const filter = where(query, values);
  values.push(Math.min(maxInboxLimit, Math.max(1, query.limit ?? defaultInboxLimit)));
  const { rows } = await db.query<Row>(
    `SELECT r.id, r.survey_id, r.type, r.variant, r.score, r.category, r.comment, r.page_url,
            r.locale, r.received_at, r.user_id, r.traits,
            f.status, f.changed_by, f.changed_at, f.first_contact_at
     FROM surveylet_responses r LEFT JOIN surveylet_followups f ON f.response_id = r.id
     WHERE ${filter}
     ORDER BY CASE WHEN r.category = ANY($1::text[]) THEN 0
                   WHEN r.category = ANY($2::text[]) THEN 1 ELSE 2 END,
              CASE WHEN r.type = 'ces' AND r.variant = 'effort' THEN -r.score ELSE r.score END,
              r.received_at DESC, r.id
     LIMIT $${values.length}`,
    values,
  );
  return rows.map((row) => ({
    responseId: String(row.id),
    surveyId: row.survey_id,
    type: row.type,
    variant: row.variant ?? null,
    score: row.score,
    category: row.category,
    comment: row.comment || null,
    page: row.page_url || null,
    locale: row.locale || null,
    receivedAt: new Date(row.received_at).toISOString(),
    userId: row.user_id ?? null,
    traits: row.traits ?? null,
    status: row.status ?? 'new',
    by: row.changed_by ?? null,
    at: iso(row.changed_at),
    firstContactAt: iso(row.first_contact_at),
  }));
}

/**
 * The follow-up figures over the query's survey and dates (its status, answer and limit
 * do not apply), by the database's clock. A first contact that predates the answer's
 * latest revision (the comment came after the call) counts as no wait at all.
 */
export async function inboxSummary(db: Db, query: InboxQuery): Promise<InboxSummary> {
  const values: unknown[] = [low];
  const filter = where({ surveyId: query.surveyId, from: query.from, to: query.to }, values);
  // GREATEST skips nulls: without the CASE, answers never contacted would wait 0.
  const wait = `CASE WHEN f.first_contact_at IS NOT NULL
    THEN GREATEST(f.first_contact_at - r.received_at, interval '0') END`;
  const isLow = 'r.category = ANY($1::text[])';
  const inDay = `${wait} <= interval '1 day'`;
  const { rows } = await db.query<{
    contacted: number;
    median_s: number | string | null;
    low_open: number;
    low_in_day: number;
    low_decided: number;
  }>(
    `SELECT count(f.first_contact_at)::int AS contacted,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ${wait})) AS median_s,
            count(*) FILTER (WHERE ${isLow} AND f.first_contact_at IS NULL)::int AS low_open,
            count(*) FILTER (WHERE ${isLow} AND ${inDay})::int AS low_in_day,
            count(*) FILTER (WHERE ${isLow} AND (${inDay}
              OR r.received_at <= now() - interval '1 day'))::int AS low_decided
     FROM surveylet_responses r LEFT JOIN surveylet_followups f ON f.response_id = r.id
     WHERE ${filter}`,
    values,
  );
  const row = rows[0];
  const median =
    row?.median_s === null || row?.median_s === undefined ? null : Number(row.median_s);
  const of = row?.low_decided ?? 0;
  const contacted = row?.low_in_day ?? 0;
  return {
    contacted: row?.contacted ?? 0,
    medianFirstContactMs: median === null ? null : Math.round(median * 1000),
    lowNotContacted: row?.low_open ?? 0,
    lowContactedWithinDay: { contacted, of, share: of === 0 ? null : contacted / of },
  };
}
