/**
 * Text and JSON from the internet, made safe to store without losing the answer.
 * PostgreSQL refuses a NUL in text and a lone UTF-16 surrogate in jsonb; a host page
 * that cuts a string in half produces exactly that, so both become U+FFFD instead of
 * turning a real answer into an error.
 */

/** How deep and how wide free-form JSON (user traits) may be. */
export interface JsonLimits {
  depth: number;
  keys: number;
  keyLength: number;
  stringLength: number;
}

/** NUL and lone surrogates replaced by U+FFFD; every other character kept. */
export function cleanText(text: string): string {
  // Lone surrogates: a high one not followed by a low one, or a low one not preceded by a high one.
  return text
    .replaceAll('\u0000', '\uFFFD')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * A copy of `value` with every string cleaned, or the reason it is refused: nested
 * deeper than `limits.depth`, more than `limits.keys` entries in all, or a key or
 * string longer than allowed. Numbers must be finite (JSON cannot carry others).
 */
export function cleanJson(
  value: unknown,
  limits: JsonLimits,
): { value: unknown } | { problem: string } {
  let entries = 0;
  const walk = (node: unknown, depth: number): unknown => {
    if (node === null || typeof node === 'boolean') return node;
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) throw new Refusal('numbers must be finite');
      return node;
    }
    if (typeof node === 'string') {
      if (node.length > limits.stringLength) {
        throw new Refusal(`strings must be at most ${limits.stringLength} characters`);
      }
      return cleanText(node);
    }
    if (typeof node !== 'object') throw new Refusal('values must be JSON');
    if (depth >= limits.depth) throw new Refusal(`nesting must be at most ${limits.depth} deep`);
    if (Array.isArray(node)) {
      entries += node.length;
      if (entries > limits.keys) throw new Refusal(`at most ${limits.keys} entries in all`);
      return node.map((item) => walk(item, depth + 1));
    }
    const copy: [string, unknown][] = [];
    for (const [key, item] of Object.entries(node)) {
      entries += 1;
      if (entries > limits.keys) throw new Refusal(`at most ${limits.keys} entries in all`);
      if (key.length > limits.keyLength) {
        throw new Refusal(`keys must be at most ${limits.keyLength} characters`);
      }
      copy.push([cleanText(key), walk(item, depth + 1)]);
    }
    // fromEntries defines own properties: assigning a key "__proto__" would instead set
    // the copy's prototype, and the trait would vanish from what is stored.
    return Object.fromEntries(copy);
  };
  try {
    return { value: walk(value, 0) };
  } catch (error) {
    if (error instanceof Refusal) return { problem: error.message };
    throw error;
  }
}

class Refusal extends Error {}

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Milliseconds since the epoch of a strict ISO 8601 date-time with a zone
 * (`2026-11-20T10:00:00.000Z`), or null: `Date.parse` alone takes "1" and years
 * PostgreSQL cannot store.
 */
export function parseIsoDateTime(value: unknown): number | null {
  if (typeof value !== 'string' || !isoDateTime.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** A URL without its query and fragment, where tokens and e-mail addresses often hide. */
export function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : url.slice(0, cut);
}
