import { mustBe } from '../survey/messages.js';
import { categorize, scaleOf } from '../survey/scoring.js';
import type { Batch, SurveyEvent, SurveyResponse } from '../survey/types.js';
import {
  checkUser,
  fieldsOf,
  isObject,
  isString,
  optionalString,
  surveyProblem,
  uuid,
} from './checks.js';
import { cleanText, parseIsoDateTime } from './clean.js';
import { checkContext } from './context.js';
import { checkEvent } from './events.js';

/**
 * What one answer may carry. Everything past these is refused with a 422 before the
 * database sees it, so bad input is the sender's error, never a 503.
 */
export const limits = {
  responsesPerBatch: 100,
  eventsPerBatch: 100,
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
  const need = fieldsOf(r, path);
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
    surveyProblem(r, need, limits.surveyIdLength);
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

  const user = checkUser(r.user, `${path}.user`, limits.idLength, limits.traits);
  if ('problem' in user) return user;
  const context = checkContext(r.context, `${path}.context`);
  if ('problem' in context) return context;
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
      user: user.user ? { ...user.user, id: cleanText(user.user.id) } : null,
      widget: text(r.widget) ?? '',
      ...(context.context ? { context: context.context } : {}),
    },
  };
}

/**
 * Checks a request body of protocol v1 at `now`; returns the cleaned batch, or the
 * first problem. A valid `sentAt` tells how far the sender's clock is off, so an
 * answer from a computer with a wrong clock is placed at the right time, not refused.
 * `responses` may be empty when `events` is not; an event of a kind this collector does
 * not know is left out, as a field it does not know would be.
 */
export function checkBatch(
  value: unknown,
  now = Date.now(),
): { batch: Batch & { events: SurveyEvent[] } } | { problem: string } {
  if (!isObject(value)) return { problem: mustBe('body', 'a JSON object', value) };
  if (value.v !== 1) return { problem: mustBe('v', '1', value.v) };
  const { responses, events = [] } = value;
  if (!Array.isArray(responses) || responses.length > limits.responsesPerBatch) {
    return {
      problem: `responses must be an array of at most ${limits.responsesPerBatch} responses`,
    };
  }
  if (events !== null && (!Array.isArray(events) || events.length > limits.eventsPerBatch)) {
    return { problem: `events must be an array of at most ${limits.eventsPerBatch} events` };
  }
  const given = events ?? [];
  if (responses.length === 0 && given.length === 0) {
    return { problem: 'responses must hold at least one response when a batch has no events' };
  }
  const sentAt = parseIsoDateTime(value.sentAt);
  const skewMs = sentAt === null ? 0 : now - sentAt;
  const cleaned: SurveyResponse[] = [];
  for (const [index, response] of responses.entries()) {
    const checked = checkResponse(response, `responses[${index}]`, now, skewMs);
    if ('problem' in checked) return checked;
    cleaned.push(checked.response);
  }
  const known: SurveyEvent[] = [];
  for (const [index, event] of given.entries()) {
    const checked = checkEvent(event, `events[${index}]`, { now, skewMs, ...limits });
    if ('problem' in checked) return checked;
    if (checked.event) known.push(checked.event);
  }
  return {
    batch: { v: 1, sentAt: new Date(now).toISOString(), responses: cleaned, events: known },
  };
}
