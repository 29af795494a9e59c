import { mustBe, quoted } from '../survey/messages.js';
import { cesVariants, surveyTypes } from '../survey/validate.js';
import { cleanJson, type JsonLimits, parseIsoDateTime } from './clean.js';

// The small checks every record of a batch shares (responses and events): ids, strings,
// the respondent, and the time window a record must fall in.

export const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const isString = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.length <= max;

export const optionalString = (v: unknown, max: number) =>
  v === undefined || v === null || isString(v, max);

/**
 * A checker of the fields of `record` at `path`: null when `ok`, else the message
 * naming the field, what it must be and what came.
 */
export function fieldsOf(record: Record<string, unknown>, path: string) {
  return (field: string, ok: boolean, expected: string) =>
    ok ? null : mustBe(`${path}.${field}`, expected, record[field]);
}

/**
 * Which survey a record belongs to, as responses and events both name it: the first
 * problem with its `surveyId`, `type` or `variant`, or null.
 */
export function surveyProblem(
  record: Record<string, unknown>,
  need: ReturnType<typeof fieldsOf>,
  surveyIdLength: number,
): string | null {
  const { surveyId, type, variant = null } = record;
  return (
    need(
      'surveyId',
      isString(surveyId, surveyIdLength) && surveyId.trim() !== '',
      `a non-empty string of at most ${surveyIdLength} characters`,
    ) ??
    need('type', surveyTypes.includes(type as never), quoted(surveyTypes)) ??
    need(
      'variant',
      type === 'ces' ? cesVariants.includes(variant as never) : variant === null,
      type === 'ces' ? quoted(cesVariants) : 'null',
    )
  );
}

/** The respondent as sent: null, or an id and traits that `cleanJson` bounds. */
export type User = { id: string; traits: Record<string, unknown> } | null;

/** `user` checked and its traits cleaned, or the problem; `undefined` reads as null. */
export function checkUser(
  value: unknown,
  path: string,
  idLength: number,
  traitLimits: JsonLimits,
): { user: User } | { problem: string } {
  if (value === null || value === undefined) return { user: null };
  if (!isObject(value) || !isString(value.id, idLength) || !isObject(value.traits)) {
    return { problem: mustBe(path, 'null or { "id": string, "traits": object }', value) };
  }
  const cleaned = cleanJson(value.traits, traitLimits);
  if ('problem' in cleaned) return { problem: `${path}.traits: ${cleaned.problem}` };
  return { user: { id: value.id, traits: cleaned.value as Record<string, unknown> } };
}

/**
 * Whether `value` is an ISO date-time within `maxAgeMs` before and `maxAheadMs` after
 * `now`, once the sender's clock is corrected by `skewMs`; its corrected time if so.
 */
export function timeIn(
  value: unknown,
  window: { now: number; skewMs: number; maxAgeMs: number; maxAheadMs: number },
): number | null {
  const ms = parseIsoDateTime(value);
  if (ms === null) return null;
  const at = ms + window.skewMs;
  return at >= window.now - window.maxAgeMs && at <= window.now + window.maxAheadMs ? at : null;
}
