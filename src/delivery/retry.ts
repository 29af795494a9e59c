/** What the sender does after a request. */
export type Outcome =
  | { kind: 'delivered' }
  | { kind: 'retry'; cause: 'network' | 'server' }
  | { kind: 'pause'; ms: number }
  | { kind: 'reject'; status: number };

const second = 1000;
const hour = 3600 * second;

/** `Retry-After` as seconds or an HTTP date, in ms from `now`, clamped to 1 s–1 h; null if absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null) return null;
  const text = header.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * second;
  else {
    const date = Date.parse(text);
    if (Number.isNaN(date)) return null;
    ms = date - now;
  }
  return Math.min(hour, Math.max(second, ms));
}

/** The 4xx worth a retry: the request timed out, conflicted, or came too early. */
const retried4xx = [408, 409, 425];

/**
 * Classifies an HTTP answer as delivered, retried later or refused for good. Status 0 and
 * 3xx (redirects are not followed) are retried like network errors; other 4xx, 501 and
 * 505 are refused for good; any other 5xx is retried.
 */
export function classify(status: number, retryAfter: string | null, now: number): Outcome {
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  const wait = retryAfterMs(retryAfter, now);
  if (status === 429) return { kind: 'pause', ms: wait ?? 60 * second };
  if (status === 503 && wait !== null) return { kind: 'pause', ms: wait };
  if (status === 0 || (status >= 300 && status < 400)) return { kind: 'retry', cause: 'network' };
  if (
    (status >= 400 && status < 500 && !retried4xx.includes(status)) ||
    status === 501 ||
    status === 505
  )
    return { kind: 'reject', status };
  return { kind: 'retry', cause: 'server' };
}

/**
 * Wait before attempt `attempt + 1` of a record: `min(15 min, 2 s × 2^(attempt−1))`
 * scaled by a jitter in [0.5, 1.5) so tabs and visitors do not retry in step.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(15 * 60 * second, 2 * second * 2 ** Math.max(0, attempt - 1));
  return base * (0.5 + random());
}

/**
 * The one console warning a page gives about dead-lettered answers (refused now,
 * with `status`, or by an earlier page): they wait for a fix and a retry, so
 * whoever set the widget up must hear of it.
 */
export function refusalMessage(endpoint: string, count: number, status?: number): string {
  const why = status === 404 ? ': no such address' : status === 501 ? ': no POST here' : '';
  const code = status ? ` (HTTP ${status}${why})` : '';
  return `surveylet: ${count} answer(s) refused${code} are kept unsent. Fix endpoint ${endpoint}, then call flush({ retryDead: true })`;
}
