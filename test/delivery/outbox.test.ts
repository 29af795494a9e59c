import { IDBFactory } from 'fake-indexeddb';
import { createStore, entries, set } from 'idb-keyval';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { limits } from '../../src/delivery/outbox.js';
import {
  indexedDbStorage,
  memoryStorage,
  resilientStorage,
} from '../../src/delivery/outboxStorage.js';
import {
  fakeCollector,
  fakeLocks,
  outboxFor,
  response,
  start,
  virtualTime,
} from './outboxHarness.js';

let time: ReturnType<typeof virtualTime>;
let collector: ReturnType<typeof fakeCollector>;
const created: { destroy(): void }[] = [];

function open(overrides: Parameters<typeof outboxFor>[2] = {}) {
  const made = outboxFor(time, collector, overrides);
  created.push(made.outbox);
  return made;
}

/** What IndexedDB holds right now, read the way a fresh page would. */
async function storedRecords() {
  return (await entries(createStore('surveylet', 'outbox')))
    .filter(([key]) => String(key).startsWith('r:'))
    .map(
      ([, value]) =>
        value as { id: string; revision: number; attempts: number; nextAttemptAt: number },
    );
}

beforeEach(() => {
  // A fresh database per test: no record leaks from one test into the next.
  vi.stubGlobal('indexedDB', new IDBFactory());
  time = virtualTime();
  collector = fakeCollector();
});

afterEach(() => {
  for (const outbox of created.splice(0)) outbox.destroy();
  vi.unstubAllGlobals();
});

describe('enqueue and 2xx', () => {
  it('deletes the record when the endpoint answers 2xx', async () => {
    const { outbox, events } = open();
    const answer = response();
    await outbox.enqueue(answer);
    await time.until(() => events.delivered.length === 1);
    expect([...collector.stored.keys()]).toEqual([answer.id]);
    expect(await storedRecords()).toEqual([]);
    expect(await outbox.status()).toMatchObject({ persistence: 'indexeddb', pending: 0, dead: 0 });
  });

  it('writes the record to IndexedDB before the request for it starts', async () => {
    const seenAtFetch: string[][] = [];
    const { outbox, events } = open({
      fetch: async (url, init) => {
        seenAtFetch.push((await storedRecords()).map((r) => r.id));
        return collector.fetch(url, init);
      },
    });
    const answer = response();
    await outbox.enqueue(answer);
    await time.until(() => events.delivered.length === 1);
    expect(seenAtFetch).toEqual([[answer.id]]);
  });

  it('sends a CORS-simple POST with the attempt number of each response', async () => {
    const { outbox } = open();
    await outbox.enqueue(response());
    await time.until(() => collector.requests.length === 1);
    const [, init] = collector.fetch.mock.calls[0] as [string, RequestInit];
    expect(init).toMatchObject({
      method: 'POST',
      credentials: 'omit',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
    });
    expect(collector.requests[0]?.batch).toMatchObject({ v: 1, responses: [{ attempt: 1 }] });
  });
  it('sends opted-in headers as JSON with an Idempotency-Key that is the same on a retry', async () => {
    collector.reply({ status: 500 });
    const { outbox, events } = open({ headers: { 'X-Api-Key': 'secret' } });
    await outbox.enqueue(response());
    await time.until(() => events.delivered.length === 1);
    const sent = collector.fetch.mock.calls.map(
      ([, init]) => init.headers as Record<string, string>,
    );
    expect(sent[0]).toMatchObject({ 'X-Api-Key': 'secret', 'Content-Type': 'application/json' });
    expect(sent[0]?.['Idempotency-Key']).toMatch(/^[0-9a-f]{16}-1$/);
    expect(sent[1]?.['Idempotency-Key']).toBe(sent[0]?.['Idempotency-Key']);
  });
});

describe('batches', () => {
  it('drains 45 queued records as 20 + 20 + 5 back to back, one request at a time', async () => {
    for (let i = 0; i < 5; i++) {
      const { outbox } = open({ online: () => false });
      for (let j = 0; j < 9; j++) await outbox.enqueue(response());
      outbox.destroy();
      await time.advance(61_000);
    }
    const { outbox, events } = open();
    outbox.wake();
    // The virtual clock stands still: a backlog waits for nothing but the previous 2xx.
    await time.idle(3000);
    expect(events.delivered).toHaveLength(45);
    expect(collector.requests.map((r) => r.batch.responses.length)).toEqual([20, 20, 5]);
    expect(collector.maxInFlight()).toBe(1);
  });

  it('keeps a batch under 32 KiB', async () => {
    const { outbox } = open({ online: () => false });
    for (let i = 0; i < 5; i++) await outbox.enqueue(response(2, 'x'.repeat(10_000)));
    outbox.destroy();
    const { outbox: sender, events } = open();
    sender.wake();
    await time.until(() => events.delivered.length === 5);
    const sizes = collector.requests.map(
      (r) => new TextEncoder().encode(JSON.stringify(r.batch)).length,
    );
    expect(Math.max(...sizes)).toBeLessThanOrEqual(32 * 1024);
    expect(collector.requests.map((r) => r.batch.responses.length)).toEqual([3, 2]);
  });
});

describe('retries', () => {
  it.each([408, 409, 425, 500, 502, 503, 504])(
    'keeps the record and retries after backoff when the endpoint answers %i',
    async (status) => {
      collector.reply({ status });
      const { outbox, events } = open();
      await outbox.enqueue(response());
      await time.until(() => collector.requests.length === 1);
      const [record] = await storedRecords();
      const failedAt = collector.requests[0]?.at ?? 0;
      // Attempt 1 failed: wait 2 s × jitter 1.0 (random 0.5) before attempt 2.
      expect(record).toMatchObject({ attempts: 1, nextAttemptAt: failedAt + 2000 });
      await time.advance(failedAt + 1900 - time.now());
      expect(collector.requests).toHaveLength(1);
      await time.until(() => events.delivered.length === 1);
      expect(collector.requests[1]?.batch.responses[0]?.attempt).toBe(2);
      expect(await storedRecords()).toEqual([]);
    },
  );

  it('retries a network error, status 0 and a final 3xx', async () => {
    collector.reply('network', { status: 0 }, { status: 300 });
    const { outbox, events } = open();
    await outbox.enqueue(response());
    await time.until(() => events.delivered.length === 1);
    expect(collector.requests.map((r) => r.batch.responses[0]?.attempt)).toEqual([1, 2, 3, 4]);
  });

  it('aborts a request after 20 s and retries it', async () => {
    collector.reply('hang');
    const { outbox, events } = open();
    await outbox.enqueue(response());
    await time.advance(19_000);
    expect(await storedRecords()).toMatchObject([{ attempts: 0 }]);
    await time.advance(1_000);
    expect(await storedRecords()).toMatchObject([{ attempts: 1 }]);
    await time.until(() => events.delivered.length === 1);
  });

  it('keeps its backoff across a new instance (a reload)', async () => {
    collector.reply({ status: 500 }, { status: 500 });
    const first = open();
    await first.outbox.enqueue(response());
    await time.until(() => collector.requests.length === 2);
    first.outbox.destroy();
    const [record] = await storedRecords();
    const dueAt = record?.nextAttemptAt ?? 0;
    expect(dueAt - time.now()).toBeGreaterThan(3000); // attempt 2 failed: 4 s × jitter
    const second = open();
    second.outbox.wake();
    await time.advance(dueAt - time.now() - 100);
    expect(collector.requests).toHaveLength(2);
    await time.until(() => second.events.delivered.length === 1);
    expect(collector.requests[2]?.batch.responses[0]?.attempt).toBe(3);
  });

  it('cuts waits caused by the network when the browser comes back online', async () => {
    collector.reply('network');
    const { outbox, events } = open();
    await outbox.enqueue(response());
    await time.until(() => collector.requests.length === 1);
    outbox.online();
    await time.advance(10);
    expect(events.delivered).toHaveLength(1);
  });

  it('does not cut waits caused by the server when the browser comes back online', async () => {
    collector.reply({ status: 500 });
    const { outbox } = open();
    await outbox.enqueue(response());
    await time.until(() => collector.requests.length === 1);
    outbox.online();
    await time.advance(500);
    expect(collector.requests).toHaveLength(1);
  });

  it('sends nothing while the browser says it is offline', async () => {
    let online = false;
    const { outbox, events } = open({ online: () => online });
    await outbox.enqueue(response());
    await time.advance(60_000);
    expect(collector.requests).toHaveLength(0);
    expect(time.pendingTimers()).toBe(0);
    online = true;
    outbox.online();
    await time.until(() => events.delivered.length === 1);
  });
});

describe('pauses', () => {
  it('pauses the whole outbox for Retry-After seconds on 429, counting no attempt', async () => {
    collector.reply({ status: 429, headers: { 'Retry-After': '120' } });
    const { outbox, events } = open();
    await outbox.enqueue(response());
    await time.until(() => collector.requests.length === 1);
    const pausedAt = collector.requests[0]?.at ?? 0;
    expect((await outbox.status()).pausedUntil).toBe(pausedAt + 120_000);
    await outbox.enqueue(response());
    await time.advance(pausedAt + 119_000 - time.now());
    expect(collector.requests).toHaveLength(1);
    await time.until(() => events.delivered.length === 2);
    expect(collector.requests[1]?.at).toBeGreaterThanOrEqual(pausedAt + 120_000);
    expect(collector.requests[1]?.batch.responses.map((r) => r.attempt)).toEqual([1, 1]);
  });

  it('reads Retry-After as an HTTP date on 503', async () => {
    const { outbox, events } = open();
    collector.reply((batch) => {
      expect(batch.responses).toHaveLength(1);
      return {
        status: 503,
        headers: { 'Retry-After': new Date(time.now() + 30_000).toUTCString() },
      };
    });
    await outbox.enqueue(response());
    await time.until(() => collector.requests.length === 1);
    const paused = (await outbox.status()).pausedUntil ?? 0;
    // HTTP dates have whole seconds.
    expect(paused - time.now()).toBeGreaterThan(28_000);
    expect(paused - time.now()).toBeLessThanOrEqual(30_000);
    await time.until(() => events.delivered.length === 1);
  });

  it('clamps Retry-After to one hour', async () => {
    collector.reply({ status: 429, headers: { 'Retry-After': '999999' } });
    const { outbox } = open();
    await outbox.enqueue(response());
    await time.until(() => collector.requests.length === 1);
    expect((await outbox.status()).pausedUntil).toBe((collector.requests[0]?.at ?? 0) + 3_600_000);
  });

  it('pauses 60 s on 429 without Retry-After', async () => {
    collector.reply({ status: 429 });
    const { outbox } = open();
    await outbox.enqueue(response());
    await time.until(() => collector.requests.length === 1);
    expect((await outbox.status()).pausedUntil).toBe((collector.requests[0]?.at ?? 0) + 60_000);
  });

  it('shares the pause with another outbox on the same database (another tab)', async () => {
    collector.reply({ status: 429, headers: { 'Retry-After': '300' } });
    const first = open();
    await first.outbox.enqueue(response());
    await time.until(() => collector.requests.length === 1);
    const second = open();
    await second.outbox.enqueue(response());
    second.outbox.wake();
    await time.advance(299_000);
    expect(collector.requests).toHaveLength(1);
    expect((await second.outbox.status()).pausedUntil).toBe(
      (collector.requests[0]?.at ?? 0) + 300_000,
    );
    await time.until(() => collector.stored.size === 2);
  });
});

describe('rejections', () => {
  it.each([400, 401, 403, 404, 410, 413, 418, 422, 501, 505])(
    'dead-letters a record the endpoint answers %i, keeping it visible in status()',
    async (status) => {
      collector.reply({ status });
      const { outbox, events } = open();
      const answer = response();
      await outbox.enqueue(answer);
      await time.until(() => events.failed.length === 1);
      expect(events.failed[0]).toMatchObject({ reason: 'rejected', response: { id: answer.id } });
      expect(await outbox.status()).toMatchObject({ pending: 0, dead: 1 });
      await time.advance(24 * 3600 * 1000);
      expect(collector.requests).toHaveLength(1);
    },
  );

  it('splits a rejected batch in halves until only the bad record is dead-lettered', async () => {
    const bad = response();
    collector.reply(
      ...Array.from(
        { length: 8 },
        () => (batch: { responses: { id: string }[] }) =>
          batch.responses.some((r) => r.id === bad.id) ? { status: 422 } : { status: 204 },
      ),
    );
    const { outbox: offline } = open({ online: () => false });
    const good = [response(), response(), response()] as const;
    for (const answer of [good[0], bad, good[1], good[2]]) await offline.enqueue(answer);
    offline.destroy();
    const { outbox, events } = open();
    outbox.wake();
    await time.until(() => events.failed.length === 1 && events.delivered.length === 3);
    expect(events.failed.map((f) => f.response.id)).toEqual([bad.id]);
    expect([...collector.stored.keys()].sort()).toEqual(good.map((g) => g.id).sort());
    expect(collector.requests.map((r) => r.batch.responses.length)).toEqual([4, 2, 1, 1, 2]);
  });
});

describe('crashes', () => {
  it('resends a record queued before a crash, with the same id', async () => {
    const first = open({ online: () => false });
    const answer = response();
    await first.outbox.enqueue(answer);
    first.outbox.destroy();
    const second = open();
    second.outbox.wake();
    await time.until(() => second.events.delivered.length === 1);
    expect([...collector.stored.keys()]).toEqual([answer.id]);
  });

  it('resends a record whose request never answered, once its lease ends', async () => {
    collector.reply('hang');
    const first = open();
    const answer = response();
    await first.outbox.enqueue(answer);
    await time.until(() => collector.requests.length === 1);
    first.crash(); // the tab dies mid-request: nothing releases the lease
    const second = open();
    second.outbox.wake();
    await time.advance(limits.leaseMs - 1000);
    expect(collector.requests).toHaveLength(1);
    await time.until(() => second.events.delivered.length === 1);
    expect(collector.sentIds()).toEqual([answer.id, answer.id]);
    expect(await storedRecords()).toEqual([]);
  });

  it('resends a record the server stored before the tab died, and the endpoint keeps one', async () => {
    collector.reply('hang');
    const first = open();
    const answer = response();
    await first.outbox.enqueue(answer);
    await time.until(() => collector.requests.length === 1);
    collector.stored.set(answer.id, answer); // the server stored it…
    first.outbox.destroy(); // …but the tab died before the delete
    const second = open();
    second.outbox.wake();
    await time.until(() => second.events.delivered.length === 1);
    expect(collector.sentIds()).toEqual([answer.id, answer.id]);
    expect(collector.stored.size).toBe(1);
    expect(await storedRecords()).toEqual([]);
  });
});

describe('revisions', () => {
  it('sends a newer revision queued while the older was in flight, and the old ack keeps it', async () => {
    collector.reply('hang');
    const { outbox, events } = open();
    const first = response(1);
    await outbox.enqueue(first);
    await time.until(() => collector.requests.length === 1);
    const second = { ...first, revision: 2, comment: 'Great', complete: true };
    await outbox.enqueue(second);
    collector.releaseHangs(204);
    await time.until(() => events.delivered.length === 2);
    expect(collector.requests.map((r) => r.batch.responses[0]?.revision)).toEqual([1, 2]);
    expect(collector.stored.get(first.id)).toMatchObject({ revision: 2, comment: 'Great' });
    expect(await storedRecords()).toEqual([]);
  });

  it('keeps one record per id: a newer revision replaces the queued one', async () => {
    const { outbox } = open({ online: () => false });
    const first = response(1);
    await outbox.enqueue(first);
    await outbox.enqueue({ ...first, revision: 2 });
    await outbox.enqueue({ ...first, revision: 1 });
    expect(await storedRecords()).toMatchObject([{ id: first.id, revision: 2 }]);
  });
});

describe('tabs', () => {
  async function twoTabs(withLocks: boolean) {
    const locks = withLocks ? fakeLocks() : null;
    collector.reply(...Array.from({ length: 30 }, () => ({ status: 204 })));
    const slow = collector.fetch.getMockImplementation();
    const inFlight = new Map<string, number>();
    let overlap = false;
    const fetch = async (url: string, init: RequestInit) => {
      const ids = (JSON.parse(init.body as string).responses as { id: string }[]).map((r) => r.id);
      for (const id of ids) {
        if (inFlight.has(id)) overlap = true;
        inFlight.set(id, 1);
      }
      await new Promise((resolve) => time.timers.set(() => resolve(null), 500));
      try {
        return await (slow as typeof collector.fetch)(url, init);
      } finally {
        for (const id of ids) inFlight.delete(id);
      }
    };
    const a = open({ locks, fetch });
    const b = open({ locks, fetch });
    for (let i = 0; i < 5; i++) {
      await a.outbox.enqueue(response());
      await b.outbox.enqueue(response());
    }
    a.outbox.wake();
    b.outbox.wake();
    await time.until(() => collector.stored.size === 10);
    return { overlap };
  }

  it('never sends a record from two tabs at once, with Web Locks', async () => {
    expect((await twoTabs(true)).overlap).toBe(false);
  });

  it('never sends a record from two tabs at once, with leases alone', async () => {
    expect((await twoTabs(false)).overlap).toBe(false);
  });
});

describe('storage failures', () => {
  it('delivers from memory when IndexedDB is missing, and says so', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const { outbox, events } = open();
    await outbox.enqueue(response());
    expect((await outbox.status()).persistence).toBe('memory');
    expect(events.errors).toMatchObject([{ name: 'NotSupportedError' }]);
    await time.until(() => events.delivered.length === 1);
  });

  it('delivers from memory when merely reading indexedDB throws (sandboxed frames)', async () => {
    Object.defineProperty(globalThis, 'indexedDB', {
      configurable: true,
      get() {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    });
    try {
      const { outbox, events } = open();
      await outbox.enqueue(response());
      expect((await outbox.status()).persistence).toBe('memory');
      expect(events.errors).toMatchObject([{ name: 'SecurityError' }]);
      await time.until(() => events.delivered.length === 1);
    } finally {
      Object.defineProperty(globalThis, 'indexedDB', {
        configurable: true,
        writable: true,
        value: undefined,
      });
    }
  });

  it('retries when a host’s patched fetch throws synchronously, throwing nothing itself', async () => {
    let calls = 0;
    const { outbox, events } = open({
      fetch: (url, init) => {
        calls += 1;
        if (calls === 1) throw new TypeError('analytics wrapper broke');
        return collector.fetch(url, init);
      },
    });
    await expect(outbox.enqueue(response())).resolves.toBeUndefined();
    await time.until(() => events.delivered.length === 1);
    expect(calls).toBe(2);
  });

  it('switches to memory when opening IndexedDB never settles (3 s)', async () => {
    vi.stubGlobal('indexedDB', { open: () => ({}) });
    const { outbox, events } = open();
    const queued = outbox.enqueue(response());
    await time.advance(3000);
    await queued;
    expect((await outbox.status()).persistence).toBe('memory');
    expect(events.errors[0]).toMatchObject({ name: 'TimeoutError' });
    await time.until(() => events.delivered.length === 1);
  });

  it('switches to memory on InvalidStateError (private modes)', async () => {
    vi.stubGlobal('indexedDB', {
      open() {
        throw new DOMException('A mutation operation was attempted', 'InvalidStateError');
      },
    });
    const { outbox, events } = open();
    await outbox.enqueue(response());
    expect((await outbox.status()).persistence).toBe('memory');
    expect(events.errors[0]).toMatchObject({ name: 'InvalidStateError' });
    await time.until(() => events.delivered.length === 1);
  });

  it('keeps the answer in memory when a write fails with QuotaExceededError', async () => {
    const errors: unknown[] = [];
    const full = indexedDbStorage(() => {});
    const storage = resilientStorage(
      () => ({
        ...full,
        persistence: 'indexeddb' as const,
        all: () => full.all(),
        pausedUntil: () => full.pausedUntil(),
        pause: (until) => full.pause(until),
        update: () => Promise.reject(new DOMException('Quota exceeded', 'QuotaExceededError')),
        admit: () => Promise.reject(new DOMException('Quota exceeded', 'QuotaExceededError')),
      }),
      (error) => errors.push(error),
      time.timers,
    );
    const { outbox, events } = open({ storage });
    await outbox.enqueue(response());
    expect(storage.persistence).toBe('memory');
    expect(errors).toMatchObject([{ name: 'QuotaExceededError' }]);
    await time.until(() => events.delivered.length === 1);
  });

  it('reopens the connection when the browser closed it between operations', async () => {
    let opened = 0;
    const storage = indexedDbStorage(
      () => {},
      () => {
        opened += 1;
        const store = createStore('surveylet', 'outbox');
        let closed = opened === 1;
        return (mode, callback) => {
          if (closed && mode === 'readwrite') {
            closed = false;
            return Promise.reject(
              new DOMException('The database connection is closing.', 'InvalidStateError'),
            );
          }
          return store(mode, callback);
        };
      },
    );
    const { outbox, events } = open({ storage });
    await outbox.enqueue(response());
    await time.until(() => events.delivered.length === 1);
    expect(opened).toBe(2);
    expect(events.errors).toEqual([]);
  });

  it('skips and reports an unreadable record, delivering the rest', async () => {
    await set('r:garbage', { not: 'a record' }, createStore('surveylet', 'outbox'));
    const { outbox, events } = open();
    await outbox.enqueue(response());
    await time.until(() => events.delivered.length === 1);
    expect(events.errors).toHaveLength(1);
    expect(String(events.errors[0])).toContain('unreadable outbox record (r:garbage)');
  });
});

describe('limits', () => {
  it('refuses a response over 32 KiB at enqueue with a clear error', async () => {
    const { outbox, events } = open();
    const huge = response(2, 'x'.repeat(33 * 1024));
    await outbox.enqueue(huge);
    expect(events.failed).toMatchObject([{ reason: 'too-large', response: { id: huge.id } }]);
    expect(String(events.errors[0])).toMatch(/over the 32768-byte limit; shorten the comment/);
    expect(await storedRecords()).toEqual([]);
  });

  it('queues at most 10 responses a minute from one page', async () => {
    const { outbox, events } = open({ online: () => false });
    for (let i = 0; i < 11; i++) await outbox.enqueue(response());
    expect(events.queued).toHaveLength(10);
    expect(String(events.errors[0])).toContain('more than 10 answers a minute');
    await time.advance(60_000);
    await outbox.enqueue(response());
    expect(events.queued).toHaveLength(11);
  });

  it('expires a record after 7 days with a failed event', async () => {
    collector.always({ status: 503 });
    const { outbox, events } = open();
    const answer = response();
    await outbox.enqueue(answer);
    await time.until(() => events.failed.length === 1, 8 * 24 * 3600 * 1000, 15 * 60_000);
    expect(events.failed[0]).toMatchObject({ reason: 'expired', response: { id: answer.id } });
    expect(time.now() - start).toBeGreaterThanOrEqual(limits.maxAgeMs);
    expect(await storedRecords()).toEqual([]);
  });

  it('never evicts a pending record when the queue is full: the new one is sent from memory', async () => {
    for (let page = 0; page < 10; page++) {
      const { outbox } = open({ online: () => false });
      for (let i = 0; i < 10; i++) await outbox.enqueue(response());
      outbox.destroy();
      await time.advance(61_000);
    }
    expect(await storedRecords()).toHaveLength(100);
    const { outbox, events } = open({ online: () => true });
    const extra = response();
    await outbox.enqueue(extra);
    expect(await storedRecords()).toHaveLength(100);
    expect(events.queued.map((r) => r.id)).toEqual([extra.id]);
    await time.advance(10);
    expect(collector.sentIds()).toContain(extra.id);
  });

  it('makes room from dead records first when the queue is full', async () => {
    collector.reply({ status: 400 });
    const first = open();
    await first.outbox.enqueue(response());
    await time.until(() => first.events.failed.length === 1);
    first.outbox.destroy();
    for (let page = 0; page < 10; page++) {
      const { outbox } = open({ online: () => false });
      for (let i = 0; i < (page === 9 ? 9 : 10); i++) await outbox.enqueue(response());
      outbox.destroy();
      await time.advance(61_000);
    }
    expect(await storedRecords()).toHaveLength(100);
    const { outbox } = open({ online: () => false });
    const extra = response();
    await outbox.enqueue(extra);
    const ids = (await storedRecords()).map((r) => r.id);
    expect(ids).toHaveLength(100);
    expect(ids).toContain(extra.id);
    expect((await outbox.status()).dead).toBe(0);
  });
});

describe('page hide', () => {
  it('sends pending records with keepalive, at most 32 KiB, and deletes nothing', async () => {
    const { outbox } = open({ online: () => false });
    for (let i = 0; i < 3; i++) await outbox.enqueue(response(2, 'x'.repeat(12_000)));
    outbox.pageHide();
    expect(collector.requests).toHaveLength(1);
    const [request] = collector.requests;
    expect(request?.keepalive).toBe(true);
    expect(request?.batch.responses).toHaveLength(2);
    expect(new TextEncoder().encode(JSON.stringify(request?.batch)).length).toBeLessThanOrEqual(
      32 * 1024,
    );
    await time.idle();
    expect(await storedRecords()).toHaveLength(3);
  });

  it('sends once when visibilitychange and pagehide both fire', async () => {
    const { outbox } = open({ online: () => false });
    await outbox.enqueue(response());
    outbox.pageHide();
    outbox.pageHide();
    expect(collector.requests).toHaveLength(1);
  });

  it('falls back to sendBeacon with a text/plain blob where keepalive is missing', async () => {
    const beacons: Blob[] = [];
    const { outbox } = open({
      online: () => false,
      keepalive: false,
      sendBeacon: (_url, data) => {
        beacons.push(data);
        return true;
      },
    });
    const answer = response();
    await outbox.enqueue(answer);
    outbox.pageHide();
    expect(collector.requests).toHaveLength(0);
    expect(beacons[0]?.type).toBe('text/plain;charset=utf-8');
    expect(JSON.parse(await (beacons[0] as Blob).text())).toMatchObject({
      v: 1,
      responses: [{ id: answer.id }],
    });
  });

  it('keeps the record when sendBeacon refuses it, for the next page to send', async () => {
    const { outbox } = open({ online: () => false, keepalive: false, sendBeacon: () => false });
    await outbox.enqueue(response());
    outbox.pageHide();
    await time.idle();
    expect(await storedRecords()).toHaveLength(1);
    const next = open();
    next.outbox.wake();
    await time.until(() => next.events.delivered.length === 1);
  });

  it('falls back to sendBeacon when a patched fetch throws synchronously', async () => {
    const beacons: Blob[] = [];
    const { outbox, events } = open({
      online: () => false,
      fetch: () => {
        throw new TypeError('analytics wrapper broke');
      },
      sendBeacon: (_url, data) => beacons.push(data) > 0,
    });
    await outbox.enqueue(response());
    expect(() => outbox.pageHide()).not.toThrow();
    expect(beacons).toHaveLength(1);
    expect(events.errors).toEqual([]);
  });

  it('aborts the request in flight so no lock outlives the page, counting no attempt', async () => {
    collector.reply('hang');
    const { outbox } = open({ locks: fakeLocks() });
    await outbox.enqueue(response());
    await time.until(() => collector.requests.length === 1);
    outbox.pageHide();
    await time.idle();
    expect(await storedRecords()).toMatchObject([{ attempts: 0 }]);
    expect(time.pendingTimers()).toBe(0);
  });
});

describe('memory storage', () => {
  it('keeps records per page only', async () => {
    const storage = memoryStorage();
    await storage.update([['a', () => undefined]]);
    expect(await storage.all()).toEqual([]);
    expect(storage.persistence).toBe('memory');
  });
});
