import type { FailureReason, SurveyResponse } from '../survey/types.js';
import { body, byteLength, envelopeBytes, idempotencyKey, packBatch, recordCost } from './batch.js';
import {
  indexedDbStorage,
  memoryStorage,
  type OutboxRecord,
  type OutboxStorage,
  resilientStorage,
} from './outboxStorage.js';
import { backoffMs, classify, type Outcome } from './retry.js';
import type { FetchLike, Sender } from './sender.js';
import { browserLocks, defaultChannel, type LockManagerLike, type TabChannel } from './tabs.js';
import { globalTimers, type Timers } from './timers.js';
import { uuidv7 } from './uuid.js';

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

const isPending = (record: OutboxRecord) => record.dead === null;

/**
 * Creates the outbox: every response is written to IndexedDB before any request
 * for it starts, then sent in batches by one tab at a time, retried with backoff,
 * paused when the endpoint asks, and dead-lettered only when the endpoint refuses
 * that very record. Nothing here throws into the host page.
 */
export function createOutbox(options: OutboxOptions): Outbox {
  const hooks = options.hooks ?? {};
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const timers = options.timers ?? globalTimers;
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const locks = options.locks === undefined ? browserLocks() : options.locks;
  const isOnline = options.online ?? (() => globalThis.navigator?.onLine !== false);
  const sendBeacon =
    options.sendBeacon === undefined
      ? typeof navigator !== 'undefined' && typeof navigator.sendBeacon === 'function'
        ? (url: string, data: Blob) => navigator.sendBeacon(url, data)
        : null
      : options.sendBeacon;
  const keepalive =
    options.keepalive ?? (typeof Request !== 'undefined' && 'keepalive' in Request.prototype);
  const report = (error: unknown) => hooks.error?.(error);
  const reportedUnreadable = new Set<IDBValidKey>();
  const storage =
    options.storage ??
    resilientStorage(
      () =>
        indexedDbStorage((key) => {
          if (reportedUnreadable.has(key)) return;
          reportedUnreadable.add(key);
          report(new Error(`surveylet: skipped an unreadable outbox record (${String(key)})`));
        }),
      report,
      timers,
    );
  const channel = options.channel === undefined ? defaultChannel() : options.channel;
  const custom =
    options.headers && Object.keys(options.headers).length > 0 ? options.headers : null;
  const headersFor = (records: OutboxRecord[]): Record<string, string> =>
    custom
      ? {
          ...custom,
          'Content-Type': 'application/json',
          'Idempotency-Key': idempotencyKey(records),
        }
      : { 'Content-Type': 'text/plain;charset=UTF-8' };
  // Not from `random`, which tests fix: two tabs must never share an owner.
  const owner = uuidv7();

  // What this page knows is pending, for the page-hide path, which cannot wait for IndexedDB.
  const known = new Map<string, OutboxRecord>();
  // Responses that found the queue full of pending records: kept in memory for this page
  // and sent like the rest (a pending record is never evicted).
  const overflow = memoryStorage();
  const inOverflow = new Set<string>();
  // Records held in memory go first (they are lost if the tab closes), then the oldest.
  const urgentFirst = (a: OutboxRecord, b: OutboxRecord) =>
    Number(inOverflow.has(b.id)) - Number(inOverflow.has(a.id)) ||
    a.firstQueuedAt - b.firstQueuedAt;
  const allRecords = async () => [...(await storage.all()), ...(await overflow.all())];
  // The pause as last read or set, for the page-hide path, which cannot wait for storage.
  let pausedKnown = 0;
  const pausedUntil = async () => {
    pausedKnown = await storage.pausedUntil();
    return pausedKnown;
  };
  const remember = (id: string, record: OutboxRecord | undefined) => {
    if (record && isPending(record)) known.set(id, record);
    else known.delete(id);
  };
  const store = async (
    id: string,
    change: (current: OutboxRecord | undefined) => OutboxRecord | undefined,
  ) => {
    const stored = await (inOverflow.has(id) ? overflow : storage).update(id, change);
    if (!stored) inOverflow.delete(id);
    remember(id, stored);
    return stored;
  };

  let destroyed = false;
  // Hidden pages send nothing in the background: page hide already sent with keepalive.
  let suspended = false;
  let passing: Promise<void> | null = null;
  let passAgain = false;
  let flushAll = false;
  let timer: unknown = null;
  let inflight: AbortController | null = null;
  const enqueueTimes: number[] = [];

  const schedule = (at: number) => {
    if (timer !== null) timers.clear(timer);
    timer = null;
    if (destroyed || !Number.isFinite(at)) return;
    timer = timers.set(
      () => {
        timer = null;
        requestPass();
      },
      Math.max(0, at - now()),
    );
  };

  const scheduleNext = async () => {
    // Offline, the `online` event starts the next pass; hidden, the page's return does.
    if (destroyed || suspended || !isOnline()) return;
    const t = now();
    const paused = await pausedUntil();
    if (paused > t) return schedule(paused);
    let next = Infinity;
    for (const record of await allRecords()) {
      if (!isPending(record)) continue;
      next = Math.min(
        next,
        Math.max(record.nextAttemptAt, record.leaseOwner === owner ? 0 : record.leaseUntil),
      );
    }
    schedule(next);
  };

  const expire = async (records: OutboxRecord[], t: number) => {
    const alive: OutboxRecord[] = [];
    for (const record of records) {
      if (t - record.firstQueuedAt < limits.maxAgeMs) {
        alive.push(record);
        continue;
      }
      await store(record.id, (current) =>
        current?.revision === record.revision ? undefined : current,
      );
      if (isPending(record)) hooks.failed?.(record.response, 'expired');
    }
    return alive;
  };

  const post = async (records: OutboxRecord[], track = true): Promise<Outcome | 'aborted'> => {
    const controller = new AbortController();
    if (track) inflight = controller;
    const timeout = timers.set(() => controller.abort(), limits.requestTimeoutMs);
    try {
      const response = await fetchImpl(options.endpoint, {
        method: 'POST',
        headers: headersFor(records),
        body: body(records, now()),
        credentials: 'omit',
        mode: 'cors',
        // A redirected POST can turn into a GET and be acknowledged by the wrong page.
        redirect: 'error',
        signal: controller.signal,
      });
      return classify(response.status, response.headers.get('Retry-After'), now());
    } catch {
      // Network error or our 20 s timeout; an abort for page hide or destroy counts no attempt.
      return controller.signal.aborted && inflight !== controller && track
        ? 'aborted'
        : { kind: 'retry', cause: 'network' };
    } finally {
      timers.clear(timeout);
      if (inflight === controller) inflight = null;
    }
  };

  const release = (record: OutboxRecord, change: Partial<OutboxRecord> = {}) =>
    store(record.id, (current) =>
      current && current.revision === record.revision && !current.dead
        ? { ...current, leaseUntil: 0, leaseOwner: null, ...change }
        : current,
    );

  /** Sends claimed records; a refused batch is split until the bad record stands alone. */
  const send = async (records: OutboxRecord[]): Promise<'sent' | 'stop'> => {
    const outcome = await post(records);
    if (outcome === 'aborted') {
      for (const record of records) await release(record);
      return 'stop';
    }
    switch (outcome.kind) {
      case 'delivered':
        for (const record of records) {
          // Only this revision is acknowledged: a newer one queued meanwhile stays.
          await store(record.id, (current) =>
            current?.revision === record.revision ? undefined : current,
          );
          hooks.delivered?.(record.response);
        }
        return 'sent';
      case 'retry':
        for (const record of records) {
          const attempts = record.attempts + 1;
          await release(record, {
            attempts,
            nextAttemptAt: now() + backoffMs(attempts, random),
            waitCause: outcome.cause,
          });
        }
        return 'sent';
      case 'pause':
        pausedKnown = now() + outcome.ms;
        await storage.pause(pausedKnown);
        channel?.post('paused');
        for (const record of records) await release(record);
        return 'stop';
      case 'reject': {
        if (records.length > 1) {
          const half = Math.ceil(records.length / 2);
          if ((await send(records.slice(0, half))) === 'stop') {
            for (const record of records.slice(half)) await release(record);
            return 'stop';
          }
          await wait(limits.pacingMs);
          return send(records.slice(half));
        }
        const [record] = records as [OutboxRecord];
        const dead = { reason: 'rejected' as const, status: outcome.status, at: now() };
        await store(record.id, (current) =>
          current?.revision === record.revision
            ? { ...current, dead, leaseUntil: 0, leaseOwner: null }
            : current,
        );
        hooks.failed?.(record.response, 'rejected', outcome.status);
        return 'sent';
      }
    }
  };

  /** Stops the timer and the request in flight (which then counts no attempt). */
  const halt = () => {
    if (timer !== null) timers.clear(timer);
    timer = null;
    const aborting = inflight;
    inflight = null;
    aborting?.abort();
  };

  const wait = (ms: number) => new Promise<void>((resolve) => timers.set(resolve, ms));

  /** Claims due records for this sender, atomically per record. */
  const claim = async (candidates: OutboxRecord[], t: number) => {
    const claimed: OutboxRecord[] = [];
    let bytes = envelopeBytes;
    for (const candidate of candidates) {
      if (claimed.length >= limits.batchRecords) break;
      if (claimed.length > 0 && bytes + recordCost(candidate) > limits.batchBytes) break;
      const leaseUntil = t + limits.leaseMs;
      const got = await store(candidate.id, (current) =>
        current &&
        current.revision === candidate.revision &&
        isPending(current) &&
        (current.leaseUntil <= t || current.leaseOwner === owner)
          ? { ...current, leaseUntil, leaseOwner: owner }
          : current,
      );
      if (
        got?.leaseOwner === owner &&
        got.leaseUntil === leaseUntil &&
        got.revision === candidate.revision
      ) {
        claimed.push(got);
        bytes += recordCost(got);
      }
    }
    return claimed;
  };

  /** One pass: send due records in batches, one request in flight, until none is due. */
  const pass = async () => {
    const everything = flushAll;
    flushAll = false;
    // An explicit flush sends records still waiting out their backoff, once each.
    const tried = new Set<string>();
    for (;;) {
      if (destroyed || suspended || !isOnline()) return;
      const t = now();
      if ((await pausedUntil()) > t) return;
      const records = await expire(await allRecords(), t);
      for (const record of records) remember(record.id, record);
      const due = records
        .filter(
          (r) =>
            isPending(r) &&
            (r.nextAttemptAt <= t || (everything && !tried.has(r.id))) &&
            (r.leaseUntil <= t || r.leaseOwner === owner),
        )
        .sort(urgentFirst);
      if (due.length === 0) return;
      const claimed = await claim(due, t);
      if (claimed.length === 0) return;
      // Another tab may have been told to pause while this one was claiming.
      if ((await pausedUntil()) > now()) {
        for (const record of claimed) await release(record);
        return;
      }
      for (const record of claimed) tried.add(record.id);
      if ((await send(claimed)) === 'stop') return;
      await wait(limits.pacingMs);
    }
  };

  const runPass = async () => {
    if (!locks) return pass();
    let busy = false;
    await locks.request('surveylet-outbox', { ifAvailable: true }, async (lock) => {
      if (lock) await pass();
      else busy = true;
    });
    // Another tab is sending: look again shortly rather than at once.
    if (busy) schedule(now() + limits.busyRetryMs);
  };

  function requestPass(): void {
    if (destroyed || suspended) return;
    if (passing) {
      passAgain = true;
      return;
    }
    passing = runPass()
      .catch(report)
      .then(async () => {
        passing = null;
        if (passAgain) {
          passAgain = false;
          return requestPass();
        }
        if (timer === null) await scheduleNext();
      })
      .catch(report);
  }

  const unlisten = channel?.listen((message) => {
    if (message === 'enqueued') requestPass();
    if (message === 'paused') void pausedUntil().then(scheduleNext).catch(report);
  });
  // Learn of a pause another tab was given, before this page can hide.
  void pausedUntil().catch(report);

  return {
    async enqueue(response) {
      try {
        if (destroyed) return;
        const t = now();
        while (enqueueTimes.length > 0 && (enqueueTimes[0] as number) <= t - 60_000)
          enqueueTimes.shift();
        if (enqueueTimes.length >= limits.enqueuesPerMinute) {
          report(
            new Error(
              `surveylet: more than ${limits.enqueuesPerMinute} answers a minute from this page; response ${response.id} was not queued`,
            ),
          );
          return;
        }
        enqueueTimes.push(t);
        const bytes = byteLength(JSON.stringify(response));
        if (bytes > limits.responseBytes) {
          report(
            new Error(
              `surveylet: response ${response.id} is ${bytes} bytes, over the ${limits.responseBytes}-byte limit; shorten the comment or traits`,
            ),
          );
          hooks.failed?.(response, 'too-large');
          return;
        }
        const persisted = await storage.all();
        const replacing = persisted.some((r) => r.id === response.id);
        let others = persisted.filter((r) => r.id !== response.id);
        const full = () =>
          others.length >= limits.records ||
          others.reduce((sum, r) => sum + r.bytes, bytes) > limits.totalBytes;
        if (full()) {
          // Make room from expired and dead records only: a pending one is never evicted.
          for (const record of others) {
            if (!full()) break;
            const expired = t - record.firstQueuedAt >= limits.maxAgeMs;
            if (!expired && isPending(record)) continue;
            await store(record.id, () => undefined);
            if (expired && isPending(record)) hooks.failed?.(record.response, 'expired');
            others = others.filter((r) => r !== record);
          }
          if (full() && !replacing) inOverflow.add(response.id);
        }
        await store(response.id, (current) =>
          current && current.revision > response.revision
            ? current
            : {
                v: 1,
                id: response.id,
                revision: response.revision,
                response,
                bytes,
                firstQueuedAt: current?.firstQueuedAt ?? t,
                attempts: 0,
                nextAttemptAt: t,
                waitCause: null,
                leaseUntil: 0,
                leaseOwner: null,
                dead: null,
              },
        );
        hooks.queued?.(response);
        channel?.post('enqueued');
        requestPass();
      } catch (error) {
        report(error);
      }
    },

    async flush(options) {
      try {
        const t = now();
        // This dead revision only: a newer one queued meanwhile is never replaced.
        for (const record of options?.retryDead ? await allRecords() : [])
          if (record.dead)
            await store(record.id, (current) =>
              current?.revision === record.revision && current.dead
                ? { ...current, dead: null, attempts: 0, nextAttemptAt: t, waitCause: null }
                : current,
            );
      } catch (error) {
        report(error);
      }
      flushAll = true;
      requestPass();
      while (passing) await passing;
    },

    wake() {
      suspended = false;
      requestPass();
    },

    online() {
      void (async () => {
        const t = now();
        for (const record of await allRecords()) {
          if (record.waitCause !== 'network' || record.nextAttemptAt <= t) continue;
          await store(record.id, (current) =>
            current && current.revision === record.revision && current.waitCause === 'network'
              ? { ...current, nextAttemptAt: t }
              : current,
          );
        }
        requestPass();
      })().catch(report);
    },

    pageHide() {
      // `visibilitychange` → hidden and `pagehide` often come together: send once.
      if (suspended || destroyed) return;
      try {
        // Never hold the lock across page hide: it would keep the page out of the bfcache.
        suspended = true;
        halt();
        // The endpoint asked every tab for quiet: the next page sends after the pause.
        if (pausedKnown > now()) return;
        const records = [...known.values()].sort(urgentFirst);
        const chosen = packBatch(records, limits.keepaliveBytes);
        if (chosen.length === 0) return;
        const text = body(chosen, now());
        const beacon = () =>
          sendBeacon?.(options.endpoint, new Blob([text], { type: 'text/plain;charset=UTF-8' }));
        if (!keepalive) {
          beacon();
          return;
        }
        try {
          fetchImpl(options.endpoint, {
            method: 'POST',
            headers: headersFor(chosen),
            body: text,
            credentials: 'omit',
            mode: 'cors',
            keepalive: true,
          }).catch(() => {});
        } catch {
          beacon();
        }
      } catch (error) {
        report(error);
      }
    },

    async status() {
      const t = now();
      const records = await allRecords();
      const pending = records.filter(isPending);
      const oldest = Math.min(...pending.map((r) => r.firstQueuedAt));
      const paused = await pausedUntil();
      return {
        persistence: storage.persistence,
        pending: pending.length,
        dead: records.length - pending.length,
        oldestPendingAgeMs: Number.isFinite(oldest) ? t - oldest : null,
        pausedUntil: paused > t ? paused : null,
      };
    },

    destroy() {
      destroyed = true;
      halt();
      unlisten?.();
    },
  };
}
