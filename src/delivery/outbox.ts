import { makeRoom } from './admission.js';
import { byteLength, packBatch } from './batch.js';
import { limits, type Outbox, type OutboxOptions } from './outboxContract.js';
import { type OutboxRecord, openStorage } from './outboxStorage.js';
import {
  acknowledge,
  backOff,
  type Change,
  deadLetter,
  dueAt,
  endNetworkWait,
  isExpired,
  isPending,
  lease,
  queue,
  release,
  revive,
  sendOrder,
} from './record.js';
import { browserLocks, defaultChannel } from './tabs.js';
import { globalTimers } from './timers.js';
import { createTransport } from './transport.js';
import { uuidv7 } from './uuid.js';

export {
  limits,
  type Outbox,
  type OutboxHooks,
  type OutboxOptions,
  type OutboxStatus,
} from './outboxContract.js';

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
  const locks = options.locks === undefined ? browserLocks() : options.locks;
  const isOnline = options.online ?? (() => globalThis.navigator?.onLine !== false);
  const transport = createTransport(options, now, timers, limits.requestTimeoutMs);
  const report = (error: unknown) => hooks.error?.(error);
  const storage = openStorage(options, report);
  const channel = options.channel === undefined ? defaultChannel() : options.channel;
  // Not from `random`, which tests fix: two tabs must never share an owner.
  const owner = uuidv7();

  // What this page knows is pending, for the page-hide path, which cannot wait for IndexedDB.
  const known = new Map<string, OutboxRecord>();
  // Responses that found the queue full of pending records: kept in memory for this page
  // and sent like the rest (a pending record is never evicted).
  const overflow = new Map<string, OutboxRecord>();
  const urgentFirst = sendOrder((record) => overflow.has(record.id));
  const allRecords = async () => [...(await storage.all()), ...overflow.values()];
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
  /**
   * Applies each record's change, in one transaction (none for no record); resolves to
   * what is stored, in order.
   */
  const store = async <R extends { id: string }>(records: R[], change: (record: R) => Change) => {
    const rest = records.filter((r) => !overflow.has(r.id));
    const written = rest[0] ? await storage.update(rest.map((r) => [r.id, change(r)])) : [];
    return records.map((record) => {
      const { id } = record;
      const i = rest.indexOf(record);
      const next = i < 0 ? change(record)(overflow.get(id), 0) : written[i];
      if (i < 0) next ? overflow.set(id, next) : overflow.delete(id);
      remember(id, next);
      return next;
    });
  };

  let destroyed = false;
  // Hidden pages send nothing in the background: page hide already sent with keepalive.
  let suspended = false;
  let passing: Promise<void> | null = null;
  let passAgain = false;
  let flushAll = false;
  let timer: unknown = null;
  // When this page enqueued, over the last minute: a loop in the host page must not fill the store.
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
    const paused = await pausedUntil();
    schedule(
      paused > now()
        ? paused
        : Math.min(...(await allRecords()).filter(isPending).map((r) => dueAt(r, owner))),
    );
  };

  const expire = async (records: OutboxRecord[], t: number) => {
    const expired = records.filter((r) => isExpired(r, t, limits.maxAgeMs));
    await store(expired, acknowledge);
    for (const record of expired.filter(isPending)) hooks.failed?.(record.response, 'expired');
    return records.filter((r) => !expired.includes(r));
  };

  /**
   * Sends leased records; a refused batch is split until the bad record stands alone.
   * `'more'` means a 2xx: the next batch may go at once.
   */
  const send = async (records: OutboxRecord[]): Promise<'more' | 'sent' | 'stop'> => {
    const outcome = await transport.post(records);
    if (outcome.kind === 'pause') {
      pausedKnown = now() + outcome.ms;
      await storage.pause(pausedKnown);
      channel?.post('paused');
    }
    switch (outcome.kind) {
      case 'pause':
      case 'aborted':
        // No attempt counted: the records wait for the pause's end or the next page.
        await store(records, release);
        return 'stop';
      case 'delivered':
        // Only this revision is acknowledged: a newer one queued meanwhile stays.
        await store(records, acknowledge);
        for (const record of records) hooks.delivered?.(record.response);
        return 'more';
      case 'retry':
        await store(records, (r) => backOff(r, outcome.cause, now(), random));
        return 'sent';
      case 'reject': {
        if (records.length > 1) {
          const half = Math.ceil(records.length / 2);
          if ((await send(records.slice(0, half))) === 'stop') {
            await store(records.slice(half), release);
            return 'stop';
          }
          await wait(limits.pacingMs);
          return send(records.slice(half));
        }
        await store(records, (r) => deadLetter(r, outcome.status, now()));
        hooks.failed?.((records[0] as OutboxRecord).response, 'rejected', outcome.status);
        return 'sent';
      }
    }
  };

  /** Stops the timer and the request in flight (which then counts no attempt). */
  const halt = () => {
    schedule(Infinity);
    transport.abort();
  };

  const wait = (ms: number) => new Promise<void>((resolve) => timers.set(resolve, ms));

  /**
   * One pass: send due records in batches, one request in flight, until none is due.
   * A backlog goes back to back after each 2xx; other outcomes wait `pacingMs`.
   */
  const pass = async () => {
    // An explicit flush also sends what waits out a backoff: what its first read finds, once.
    let everything = flushAll;
    flushAll = false;
    for (;;) {
      if (destroyed || suspended || !isOnline()) return;
      let t = now();
      if ((await pausedUntil()) > t) return;
      const records = await expire(await allRecords(), t);
      for (const record of records) remember(record.id, record);
      let due = records
        .filter((r) => isPending(r) && (everything || dueAt(r, owner) <= t))
        .sort(urgentFirst);
      everything = false;
      // One read of the store serves the whole backlog: a lease fails on any record
      // changed since, which the next read sees as it is. A read that sends nothing ends
      // the pass.
      let sent: string | undefined;
      while (due[0]) {
        const batch = packBatch(due, limits.batchBytes, limits.batchRecords);
        due = due.slice(batch.length);
        t = now();
        const until = t + limits.leaseMs;
        // One transaction leases the batch. Only the revision read can carry this owner and
        // `until`: `lease` sets them on nothing else, and a newer revision is read, and
        // leased, only once the read holding this one is done.
        const claimed = (await store(batch, (r) => lease(r, owner, t, until))).filter(
          (s): s is OutboxRecord => s?.leaseUntil === until && s.leaseOwner === owner,
        );
        if (!claimed[0]) continue;
        // Another tab may have been told to pause while this one was claiming.
        if ((await pausedUntil()) > now()) {
          await store(claimed, release);
          return;
        }
        sent = await send(claimed);
        if (sent === 'stop' || destroyed || suspended || !isOnline()) return;
        if (sent === 'sent') await wait(limits.pacingMs);
      }
      if (!sent) return;
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
        if (enqueueTimes.push(t) > limits.enqueuesPerMinute) {
          enqueueTimes.pop();
          report(
            new Error(
              `surveylet: more than ${limits.enqueuesPerMinute} answers a minute from this page; response ${response.id} was not queued`,
            ),
          );
          return;
        }
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
        // The fast path is one transaction: a put, with a count to know there is room.
        const [stored] = await store([response], () => queue(response, bytes, t, limits));
        if (!stored) {
          // The store may be full: evict what may go, else keep the answer in memory.
          const [evict, full] = makeRoom(
            await expire(await storage.all(), t),
            response.id,
            bytes,
            limits,
          );
          await store(evict, acknowledge);
          if (full)
            overflow.set(response.id, queue(response, bytes, t)(undefined, 0) as OutboxRecord);
          await store([response], () => queue(response, bytes, t));
        }
        hooks.queued?.(response);
        channel?.post('enqueued');
        requestPass();
      } catch (error) {
        report(error);
      }
    },

    async flush(options) {
      try {
        // Dead revisions only (the change checks): a newer one queued meanwhile is never
        // replaced, and a record it leaves unchanged is not written.
        if (options?.retryDead) await store(await allRecords(), (r) => revive(r, now()));
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
        // The change picks the waits the network caused; the others are not written.
        await store(await allRecords(), (r) => endNetworkWait(r, t));
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
        const chosen = packBatch([...known.values()].sort(urgentFirst), limits.keepaliveBytes);
        if (chosen.length > 0) transport.farewell(chosen);
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
