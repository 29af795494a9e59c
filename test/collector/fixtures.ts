import { uuidv7 } from '../../src/delivery/uuid.js';
import { normalizeSurvey } from '../../src/survey/normalize.js';
import { scoreResponse } from '../../src/survey/response.js';
import type {
  Batch,
  SurveyDefinition,
  SurveyEvent,
  SurveyResponse,
} from '../../src/survey/types.js';

/** A response as the widget sends it. */
export function answer(
  score: number,
  survey: SurveyDefinition = { id: 'nps', type: 'nps' },
  change: Partial<SurveyResponse> = {},
): SurveyResponse {
  return {
    ...scoreResponse(normalizeSurvey(survey), score, {
      id: uuidv7(),
      // An hour ago: the collector refuses answers older than the outbox keeps them.
      now: Date.now() - 60 * 60 * 1000,
      locale: 'en',
      page: { url: 'https://shop.example.com/done', referrer: '' },
      visitorId: uuidv7(),
      user: { id: 'u1', traits: { plan: 'pro' } },
    }),
    ...change,
  };
}

export function batch(...responses: SurveyResponse[]): Batch {
  return { v: 1, sentAt: new Date().toISOString(), responses };
}

/**
 * An event of the showing that `of` answers (or would have answered): same survey,
 * respondent and response id; a dismissal at the score unless `change` says otherwise.
 */
export function event(
  kind: SurveyEvent['kind'],
  of: SurveyResponse,
  change: Partial<SurveyEvent> = {},
): SurveyEvent {
  return {
    id: uuidv7(),
    kind,
    surveyId: of.surveyId,
    type: of.type,
    variant: of.variant,
    responseId: of.id,
    at: of.createdAt,
    step: kind === 'dismissed' ? 'score' : null,
    visitorId: of.visitorId,
    user: of.user,
    ...change,
  };
}

/** A batch of events alone, as a widget sends it to an endpoint that accepts them. */
export function eventBatch(...events: SurveyEvent[]): Batch {
  return { v: 1, sentAt: new Date().toISOString(), responses: [], events };
}

export function post(body: unknown, headers: Record<string, string> = {}, path = '/collect') {
  return new Request(`https://collect.example.com${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
