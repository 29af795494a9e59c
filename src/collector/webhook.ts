import type { Category, SurveyResponse } from '../core/types.js';

/** A webhook fired for the answers a team wants to follow up the same day. */
export interface WebhookOptions {
  url: string;
  /** Categories that fire it; default: detractor, dissatisfied, difficult. */
  when?: Category[];
  /** Attempts before giving up; default 3. */
  attempts?: number;
}

const negative: Category[] = ['detractor', 'dissatisfied', 'difficult'];

/**
 * Posts each matching response as JSON (`{ event: 'response', response }`), retrying
 * with backoff, and never blocks the collector's answer: it runs after the batch is
 * stored. It fires for each newly stored revision, so a detractor is seen at once and
 * again when the comment arrives (same `response.id`, higher `revision`); a repeated
 * delivery of a revision already stored fires nothing.
 */
export function createWebhook(
  options: WebhookOptions,
  fetchImpl: typeof fetch = fetch,
  wait: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  onError: (error: unknown) => void = () => {},
) {
  const when = options.when ?? negative;
  const attempts = options.attempts ?? 3;
  const pending = new Set<Promise<void>>();
  const fire = async (response: SurveyResponse) => {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const reply = await fetchImpl(options.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ event: 'response', response }),
        });
        if (reply.ok) return;
        if (reply.status < 500 && reply.status !== 429)
          throw new Error(`webhook answered ${reply.status}`);
      } catch (error) {
        if (attempt === attempts) return onError(error);
      }
      await wait(1000 * 2 ** (attempt - 1));
    }
  };
  return {
    /** Fires for the matching responses of a stored batch; returns at once. */
    notify(responses: SurveyResponse[]) {
      for (const response of responses) {
        if (!when.includes(response.category)) continue;
        const job = fire(response).finally(() => pending.delete(job));
        pending.add(job);
      }
    },
    /** Waits for the webhooks in flight (for shutdown and tests). */
    async settle() {
      await Promise.all([...pending]);
    },
  };
}
