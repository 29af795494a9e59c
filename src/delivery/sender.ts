import type { SurveyResponse } from '../survey/types.js';

/**
 * Where answers go once they leave the widget: the controller and UI only ever
 * call `enqueue`; the durable outbox (`outbox.ts`) implements it.
 */
export interface Sender {
  /** Takes a response for delivery; resolves when it is queued (never rejects). */
  enqueue(response: SurveyResponse): Promise<void>;
  /** Sends what is pending now, including records still waiting out a backoff. */
  flush(options?: FlushOptions): Promise<void>;
}

/** Options of `flush()`. */
export interface FlushOptions {
  /** Also sends again the answers the endpoint refused (kept as dead), as new ones. */
  retryDead?: boolean;
}

/** A fetch function; the host page's own by default, looked up when called. */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;
