import type { SurveyEvent } from '../survey/types.js';
import type { Db } from './schema.js';

// Events (a survey shown or dismissed) as rows of surveylet_events: insert-only, each
// id once, so a batch delivered twice (a retry after a lost reply, a second tab) counts
// each showing once.

const columns = [
  'id',
  'kind',
  'survey_id',
  'type',
  'variant',
  'response_id',
  'step',
  'at',
  'visitor_id',
  'user_id',
  'traits',
  'context',
] as const;

function values(e: SurveyEvent): unknown[] {
  return [
    e.id,
    e.kind,
    e.surveyId,
    e.type,
    e.variant,
    e.responseId,
    e.step,
    e.at,
    e.visitorId,
    e.user?.id ?? null,
    e.user ? JSON.stringify(e.user.traits) : null,
    e.context ? JSON.stringify(e.context) : null,
  ];
}

/** Stores the events not stored yet; resolves to how many were new. */
export async function insertEvents(db: Db, events: SurveyEvent[]): Promise<number> {
  const byId = new Map(events.map((e) => [e.id, e]));
  if (byId.size === 0) return 0;
  const params: unknown[] = [];
  const tuples = [...byId.values()].map((e) => {
    const start = params.length;
    params.push(...values(e));
    return `(${columns.map((_, i) => `$${start + i + 1}`).join(', ')})`;
  });
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO surveylet_events (${columns.join(', ')}) VALUES ${tuples.join(', ')}
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    params,
  );
  return rows.length;
}
