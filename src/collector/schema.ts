/** The one call both PGlite and `pg` answer alike. */
export interface Db {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  close?(): Promise<void>;
  end?(): Promise<void>;
}

/**
 * Each migration runs once, in order, recorded in surveylet_migrations; a released
 * migration is never edited, only followed by a new one.
 */
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
  // A survey's type and scale are fixed by its first answer, so one forged answer of
  // another type cannot change what its results mean. Results read by the server's
  // clock (received_at), which no sender controls; the covering index lets the
  // headline, distribution and trend come from the index alone.
  `CREATE TABLE surveylet_surveys (
     survey_id text PRIMARY KEY,
     type text NOT NULL,
     variant text,
     scale_min integer NOT NULL,
     scale_max integer NOT NULL,
     first_seen timestamptz NOT NULL DEFAULT now()
   );
   INSERT INTO surveylet_surveys (survey_id, type, variant, scale_min, scale_max, first_seen)
     SELECT DISTINCT ON (survey_id) survey_id, type, variant,
            CASE WHEN type = 'nps' THEN 0 ELSE 1 END,
            CASE WHEN type = 'nps' THEN 10 WHEN type = 'ces' AND variant = 'agreement' THEN 7 ELSE 5 END,
            received_at
     FROM surveylet_responses ORDER BY survey_id, received_at;
   DROP INDEX surveylet_responses_survey_created;
   CREATE INDEX surveylet_responses_survey_received ON surveylet_responses (survey_id, received_at) INCLUDE (score, category);
   CREATE INDEX surveylet_responses_received ON surveylet_responses (received_at);
   CREATE INDEX surveylet_responses_visitor ON surveylet_responses (visitor_id);
   CREATE INDEX surveylet_responses_user ON surveylet_responses (user_id)`,
  // The follow-up of an answer (followUp.ts holds the statuses): its state, and every
  // change after it. Both go with their answer (ON DELETE CASCADE), so deleting a
  // respondent or a retention purge leaves no name or date behind. No answer has a row
  // until someone changes it: no row reads as "new".
  `CREATE TABLE surveylet_followups (
     response_id uuid PRIMARY KEY REFERENCES surveylet_responses (id) ON DELETE CASCADE,
     status text NOT NULL,
     changed_by text NOT NULL,
     changed_at timestamptz NOT NULL DEFAULT now(),
     first_contact_at timestamptz
   );
   CREATE TABLE surveylet_followup_changes (
     response_id uuid NOT NULL REFERENCES surveylet_responses (id) ON DELETE CASCADE,
     status text NOT NULL,
     changed_by text NOT NULL,
     changed_at timestamptz NOT NULL
   );
   CREATE INDEX surveylet_followup_changes_response ON surveylet_followup_changes (response_id, changed_at)`,
  // A survey's type and CES variant are part of its identity: a site that switches its
  // CES from agreement to effort keeps its answers, each kind a series of its own, where
  // one fixed shape refused (and so lost) every answer after the switch. Existing kinds
  // under one id become series too; the index carries type and variant so the results
  // still read a series from the index alone.
  `ALTER TABLE surveylet_surveys DROP CONSTRAINT surveylet_surveys_pkey;
   CREATE UNIQUE INDEX surveylet_surveys_series
     ON surveylet_surveys (survey_id, type, (COALESCE(variant, '')));
   INSERT INTO surveylet_surveys (survey_id, type, variant, scale_min, scale_max, first_seen)
     SELECT survey_id, type, variant,
            CASE WHEN type = 'nps' THEN 0 ELSE 1 END,
            CASE WHEN type = 'nps' THEN 10 WHEN type = 'ces' AND variant = 'agreement' THEN 7 ELSE 5 END,
            min(received_at)
     FROM surveylet_responses GROUP BY survey_id, type, variant
     ON CONFLICT DO NOTHING;
   DROP INDEX surveylet_responses_survey_received;
   CREATE INDEX surveylet_responses_survey_received ON surveylet_responses (survey_id, received_at)
     INCLUDE (score, category, type, variant)`,
  // Showings and dismissals of a survey (protocol v1 `events`), each stored once by its
  // id. A showing's response_id is the id its answer carries: the funnel joins on it.
  // Who saw it (visitor, user, traits) and where (context) go with the respondent, so
  // deleting one and the retention purge remove them too.
  `CREATE TABLE surveylet_events (
     id uuid PRIMARY KEY,
     kind text NOT NULL,
     survey_id text NOT NULL,
     type text NOT NULL,
     variant text,
     response_id uuid NOT NULL,
     step text,
     at timestamptz NOT NULL,
     received_at timestamptz NOT NULL DEFAULT now(),
     visitor_id text NOT NULL,
     user_id text,
     traits jsonb,
     context jsonb
   );
   CREATE INDEX surveylet_events_series ON surveylet_events (survey_id, kind, received_at);
   CREATE INDEX surveylet_events_response ON surveylet_events (response_id);
   CREATE INDEX surveylet_events_received ON surveylet_events (received_at);
   CREATE INDEX surveylet_events_visitor ON surveylet_events (visitor_id);
   CREATE INDEX surveylet_events_user ON surveylet_events (user_id)`,
];

/**
 * Brings the schema up to date in one statement per migration: a `DO` block runs as
 * one transaction on any connection of a pool, and the advisory lock makes a second
 * process that starts at the same time wait, then find the work done.
 */
export async function migrate(db: Db): Promise<void> {
  const lock = 'PERFORM pg_advisory_xact_lock(7451226);';
  await db.query(`DO $m$ BEGIN ${lock}
    CREATE TABLE IF NOT EXISTS surveylet_migrations (
      version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
    END $m$`);
  const { rows } = await db.query<{ version: number }>('SELECT version FROM surveylet_migrations');
  const done = new Set(rows.map((r) => Number(r.version)));
  for (const [index, sql] of migrations.entries()) {
    const version = index + 1;
    if (done.has(version)) continue;
    await db.query(`DO $m$ BEGIN ${lock}
      IF NOT EXISTS (SELECT 1 FROM surveylet_migrations WHERE version = ${version}) THEN
        ${sql.trim().replace(/;$/, '')};
        INSERT INTO surveylet_migrations (version) VALUES (${version});
      END IF;
      END $m$`);
  }
}
