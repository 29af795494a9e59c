import type { Batch, SurveyResponse } from './types.js';

/**
 * Where answers go once they leave the widget. The durable outbox (delivery.md §2)
 * implements this same interface; the UI and controller only ever call `enqueue`.
 */
export interface Sender {
  /** Takes a response for delivery; resolves when it is queued (never rejects). */
  enqueue(response: SurveyResponse): Promise<void>;
  /** Sends what is pending now. */
  flush(): Promise<void>;
}

/** What a sender reports back. */
export interface SenderHooks {
  queued?(response: SurveyResponse): void;
  delivered?(response: SurveyResponse): void;
  error?(error: unknown): void;
}

/** A fetch function; the host page's own by default, looked up when called. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * Builds the request init of protocol v1: a CORS-simple POST (text/plain, no
 * custom headers, no credentials), so browsers send it without a preflight.
 */
export function batchRequest(responses: SurveyResponse[], now: number): RequestInit {
  const batch: Batch = { v: 1, sentAt: new Date(now).toISOString(), responses };
  return {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
    body: JSON.stringify(batch),
    credentials: 'omit',
    mode: 'cors',
    keepalive: true,
  };
}

/**
 * Sends each response at once with one `fetch`, without retries or storage.
 * The foundation's seam: the IndexedDB outbox replaces it.
 */
export function createDirectSender(
  endpoint: string,
  hooks: SenderHooks = {},
  fetchImpl: FetchLike = (input, init) => globalThis.fetch(input, init),
  clock: () => number = Date.now,
): Sender {
  return {
    async enqueue(response) {
      hooks.queued?.(response);
      try {
        const reply = await fetchImpl(endpoint, batchRequest([response], clock()));
        if (reply.ok) hooks.delivered?.(response);
        else hooks.error?.(new Error(`surveylet: ${endpoint} answered ${reply.status}`));
      } catch (error) {
        hooks.error?.(error);
      }
    },
    async flush() {},
  };
}
