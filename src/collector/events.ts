import { dismissSteps, eventKinds } from '../survey/context.js';
import { mustBe, quoted } from '../survey/messages.js';
import type { CesVariant, SurveyEvent, SurveyType } from '../survey/types.js';
import { checkUser, fieldsOf, isObject, isString, surveyProblem, timeIn, uuid } from './checks.js';
import { cleanText, type JsonLimits } from './clean.js';
import { checkContext } from './context.js';
import type { Db } from './schema.js';

// The events of a batch (a survey shown, or dismissed): each checked like a response,
// every field before the database sees it, the first problem named; then stored.

/** What an event is checked against: the clock, and the response limits it shares. */
export interface EventWindow {
  now: number;
  skewMs: number;
  maxAgeMs: number;
  maxAheadMs: number;
  surveyIdLength: number;
  idLength: number;
  traits: JsonLimits;
}

/**
 * The event at `path` cleaned, `{ event: null }` for a kind this collector does not
 * know (a later widget's: left out, not refused), or the first problem.
 */
export function checkEvent(
  value: unknown,
  path: string,
  window: EventWindow,
): { event: SurveyEvent | null } | { problem: string } {
  if (!isObject(value)) return { problem: mustBe(path, 'an object', value) };
  const e = value;
  const need = fieldsOf(e, path);
  if (typeof e.kind !== 'string')
    return { problem: mustBe(`${path}.kind`, quoted(eventKinds), e.kind) };
  if (!(eventKinds as readonly string[]).includes(e.kind)) return { event: null };
  const kind = e.kind as SurveyEvent['kind'];
  const type = e.type as SurveyType;
  const variant = (e.variant ?? null) as CesVariant | null;
  const at = timeIn(e.at, window);
  const step = (e.step ?? null) as SurveyEvent['step'];
  const problem =
    need('id', typeof e.id === 'string' && uuid.test(e.id), 'a UUID') ??
    surveyProblem(e, need, window.surveyIdLength) ??
    need(
      'responseId',
      typeof e.responseId === 'string' && uuid.test(e.responseId),
      'the UUID an answer to this showing carries',
    ) ??
    need(
      'at',
      at !== null,
      `an ISO date-time like ${new Date(window.now).toISOString()}, from the last ${window.maxAgeMs / 86_400_000} days`,
    ) ??
    need(
      'step',
      kind === 'dismissed' ? dismissSteps.includes(step as never) : step === null,
      kind === 'dismissed' ? quoted(dismissSteps) : 'null for "shown"',
    ) ??
    need(
      'visitorId',
      isString(e.visitorId, window.idLength),
      `a string of at most ${window.idLength} characters`,
    );
  if (problem) return { problem };
  const user = checkUser(e.user, `${path}.user`, window.idLength, window.traits);
  if ('problem' in user) return user;
  const context = checkContext(e.context, `${path}.context`);
  if ('problem' in context) return context;
  return {
    event: {
      id: (e.id as string).toLowerCase(),
      kind,
      surveyId: cleanText(e.surveyId as string),
      type,
      variant,
      responseId: (e.responseId as string).toLowerCase(),
      at: new Date(at as number).toISOString(),
      step,
      visitorId: cleanText(e.visitorId as string),
      user: user.user ? { ...user.user, id: cleanText(user.user.id) } : null,
      ...(context.context ? { context: context.context } : {}),
    },
  };
}

// Stored as rows of surveylet_events: insert-only, each id once, so a batch delivered
// twice (a retry after a lost reply, a second tab) counts each showing once.

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
