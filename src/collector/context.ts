import {
  contextLimits,
  deviceClasses,
  type ResponseContext,
  utmKeys,
  viewportBuckets,
} from '../survey/context.js';
import { mustBe } from '../survey/messages.js';
import { isObject } from './checks.js';
import { cleanText, withoutQuery } from './clean.js';

// The optional `context` of a response or an event, made safe to store. It describes an
// answer, so it never costs one: a missing field is fine, an unknown key is left out, a
// value too long is cut, a device or viewport not in the list is left out (a later
// widget may know more). Only a value of the wrong type is refused, as the sender's bug.

const viewportNames: readonly string[] = viewportBuckets.map((b) => b.name);

class Refusal extends Error {}

/** `text` at most `max` characters, not cut inside a surrogate pair, NUL-free. */
function cut(text: string, max: number): string {
  let kept = text.length > max ? text.slice(0, max) : text;
  if (/[\uD800-\uDBFF]$/.test(kept) && kept.length < text.length) kept = kept.slice(0, -1);
  return cleanText(kept);
}

/** A string field, cut to `max`; absent when null or missing; a Refusal when not a string. */
function text(value: unknown, field: string, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new Refusal(mustBe(field, 'a string', value));
  return cut(value, max);
}

/** A value of `allowed`, or absent for a string that is not one of them. */
function oneOf(value: unknown, field: string, allowed: readonly string[]): string | undefined {
  const given = text(value, field, contextLimits.text);
  return given !== undefined && allowed.includes(given) ? given : undefined;
}

/** An object of string values: unknown or surplus keys left out, values cut. */
function strings(
  value: unknown,
  field: string,
  keys: (key: string, index: number) => boolean,
  max: number,
): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new Refusal(mustBe(field, 'an object of strings', value));
  const kept: [string, string][] = [];
  for (const [key, item] of Object.entries(value)) {
    if (!keys(key, kept.length)) continue;
    const checked = text(item, `${field}.${cleanText(key)}`, max);
    if (checked !== undefined) kept.push([cleanText(key), checked]);
  }
  // fromEntries defines own properties: a key "__proto__" stays a key.
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/**
 * The context at `path` checked and cleaned: `{ context }` (undefined when there is
 * none or nothing in it is known), or the problem naming the field whose type is wrong.
 */
export function checkContext(
  value: unknown,
  path: string,
): { context: ResponseContext | undefined } | { problem: string } {
  if (value === undefined || value === null) return { context: undefined };
  if (!isObject(value)) return { problem: mustBe(path, 'an object', value) };
  const { hiddenKeys, hiddenKeyLength, hiddenValueLength } = contextLimits;
  try {
    const found: ResponseContext = {
      path: text(value.path, `${path}.path`, contextLimits.path),
      referrerOrigin: text(value.referrerOrigin, `${path}.referrerOrigin`, contextLimits.text),
      utm: strings(
        value.utm,
        `${path}.utm`,
        (key) => (utmKeys as readonly string[]).includes(key),
        contextLimits.text,
      ),
      device: oneOf(value.device, `${path}.device`, deviceClasses) as ResponseContext['device'],
      viewport: oneOf(
        value.viewport,
        `${path}.viewport`,
        viewportNames,
      ) as ResponseContext['viewport'],
      language: text(value.language, `${path}.language`, contextLimits.text),
      timeZone: text(value.timeZone, `${path}.timeZone`, contextLimits.text),
      hidden: strings(
        value.hidden,
        `${path}.hidden`,
        (key, count) => key !== '' && key.length <= hiddenKeyLength && count < hiddenKeys,
        hiddenValueLength,
      ),
    };
    const context = Object.fromEntries(
      Object.entries(found).filter(([, v]) => v !== undefined),
    ) as ResponseContext;
    return { context: Object.keys(context).length > 0 ? context : undefined };
  } catch (error) {
    if (error instanceof Refusal) return { problem: error.message };
    throw error;
  }
}

/** The context with its path's query and fragment dropped, as page URLs are stored. */
export function contextWithoutQuery(context: ResponseContext | undefined) {
  if (!context?.path) return context;
  return { ...context, path: withoutQuery(context.path) };
}
