import { categorize, scaleOf } from '../core/scoring.js';
import type { Batch, SurveyResponse } from '../core/types.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isDate = (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const show = (v: unknown) => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
};

/**
 * Checks one response of protocol v1; returns the first problem, naming the field,
 * or null. Scale and category must agree with the survey type, so a collector can
 * aggregate without knowing the survey.
 */
export function checkResponse(value: unknown, path: string): string | null {
  if (!isObject(value)) return `${path} must be an object (got ${show(value)})`;
  const r = value;
  const need = (field: string, ok: boolean, expected: string) =>
    ok ? null : `${path}.${field} must be ${expected} (got ${show(r[field])})`;
  const type = r.type as SurveyResponse['type'];
  const variant = (r.variant ?? null) as SurveyResponse['variant'];
  const checks = [
    need('id', typeof r.id === 'string' && uuid.test(r.id), 'a UUID'),
    need('revision', Number.isInteger(r.revision) && (r.revision as number) >= 1, 'an integer ≥ 1'),
    need(
      'surveyId',
      typeof r.surveyId === 'string' && r.surveyId !== '' && r.surveyId.length <= 200,
      'a non-empty string',
    ),
    need('type', type === 'nps' || type === 'csat' || type === 'ces', '"nps", "csat" or "ces"'),
    need(
      'variant',
      type === 'ces' ? variant === 'agreement' || variant === 'effort' : variant === null,
      type === 'ces' ? '"agreement" or "effort"' : 'null',
    ),
  ];
  for (const problem of checks) if (problem) return problem;
  const scale = scaleOf(type, variant);
  const score = r.score as number;
  return (
    need(
      'score',
      Number.isInteger(score) && score >= scale.min && score <= scale.max,
      `an integer from ${scale.min} to ${scale.max}`,
    ) ??
    need(
      'category',
      r.category === categorize(type, score, variant),
      `"${categorize(type, score, variant)}" for score ${score}`,
    ) ??
    need(
      'comment',
      r.comment === null || (typeof r.comment === 'string' && r.comment.length <= 10_000),
      'null or a string of at most 10,000 characters',
    ) ??
    need('complete', typeof r.complete === 'boolean', 'true or false') ??
    need('createdAt', isDate(r.createdAt), 'an ISO date-time') ??
    need('updatedAt', isDate(r.updatedAt), 'an ISO date-time') ??
    need('visitorId', typeof r.visitorId === 'string', 'a string') ??
    need(
      'user',
      r.user === null ||
        (isObject(r.user) && typeof r.user.id === 'string' && isObject(r.user.traits)),
      'null or { id, traits }',
    ) ??
    need('page', isObject(r.page) && typeof r.page.url === 'string', 'an object with a url')
  );
}

/** Checks a request body of protocol v1; returns the batch, or the first problem. */
export function checkBatch(value: unknown): { batch: Batch } | { problem: string } {
  if (!isObject(value)) return { problem: `body must be a JSON object (got ${show(value)})` };
  if (value.v !== 1) return { problem: `v must be 1 (got ${show(value.v)})` };
  const responses = value.responses;
  if (!Array.isArray(responses) || responses.length === 0 || responses.length > 100) {
    return { problem: 'responses must be an array of 1 to 100 responses' };
  }
  for (const [index, response] of responses.entries()) {
    const problem = checkResponse(response, `responses[${index}]`);
    if (problem) return { problem };
  }
  return { batch: value as unknown as Batch };
}
