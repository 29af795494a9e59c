import { scaleOf } from '../survey/scoring.js';
import type { CesVariant, SurveyEvent, SurveyResponse, SurveyType } from '../survey/types.js';
import { insertEvents } from './events.js';
import { type Db, migrate } from './schema.js';

export type { Db } from './schema.js';

/** A series of a survey: its answers of one type and CES variant. */
export interface SurveyShape {
  surveyId: string;
  type: SurveyType;
  variant: CesVariant | null;
}

/** Why an answer may not change the one stored under its id. */
export interface Conflict {
  id: string;
  field: 'surveyId' | 'type' | 'variant' | 'visitorId' | 'revision';
}

/** Storage behind the collector: the same schema and SQL on PGlite and PostgreSQL. */
export interface ResponseStore {
  readonly db: Db;
  /**
   * Stores the batch: each id at its highest revision. An answer that would change
   * another answer's survey, type, variant or visitor, or jump more than
   * `maxRevisionStep` revisions, is a conflict and is not written (the rest of the
   * batch is). Resolves to the responses that changed what is stored, and the conflicts.
   */
  upsert(
    responses: SurveyResponse[],
  ): Promise<{ changed: SurveyResponse[]; conflicts: Conflict[] }>;
  /**
   * Records each survey series (id, type and CES variant) answers are stored under, so the
   * results list it with its own scale; a series already recorded is left as it is.
   */
  addSeries(candidates: SurveyShape[]): Promise<void>;
  /** Stores each event once by its id (a repeat is a no-op); resolves to how many were new. */
  addEvents(events: SurveyEvent[]): Promise<number>;
  /** Deletes every answer and event of one respondent; resolves to how many answers. */
  deleteRespondent(who: { visitorId?: string; userId?: string }): Promise<number>;
  /** Deletes answers and events received more than `days` days ago; resolves to how many answers. */
  deleteOlderThan(days: number): Promise<number>;
  close(): Promise<void>;
}

/** A genuine widget moves one revision per step (score, then comment); a forger jumps. */
export const maxRevisionStep = 10;

const columns = [
  'id',
  'revision',
  'survey_id',
  'type',
  'variant',
  'score',
  'category',
  'comment',
  'complete',
  'created_at',
  'updated_at',
  'locale',
  'page_url',
  'visitor_id',
  'user_id',
  'traits',
  'body',
] as const;

function values(r: SurveyResponse): unknown[] {
  return [
    r.id,
    r.revision,
    r.surveyId,
    r.type,
    r.variant,
    r.score,
    r.category,
    r.comment,
    r.complete,
    r.createdAt,
    r.updatedAt,
    r.locale || null,
    r.page.url,
    r.visitorId,
    r.user?.id ?? null,
    r.user ? JSON.stringify(r.user.traits) : null,
    JSON.stringify(r),
  ];
}

const identity = ['survey_id', 'type', 'variant', 'visitor_id'] as const;
type StoredIdentity = { id: string; revision: number } & Record<
  (typeof identity)[number],
  string | null
>;

/** The first reason `r` may not update `stored`, or null. */
function conflictOf(r: SurveyResponse, stored: StoredIdentity): Conflict['field'] | null {
  if (stored.survey_id !== r.surveyId) return 'surveyId';
  if (stored.type !== r.type) return 'type';
  if ((stored.variant ?? null) !== r.variant) return 'variant';
  if (stored.visitor_id !== r.visitorId) return 'visitorId';
  if (r.revision > stored.revision + maxRevisionStep) return 'revision';
  return null;
}

const seriesKey = (s: SurveyShape) => `${s.type}\n${s.variant ?? ''}\n${s.surveyId}`;

/** Opens the store on `db` and migrates the schema. */
export async function openStore(db: Db): Promise<ResponseStore> {
  await migrate(db);
  const known = new Set<string>();

  const storedIdentities = async (ids: string[]) => {
    const { rows } = await db.query<StoredIdentity>(
      `SELECT id, revision, ${identity.join(', ')} FROM surveylet_responses WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((row) => [String(row.id), row]));
  };
  const conflicts = (latest: SurveyResponse[], stored: Map<string, StoredIdentity>) =>
    latest.flatMap((r) => {
      const row = stored.get(r.id);
      const field = row ? conflictOf(r, row) : r.revision > maxRevisionStep ? 'revision' : null;
      return field ? [{ id: r.id, field }] : [];
    });

  return {
    db,
    async upsert(responses) {
      // One row per id per statement (PostgreSQL refuses to update a row twice in one).
      const byId = new Map<string, SurveyResponse>();
      for (const r of responses) {
        const seen = byId.get(r.id);
        if (!seen || seen.revision < r.revision) byId.set(r.id, r);
      }
      const latest = [...byId.values()];
      // A new answer cannot jump either; checked here, the rest inside the statement.
      const leaps = latest.filter((r) => r.revision > maxRevisionStep);
      if (leaps.length > 0) {
        const stored = await storedIdentities(leaps.map((r) => r.id));
        const refused = conflicts(leaps, stored);
        if (refused.length > 0) return { changed: [], conflicts: refused };
      }

      const params: unknown[] = [];
      const tuples = latest.map((r) => {
        const start = params.length;
        params.push(...values(r));
        return `(${columns.map((_, i) => `$${start + i + 1}`).join(', ')})`;
      });
      const updates = columns
        .filter((c) => c !== 'id' && c !== 'created_at')
        .map((c) => `${c} = EXCLUDED.${c}`)
        .join(', ');
      // The guards live in the statement itself, so they hold against another process
      // writing the same id at the same time; what they kept out is explained after.
      const guard = identity.map((c) => `s.${c} IS NOT DISTINCT FROM EXCLUDED.${c}`).join(' AND ');
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO surveylet_responses AS s (${columns.join(', ')}) VALUES ${tuples.join(', ')}
         ON CONFLICT (id) DO UPDATE SET ${updates}, received_at = now()
         WHERE s.revision < EXCLUDED.revision AND EXCLUDED.revision <= s.revision + ${maxRevisionStep}
           AND ${guard}
         RETURNING id`,
        params,
      );
      const changedIds = new Set(rows.map((r) => String(r.id)));
      const unchanged = latest.filter((r) => !changedIds.has(r.id));
      const after = unchanged.length
        ? conflicts(unchanged, await storedIdentities(unchanged.map((r) => r.id)))
        : [];
      return { changed: latest.filter((r) => changedIds.has(r.id)), conflicts: after };
    },
    async addSeries(candidates) {
      const fresh = new Map<string, SurveyShape>();
      for (const c of candidates) if (!known.has(seriesKey(c))) fresh.set(seriesKey(c), c);
      if (fresh.size === 0) return;
      const list = [...fresh.values()];
      const params = list.flatMap((c) => {
        const scale = scaleOf(c.type, c.variant);
        return [c.surveyId, c.type, c.variant, scale.min, scale.max];
      });
      const tuples = list.map(
        (_, i) => `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5})`,
      );
      await db.query(
        `INSERT INTO surveylet_surveys (survey_id, type, variant, scale_min, scale_max)
         VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`,
        params,
      );
      // A series, once stored, stays: safe to remember (bounded, as a forger can make many).
      if (known.size > 10_000) known.clear();
      for (const key of fresh.keys()) known.add(key);
    },
    async addEvents(events) {
      return insertEvents(db, events);
    },
    async deleteRespondent({ visitorId, userId }) {
      if (!visitorId && !userId)
        throw new TypeError('deleteRespondent needs a visitorId or a userId');
      // A data-modifying WITH runs to completion whether or not the query reads it.
      const { rows } = await db.query<{ n: number }>(
        `WITH gone AS (DELETE FROM surveylet_responses WHERE visitor_id = $1 OR user_id = $2 RETURNING 1),
              seen AS (DELETE FROM surveylet_events WHERE visitor_id = $1 OR user_id = $2)
         SELECT count(*)::int AS n FROM gone`,
        [visitorId ?? null, userId ?? null],
      );
      return Number(rows[0]?.n ?? 0);
    },
    async deleteOlderThan(days) {
      const { rows } = await db.query<{ n: number }>(
        `WITH gone AS (DELETE FROM surveylet_responses WHERE received_at < now() - make_interval(days => $1) RETURNING 1),
              seen AS (DELETE FROM surveylet_events WHERE received_at < now() - make_interval(days => $1))
         SELECT count(*)::int AS n FROM gone`,
        [days],
      );
      return Number(rows[0]?.n ?? 0);
    },
    async close() {
      await (db.close?.() ?? db.end?.());
    },
  };
}
