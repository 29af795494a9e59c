import type { SurveyResponse } from '../survey/types.js';
import { readBody } from './body.js';
import { withoutQuery } from './clean.js';
import { contextWithoutQuery } from './context.js';
import type { CollectorOptions } from './options.js';
import type { Replies } from './replies.js';
import { type Conflict, maxRevisionStep, type ResponseStore, type SurveyShape } from './store.js';
import { checkBatch } from './validate.js';

const hourMs = 60 * 60 * 1000;

/**
 * On every 2xx of ingest: this endpoint stores `events`, so a widget may send batches of
 * events alone. Exposed to the page's script, which reads it from a cross-origin reply.
 */
const accepts = {
  'Surveylet-Accepts': 'events',
  'Access-Control-Expose-Headers': 'Surveylet-Accepts',
};

/**
 * Errors that mean the database cannot be reached or is shedding load, where the
 * sender should retry later; anything else is a fault of ours (500) or theirs (4xx).
 */
export function isOutage(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (/^(08|53|57P)/.test(code) || code === '40001' || code === '40P01') return true;
    if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN)$/.test(code)) return true;
  }
  return (
    typeof message === 'string' &&
    /connection terminated|timeout exceeded when trying to connect|PGlite is closed|Client was closed/i.test(
      message,
    )
  );
}

const conflictText: Record<Conflict['field'], string> = {
  surveyId: 'must be the surveyId of the answer already stored under this id',
  type: 'must be the type of the answer already stored under this id',
  variant: 'must be the variant of the answer already stored under this id',
  visitorId: 'must be the visitorId of the answer already stored under this id',
  revision: `may move at most ${maxRevisionStep} revisions past the stored answer (a new answer starts at 1)`,
};

interface Parts {
  options: CollectorOptions;
  store: ResponseStore;
  webhook: { notify(responses: SurveyResponse[]): void } | null;
  replies: Replies;
  onError: (error: unknown) => void;
  now: () => number;
}

/** The `POST` route: protocol v1 ingest, every field checked before the database. */
export function createIngest({ options, store, webhook, replies, onError, now }: Parts) {
  const maxBody = options.maxBodyBytes ?? 64 * 1024;
  const fixed = new Map<string, SurveyShape>(
    (options.surveys ?? []).map((s) => [
      s.id,
      {
        surveyId: s.id,
        type: s.type,
        variant: s.type === 'ces' ? (s.variant ?? 'agreement') : null,
      },
    ]),
  );
  let nextPurge = 0;

  const purge = () => {
    if (!options.retentionDays || now() < nextPurge) return;
    nextPurge = now() + hourMs;
    store.deleteOlderThan(options.retentionDays).catch(onError);
  };

  /**
   * The first record of a survey not accepted here, or whose type or variant differs
   * from what the operator declared for its survey, as a 422 message. Undeclared surveys take any kind: each kind is a series
   * of its own (a site switching its CES variant must not lose every later answer).
   */
  const surveyProblem = (list: 'responses' | 'events', records: SurveyShape[]) => {
    for (const [index, r] of records.entries()) {
      if (options.allowSurveys && !options.allowSurveys.includes(r.surveyId)) {
        return `${list}[${index}].surveyId "${r.surveyId}" is not accepted here`;
      }
      const shape = fixed.get(r.surveyId);
      if (!shape) continue;
      for (const field of ['type', 'variant'] as const) {
        if (shape[field] !== r[field]) {
          return `${list}[${index}].${field} must be ${JSON.stringify(shape[field])}, as for every answer to survey "${r.surveyId}" (got ${JSON.stringify(r[field])})`;
        }
      }
    }
    return null;
  };

  return async (request: Request): Promise<Response> => {
    const origin = request.headers.get('Origin');
    if (origin && options.allowOrigins && !options.allowOrigins.includes(origin)) {
      return replies.error(request, 403, `origin ${origin} is not allowed to post here`);
    }
    const body = await readBody(request, maxBody);
    if ('tooLarge' in body) {
      return replies.error(
        request,
        413,
        `body over ${maxBody} bytes: send fewer responses at once`,
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.text);
    } catch {
      return replies.error(request, 400, 'body is not valid JSON');
    }
    const checked = checkBatch(parsed, now());
    if ('problem' in checked) return replies.error(request, 422, checked.problem);
    const keep = options.keepPageQuery;
    const responses = checked.batch.responses.map((r) =>
      keep
        ? r
        : {
            ...r,
            page: { url: withoutQuery(r.page.url), referrer: withoutQuery(r.page.referrer) },
            ...(r.context ? { context: contextWithoutQuery(r.context) } : {}),
          },
    );
    const events = checked.batch.events.map((e) =>
      keep || !e.context ? e : { ...e, context: contextWithoutQuery(e.context) },
    );
    const refused = surveyProblem('responses', responses) ?? surveyProblem('events', events);
    if (refused) return replies.error(request, 422, refused);
    // A database failure propagates: the collector answers 503 for an outage, else 500.
    const shapes = [...responses, ...events].map((r) => ({
      surveyId: r.surveyId,
      type: r.type,
      variant: r.variant,
    }));
    await store.addSeries(shapes);
    const { changed, conflicts } =
      responses.length > 0 ? await store.upsert(responses) : { changed: [], conflicts: [] };
    const [conflict] = conflicts;
    if (conflict) {
      const index = responses.findIndex((r) => r.id === conflict.id);
      return replies.error(
        request,
        422,
        `responses[${index}].${conflict.field} ${conflictText[conflict.field]}`,
      );
    }
    await store.addEvents(events);
    webhook?.notify(changed);
    purge();
    // Tells a widget it may send events on their own here (docs/protocol.md).
    return replies.reply(request, 204, null, accepts);
  };
}
