import { mustBe, quoted } from '../survey/messages.js';
import { categorize, scaleOf } from '../survey/scoring.js';
import type { Batch, SurveyResponse } from '../survey/types.js';
import { cesVariants, surveyTypes } from '../survey/validate.js';
import { cleanJson, cleanText, parseIsoDateTime } from './clean.js';

/**
 * What one answer may carry. Everything past these is refused with a 422 before the
 * database sees it, so bad input is the sender's error, never a 503.
 */
export const limits = {
  responsesPerBatch: 100,
  /** PostgreSQL `integer`. */
  maxInt: 2_147_483_647,
  surveyIdLength: 200,
  commentLength: 10_000,
  idLength: 200,
  localeLength: 35,
  urlLength: 2_048,
  widgetLength: 100,
  traits: { depth: 5, keys: 100, keyLength: 100, stringLength: 1_000 },
  /** The outbox keeps an answer 7 days; a day more for clocks and queues. */
  maxAgeMs: 8 * 24 * 60 * 60 * 1000,
  /** A sender's clock may run a little ahead of ours. */
  maxAheadMs: 5 * 60 * 1000,
} as const;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const optionalString = (v: unknown, max: number) =>
  v === undefined || v === null || isString(v, max);

/** Why a response is refused, naming the field, or the response made safe to store. */
export type Checked = { response: SurveyResponse } | { problem: string };

/**
 * Checks one response of protocol v1 at `now` (the server's clock, corrected by
 * `skewMs` for a sender whose clock is off) and returns a cleaned copy, or the first
 * problem, naming the field and what it must be.
 */
export function checkResponse(value: unknown, path: string, now: number, skewMs = 0): Checked {
  if (!isObject(value)) return { problem: mustBe(path, 'an object', value) };
  const r = value;
  const need = (field: string, ok: boolean, expected: string) =>
    ok ? null : mustBe(`${path}.${field}`, expected, r[field]);
  const type = r.type as SurveyResponse['type'];
  const variant = (r.variant ?? null) as SurveyResponse['variant'];
  const first =
    need('id', typeof r.id === 'string' && uuid.test(r.id), 'a UUID') ??
    need(
      'revision',
      Number.isInteger(r.revision) &&
        (r.revision as number) >= 1 &&
        (r.revision as number) <= limits.maxInt,
      `an integer from 1 to ${limits.maxInt}`,
    ) ??
    need(
      'surveyId',
      isString(r.surveyId, limits.surveyIdLength) && r.surveyId.trim() !== '',
      `a non-empty string of at most ${limits.surveyIdLength} characters`,
    ) ??
    need('type', surveyTypes.includes(type), quoted(surveyTypes)) ??
    need(
      'variant',
      type === 'ces' ? cesVariants.includes(variant as never) : variant === null,
      type === 'ces' ? quoted(cesVariants) : 'null',
    );
  if (first) return { problem: first };
  const scale = scaleOf(type, variant);
  const score = r.score as number;
  const created = parseIsoDateTime(r.createdAt);
  const updated = parseIsoDateTime(r.updatedAt);
  const when = `an ISO date-time like ${new Date(now).toISOString()}, from the last ${limits.maxAgeMs / 86_400_000} days`;
  const inWindow = (ms: number | null) =>
    ms !== null && ms + skewMs >= now - limits.maxAgeMs && ms + skewMs <= now + limits.maxAheadMs;
  const problem =
    need(
      'scale',
      r.scale === undefined ||
        (isObject(r.scale) && r.scale.min === scale.min && r.scale.max === scale.max),
      `{ "min": ${scale.min}, "max": ${scale.max} } for ${type}`,
    ) ??
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
      r.comment === null || isString(r.comment, limits.commentLength),
      'null or a string of at most 10,000 characters',
    ) ??
    need('complete', typeof r.complete === 'boolean', 'true or false') ??
    need('createdAt', inWindow(created), when) ??
    need(
      'updatedAt',
      inWindow(updated) && (updated as number) >= (created as number),
      `${when}, not before createdAt`,
    ) ??
    need(
      'attempt',
      r.attempt === undefined ||
        (Number.isInteger(r.attempt) &&
          (r.attempt as number) >= 1 &&
          (r.attempt as number) <= limits.maxInt),
      'a positive integer',
    ) ??
    need('locale', optionalString(r.locale, limits.localeLength), `a language tag like "en-US"`) ??
    need(
      'visitorId',
      isString(r.visitorId, limits.idLength),
      `a string of at most ${limits.idLength} characters`,
    ) ??
    need(
      'user',
      r.user === null ||
        r.user === undefined ||
        (isObject(r.user) && isString(r.user.id, limits.idLength) && isObject(r.user.traits)),
      'null or { "id": string, "traits": object }',
    ) ??
    need(
      'page',
      isObject(r.page) &&
        isString(r.page.url, limits.urlLength) &&
        optionalString(r.page.referrer, limits.urlLength),
      `{ "url": string, "referrer": string } of at most ${limits.urlLength} characters each`,
    ) ??
    need(
      'widget',
      optionalString(r.widget, limits.widgetLength),
      'a string like "surveylet/1.0.0"',
    );
  if (problem) return { problem };

  const user = r.user as SurveyResponse['user'] | undefined;
  let traits: unknown = null;
  if (user) {
    const cleaned = cleanJson(user.traits, limits.traits);
    if ('problem' in cleaned) return { problem: `${path}.user.traits: ${cleaned.problem}` };
    traits = cleaned.value;
  }
  const page = r.page as SurveyResponse['page'];
  const text = (v: unknown) => (typeof v === 'string' ? cleanText(v) : null);
  return {
    response: {
      id: (r.id as string).toLowerCase(),
      revision: r.revision as number,
      surveyId: cleanText(r.surveyId as string),
      type,
      variant,
      scale,
      score,
      category: r.category as SurveyResponse['category'],
      comment: text(r.comment),
      complete: r.complete as boolean,
      createdAt: new Date((created as number) + skewMs).toISOString(),
      updatedAt: new Date((updated as number) + skewMs).toISOString(),
      attempt: (r.attempt as number | undefined) ?? 1,
      locale: text(r.locale) ?? '',
      page: { url: cleanText(page.url), referrer: text(page.referrer) ?? '' },
      visitorId: cleanText(r.visitorId as string),
      user: user ? { id: cleanText(user.id), traits: traits as Record<string, unknown> } : null,
      widget: text(r.widget) ?? '',
    },
  };
}

/**
 * Checks a request body of protocol v1 at `now`; returns the cleaned batch, or the
 * first problem. A valid `sentAt` tells how far the sender's clock is off, so an
 * answer from a computer with a wrong clock is placed at the right time, not refused.
 */
export function checkBatch(
  value: unknown,
  now = Date.now(),
): { batch: Batch } | { problem: string } {
  if (!isObject(value)) return { problem: mustBe('body', 'a JSON object', value) };
  if (value.v !== 1) return { problem: mustBe('v', '1', value.v) };
  const responses = value.responses;
  if (
    !Array.isArray(responses) ||
    responses.length === 0 ||
    responses.length > limits.responsesPerBatch
  ) {
    return { problem: `responses must be an array of 1 to ${limits.responsesPerBatch} responses` };
  }
  const sentAt = parseIsoDateTime(value.sentAt);
  const skewMs = sentAt === null ? 0 : now - sentAt;
  const cleaned: SurveyResponse[] = [];
  for (const [index, response] of responses.entries()) {
    const checked = checkResponse(response, `responses[${index}]`, now, skewMs);
    if ('problem' in checked) return checked;
    cleaned.push(checked.response);
  }
  return { batch: { v: 1, sentAt: new Date(now).toISOString(), responses: cleaned } };
}
