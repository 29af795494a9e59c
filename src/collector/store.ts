import type { SurveyResponse } from '../core/types.js';

/** The one call both PGlite and `pg` answer alike. */
export interface Db {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  close?(): Promise<void>;
  end?(): Promise<void>;
}

/** A stored response, as the results and the export read it. */
export interface StoredRow {
  id: string;
  revision: number;
  survey_id: string;
  type: SurveyResponse['type'];
  variant: SurveyResponse['variant'];
  score: number;
  category: SurveyResponse['category'];
  comment: string | null;
  complete: boolean;
  created_at: Date | string;
  received_at: Date | string;
  locale: string | null;
  page_url: string | null;
  visitor_id: string | null;
  user_id: string | null;
  traits: Record<string, unknown> | null;
}

/** Storage behind the collector: the same schema and SQL on PGlite and PostgreSQL. */
export interface ResponseStore {
  /**
   * Stores the batch in one statement: all of it, or none of it. Resolves to the
   * responses that changed what is stored (new ids or higher revisions).
   */
  upsert(responses: SurveyResponse[]): Promise<SurveyResponse[]>;
  rows(filter: { surveyId?: string; from?: Date; to?: Date }): Promise<StoredRow[]>;
  close(): Promise<void>;
}

// Each migration runs once, in order, recorded in surveylet_migrations.
const migrations = [
  `CREATE TABLE surveylet_responses (
     id uuid PRIMARY KEY,
     revision integer NOT NULL,
     survey_id text NOT NULL,
     type text NOT NULL,
     variant text,
     score integer NOT NULL,
     category text NOT NULL,
     comment text,
     complete boolean NOT NULL,
     created_at timestamptz NOT NULL,
     updated_at timestamptz NOT NULL,
     received_at timestamptz NOT NULL DEFAULT now(),
     locale text,
     page_url text,
     visitor_id text,
     user_id text,
     traits jsonb,
     body jsonb NOT NULL
   );
   CREATE INDEX surveylet_responses_survey_created ON surveylet_responses (survey_id, created_at);`,
];

async function migrate(db: Db): Promise<void> {
  await db.query(
    'CREATE TABLE IF NOT EXISTS surveylet_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const { rows } = await db.query<{ version: number }>('SELECT version FROM surveylet_migrations');
  const done = new Set(rows.map((r) => Number(r.version)));
  for (const [index, sql] of migrations.entries()) {
    const version = index + 1;
    if (done.has(version)) continue;
    await db.query('BEGIN');
    try {
      for (const statement of sql.split(';').filter((s) => s.trim())) await db.query(statement);
      await db.query(
        'INSERT INTO surveylet_migrations (version) VALUES ($1) ON CONFLICT DO NOTHING',
        [version],
      );
      await db.query('COMMIT');
    } catch (error) {
      await db.query('ROLLBACK');
      throw error;
    }
  }
}

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
];

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
    r.locale ?? null,
    r.page?.url ?? null,
    r.visitorId ?? null,
    r.user?.id ?? null,
    r.user ? JSON.stringify(r.user.traits) : null,
    JSON.stringify(r),
  ];
}

/**
 * Opens the store on `db` and migrates the schema. Upserts keep the highest
 * revision of each id: a repeat is a no-op, a lower revision changes nothing.
 */
export async function openStore(db: Db): Promise<ResponseStore> {
  await migrate(db);
  return {
    async upsert(responses) {
      // One row per id per statement (PostgreSQL refuses to update a row twice in one).
      const latest = new Map<string, SurveyResponse>();
      for (const original of responses) {
        const r = { ...original, id: original.id.toLowerCase() };
        const known = latest.get(r.id);
        if (!known || known.revision < r.revision) latest.set(r.id, r);
      }
      const params: unknown[] = [];
      const tuples = [...latest.values()].map((r) => {
        const start = params.length;
        params.push(...values(r));
        return `(${columns.map((_, i) => `$${start + i + 1}`).join(', ')})`;
      });
      const updates = columns
        .filter((c) => c !== 'id')
        .map((c) => `${c} = EXCLUDED.${c}`)
        .join(', ');
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO surveylet_responses (${columns.join(', ')}) VALUES ${tuples.join(', ')}
         ON CONFLICT (id) DO UPDATE SET ${updates}, received_at = now()
         WHERE surveylet_responses.revision < EXCLUDED.revision
         RETURNING id`,
        params,
      );
      const changed = new Set(rows.map((r) => r.id));
      return [...latest.values()].filter((r) => changed.has(r.id));
    },
    async rows(filter) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.surveyId) where.push(`survey_id = $${params.push(filter.surveyId)}`);
      if (filter.from) where.push(`created_at >= $${params.push(filter.from.toISOString())}`);
      if (filter.to) where.push(`created_at < $${params.push(filter.to.toISOString())}`);
      const { rows } = await db.query<StoredRow>(
        `SELECT ${columns.filter((c) => c !== 'body').join(', ')}, received_at
         FROM surveylet_responses ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_at`,
        params,
      );
      return rows;
    },
    async close() {
      await (db.close?.() ?? db.end?.());
    },
  };
}
