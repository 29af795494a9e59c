import type { FailureReason, SurveyResponse } from '../survey/types.js';
import type { OutboxStorage } from './outboxStorage.js';
import type { FetchLike, Sender } from './sender.js';
import type { LockManagerLike, TabChannel } from './tabs.js';
import type { Timers } from './timers.js';

/*
 * What the outbox promises and takes: its limits, options, hooks and status. Apart from
 * `createOutbox` (outbox.ts), so the scheduler reads as one concept.
 */

/** The outbox's limits. */
export const limits = {
  responseBytes: 32 * 1024,
  records: 100,
  totalBytes: 1024 * 1024,
  maxAgeMs: 7 * 24 * 3600 * 1000,
  batchRecords: 20,
  batchBytes: 32 * 1024,
  requestTimeoutMs: 20_000,
  pacingMs: 100,
  leaseMs: 30_000,
  keepaliveBytes: 32 * 1024,
  enqueuesPerMinute: 10,
  busyRetryMs: 2_000,
};

/** What `status()` reports. */
export interface OutboxStatus {
  persistence: 'indexeddb' | 'memory';
  pending: number;
  dead: number;
  oldestPendingAgeMs: number | null;
  pausedUntil: number | null;
}

/** What the outbox tells the widget. */
export interface OutboxHooks {
  queued?(response: SurveyResponse): void;
  delivered?(response: SurveyResponse): void;
  /** `status` is the endpoint's answer when it refused the response. */
  failed?(response: SurveyResponse, reason: FailureReason, status?: number): void;
  error?(error: unknown): void;
}

/** Everything the outbox takes from its surroundings; each has a browser default. */
export interface OutboxOptions {
  endpoint: string;
  /**
   * Extra request headers. Any header makes the request non-simple: the body is
   * sent as `application/json` with an `Idempotency-Key`, and browsers preflight it.
   */
  headers?: Record<string, string>;
  hooks?: OutboxHooks;
  storage?: OutboxStorage;
  fetch?: FetchLike;
  now?: () => number;
  random?: () => number;
  timers?: Timers;
  locks?: LockManagerLike | null;
  channel?: TabChannel | null;
  online?: () => boolean;
  sendBeacon?: ((url: string, data: Blob) => boolean) | null;
  /** Whether `fetch` supports `keepalive`; detected by default. */
  keepalive?: boolean;
}

/** The durable outbox: a `Sender` with page-hide, online and status hooks. */
export interface Outbox extends Sender {
  /** Sends what is pending with `keepalive` (or a beacon) as the page goes away; deletes nothing. */
  pageHide(): void;
  /** The page is back (visible, restored from the back/forward cache): run a pass. */
  wake(): void;
  /** The network is back: waits caused by network errors end now. */
  online(): void;
  status(): Promise<OutboxStatus>;
  destroy(): void;
}
