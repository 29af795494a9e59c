import type { SurveyResponse } from '../survey/types.js';
import { type AdmissionLimits, surelyRoom } from './admission.js';
import type { OutboxRecord } from './outboxStorage.js';
import { backoffMs } from './retry.js';

/**
 * What happens to one stored record, as pure changes `(current) => next` for
 * `OutboxStorage.update` (`undefined` deletes). Each is built from the copy a sender
 * read earlier and applies only while the stored record is still that revision: a
 * newer revision queued meanwhile is never leased, acknowledged or changed by it.
 */
export type Change = (current: OutboxRecord | undefined, count: number) => OutboxRecord | undefined;

export const isPending = (record: OutboxRecord) => record.dead === null;

export const isExpired = (record: OutboxRecord, now: number, maxAgeMs: number) =>
  now - record.firstQueuedAt >= maxAgeMs;

/** The one revision check: `change` runs only on the revision `seen` was read at. */
export const ifSame =
  (seen: OutboxRecord, change: (current: OutboxRecord) => OutboxRecord | undefined): Change =>
  (current) =>
    current?.revision === seen.revision ? change(current) : current;

/**
 * The write-ahead: the first write of a response, or its newer revision; an older
 * revision changes nothing. Given `limits`, a new record is written only where there is
 * surely room (else the outbox decides from the records themselves).
 */
export const queue =
  (response: SurveyResponse, bytes: number, now: number, limits?: AdmissionLimits): Change =>
  (current, count) =>
    (current && current.revision > response.revision) ||
    (!current && limits && !surelyRoom(count, limits))
      ? current
      : {
          v: 1,
          id: response.id,
          revision: response.revision,
          response,
          bytes,
          firstQueuedAt: current?.firstQueuedAt ?? now,
          attempts: 0,
          nextAttemptAt: now,
          waitCause: null,
          leaseUntil: 0,
          leaseOwner: null,
          dead: null,
        };

/** Claims a pending record for `owner` until `until`, unless another sender holds it. */
export const lease = (seen: OutboxRecord, owner: string, now: number, until: number) =>
  ifSame(seen, (current) =>
    isPending(current) && (current.leaseUntil <= now || current.leaseOwner === owner)
      ? { ...current, leaseUntil: until, leaseOwner: owner }
      : current,
  );

/** A 2xx (or expiry): this revision is gone; a newer one stays. */
export const acknowledge = (seen: OutboxRecord) => ifSame(seen, () => undefined);

/** Lets go of the lease of a pending record, with what else changed about it. */
export const release = (seen: OutboxRecord, change: Partial<OutboxRecord> = {}) =>
  ifSame(seen, (current) =>
    current.dead ? current : { ...current, leaseUntil: 0, leaseOwner: null, ...change },
  );

/** One more failed attempt: wait `backoffMs` before the next, for `cause`. */
export const backOff = (
  seen: OutboxRecord,
  cause: 'network' | 'server',
  now: number,
  random: () => number,
) => {
  const attempts = seen.attempts + 1;
  return release(seen, {
    attempts,
    nextAttemptAt: now + backoffMs(attempts, random),
    waitCause: cause,
  });
};

/** The endpoint refused this very record: keep it, unsent, until a retry or expiry. */
export const deadLetter = (seen: OutboxRecord, status: number, now: number) =>
  release(seen, { dead: { reason: 'rejected', status, at: now } });

/** `flush({ retryDead: true })`: a dead record is sent again as a new one. */
export const revive = (seen: OutboxRecord, now: number) =>
  ifSame(seen, (current) =>
    current.dead
      ? { ...current, dead: null, attempts: 0, nextAttemptAt: now, waitCause: null }
      : current,
  );

/** The network is back: a wait caused by it ends now. */
export const endNetworkWait = (seen: OutboxRecord, now: number) =>
  ifSame(seen, (current) =>
    current.waitCause === 'network' ? { ...current, nextAttemptAt: now } : current,
  );

/** When `owner` may next send this record: after its backoff and any other sender's lease. */
export const dueAt = (record: OutboxRecord, owner: string) =>
  Math.max(record.nextAttemptAt, record.leaseOwner === owner ? 0 : record.leaseUntil);

/**
 * Send order: records held only in memory first (they are lost if the tab closes),
 * then the oldest.
 */
export const sendOrder =
  (inMemory: (record: OutboxRecord) => boolean) => (a: OutboxRecord, b: OutboxRecord) =>
    +inMemory(b) - +inMemory(a) || a.firstQueuedAt - b.firstQueuedAt;
