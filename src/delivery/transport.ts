import { body, idempotencyKey } from './batch.js';
import type { OutboxRecord } from './outboxStorage.js';
import { classify, type Outcome } from './retry.js';
import type { FetchLike } from './sender.js';
import type { Timers } from './timers.js';

/** How requests leave the page; each but the endpoint has a browser default. */
export interface TransportOptions {
  endpoint: string;
  headers?: Record<string, string>;
  fetch?: FetchLike;
  /** `navigator.sendBeacon` by default; null for none. */
  sendBeacon?: ((url: string, data: Blob) => boolean) | null;
  /** Whether `fetch` supports `keepalive`; detected by default. */
  keepalive?: boolean;
}

/** Protocol v1 on the wire: a batch as one POST, or a last send as the page goes away. */
export interface Transport {
  /**
   * Posts the records and classifies the answer. A network error or the timeout is a
   * retry; `aborted` means `abort()` stopped it (no attempt counted).
   */
  post(records: OutboxRecord[]): Promise<Outcome | { kind: 'aborted' }>;
  /** Stops the request in flight, if any. */
  abort(): void;
  /** Sends with `keepalive`, else as a beacon; never waits, never throws. */
  farewell(records: OutboxRecord[]): void;
}

export function createTransport(
  options: TransportOptions,
  now: () => number,
  timers: Timers,
  timeoutMs: number,
): Transport {
  const { endpoint } = options;
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const keepalive =
    options.keepalive ?? (typeof Request !== 'undefined' && 'keepalive' in Request.prototype);
  const custom =
    options.headers && Object.keys(options.headers).length > 0 ? options.headers : null;
  // No custom header keeps the request CORS-simple: no preflight (docs/protocol.md).
  const headersFor = (records: OutboxRecord[]): Record<string, string> =>
    custom
      ? {
          ...custom,
          'Content-Type': 'application/json',
          'Idempotency-Key': idempotencyKey(records),
        }
      : { 'Content-Type': 'text/plain;charset=UTF-8' };
  const request = (records: OutboxRecord[], text: string, extra: RequestInit) =>
    fetchImpl(endpoint, {
      method: 'POST',
      headers: headersFor(records),
      body: text,
      credentials: 'omit',
      mode: 'cors',
      ...extra,
    });

  let inflight: AbortController | null = null;

  return {
    async post(records) {
      const controller = new AbortController();
      inflight = controller;
      const timeout = timers.set(() => controller.abort(), timeoutMs);
      try {
        const response = await request(records, body(records, now()), {
          // A redirected POST can turn into a GET and be acknowledged by the wrong page.
          redirect: 'error',
          signal: controller.signal,
        });
        return classify(response.status, response.headers.get('Retry-After'), now());
      } catch {
        // Our timeout aborts too, but leaves the request in flight: that is a retry.
        return controller.signal.aborted && inflight !== controller
          ? { kind: 'aborted' }
          : { kind: 'retry', cause: 'network' };
      } finally {
        timers.clear(timeout);
        if (inflight === controller) inflight = null;
      }
    },

    abort() {
      const aborting = inflight;
      inflight = null;
      aborting?.abort();
    },

    farewell(records) {
      const text = body(records, now());
      const beacon = (blob = new Blob([text], { type: 'text/plain;charset=UTF-8' })) =>
        // The page's own, looked up when called (and called on `navigator`).
        options.sendBeacon === undefined
          ? globalThis.navigator?.sendBeacon?.(endpoint, blob)
          : options.sendBeacon?.(endpoint, blob);
      if (!keepalive) {
        beacon();
        return;
      }
      try {
        request(records, text, { keepalive: true }).catch(() => {});
      } catch {
        beacon();
      }
    },
  };
}
