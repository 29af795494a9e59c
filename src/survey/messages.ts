// The shape of every problem sentence Surveylet says, in the browser console (config,
// script tag, command queue) and in the collector's 422 answers: the field, what it must
// be, and what it got. One place, so the widget and the collector word things alike.

/** Shows a received value in a message: strings quoted, long values cut. */
export function describeValue(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `path must be expected (got value)`: the sentence of a field that is not what it must be. */
export function mustBe(path: string, expected: string, value: unknown): string {
  return `${path} must be ${expected} (got ${describeValue(value)})`;
}

/** Lists options for a message: `"a", "b" or "c"`. */
export function quoted(options: readonly string[]): string {
  const names = options.map((o) => `"${o}"`);
  return names.length === 1
    ? (names[0] as string)
    : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

// Levenshtein distance, for "did you mean" on misspelt keys.
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** "; did you mean …?" for a near miss of one of `known`, else the list of them. */
export function suggestion(key: string, known: readonly string[]): string {
  const near = known.find((k) => distance(k.toLowerCase(), key.toLowerCase()) <= 2);
  return near ? `; did you mean "${near}"?` : `; known: ${known.join(', ')}`;
}
