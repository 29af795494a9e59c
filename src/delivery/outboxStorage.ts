import { get, promisifyRequest, set, type UseStore } from 'idb-keyval';
import type { SurveyResponse } from '../survey/types.js';
import { fallingBack, idbStore } from './fallback.js';
import type { Change } from './record.js';
import { globalTimers, type Timers } from './timers.js';

/** One queued response and its delivery state, as stored. */
export interface OutboxRecord {
  v: 1;
  id: string;
  revision: number;
  response: SurveyResponse;
  /** Size of the serialized response in bytes. */
  bytes: number;
  /** When the first revision of this response was queued: expiry counts from here. */
  firstQueuedAt: number;
  /** Failed attempts of this revision. */
  attempts: number;
  nextAttemptAt: number;
  /** What the current wait is for; `online` cuts waits caused by the network only. */
  waitCause: 'network' | 'server' | null;
  /** A sender's claim on the record, so two tabs never send it at once. */
  leaseUntil: number;
  leaseOwner: string | null;
  /** Set when the endpoint refused the record; kept until expiry. */
  dead: { reason: 'rejected'; status: number; at: number } | null;
}

/** Where the outbox keeps its records; IndexedDB, or memory for this page. */
export interface OutboxStorage {
  readonly persistence: 'indexeddb' | 'memory';
  /** Every readable record; an unreadable one is skipped and reported, never thrown. */
  all(): Promise<OutboxRecord[]>;
  /**
   * Replaces each record of `id` with `change(current, count)` (`undefined` deletes it),
   * all in one transaction: a batch costs one write, and no other tab sees half of it.
   * `count` is how many keys the store holds, at least the records (for admission).
   * Resolves to what is stored afterwards, in order.
   */
  update(changes: [id: string, change: Change][]): Promise<(OutboxRecord | undefined)[]>;
  /** Until when every tab must send nothing (ms since epoch; 0 when not paused). */
  pausedUntil(): Promise<number>;
  pause(until: number): Promise<void>;
}

const recordPrefix = 'r:';
const pauseKey = 'm:pause';

function isRecord(value: unknown): value is OutboxRecord {
  const record = value as OutboxRecord | null;
  return (
    record?.v === 1 &&
    typeof record.id === 'string' &&
    typeof record.revision === 'number' &&
    typeof record.response === 'object' &&
    record.response !== null &&
    typeof record.firstQueuedAt === 'number' &&
    typeof record.nextAttemptAt === 'number'
  );
}

/** Records kept in a Map: memory mode, for this page only. */
export function memoryStorage(): OutboxStorage {
  const records = new Map<string, OutboxRecord>();
  let paused = 0;
  return {
    persistence: 'memory',
    all: async () => [...records.values()],
    update: async (changes) =>
      changes.map(([id, change]) => {
        const next = change(records.get(id), records.size);
        if (next) records.set(id, next);
        else records.delete(id);
        return next;
      }),
    pausedUntil: async () => paused,
    async pause(until) {
      paused = until;
    },
  };
}

/**
 * Records in IndexedDB through idb-keyval, in their own database and store
 * (`createStore('surveylet', 'outbox')`), never upgraded: readers skip what they
 * cannot read. A connection the browser closed between operations is reopened once.
 */
export function indexedDbStorage(
  onUnreadable: (key: IDBValidKey) => void,
  open: () => UseStore = idbStore,
): OutboxStorage {
  let store = open();
  const withStore = async <T>(operation: (store: UseStore) => Promise<T>): Promise<T> => {
    try {
      return await operation(store);
    } catch (error) {
      if ((error as DOMException)?.name !== 'InvalidStateError') throw error;
      store = open();
      return operation(store);
    }
  };
  return {
    persistence: 'indexeddb',
    all: () =>
      withStore(async (s) => {
        // Keys and values in one transaction (idb-keyval's `entries` also carries a
        // cursor fallback for browsers without getAll, which the widget does not support).
        const [keys, values] = await s('readonly', (objectStore) =>
          Promise.all([
            promisifyRequest(objectStore.getAllKeys()),
            promisifyRequest(objectStore.getAll()),
          ]),
        );
        const found: OutboxRecord[] = [];
        keys.forEach((key, i) => {
          if (typeof key !== 'string' || !key.startsWith(recordPrefix)) return;
          if (isRecord(values[i])) found.push(values[i]);
          else onUnreadable(key);
        });
        return found;
      }),
    update: (changes) =>
      withStore((s) =>
        s('readwrite', (objectStore) => {
          const stored: (OutboxRecord | undefined)[] = [];
          // Every key, the pause's too. Requests of a transaction succeed in order, so
          // the count is known when each record has been read.
          const count = objectStore.count();
          changes.forEach(([id, change], i) => {
            const key = recordPrefix + id;
            const request = objectStore.get(key);
            request.onsuccess = () => {
              const value = request.result;
              const next = change(isRecord(value) ? value : undefined, count.result);
              // An unchanged record is not written again.
              if (next !== value) {
                if (next) objectStore.put(next, key);
                else objectStore.delete(key);
              }
              stored[i] = next;
            };
          });
          return promisifyRequest(objectStore.transaction).then(() => stored);
        }),
      ),
    pausedUntil: () =>
      withStore(async (s) => {
        const value = await get(pauseKey, s);
        return typeof value === 'number' ? value : 0;
      }),
    pause: (until) => withStore((s) => set(pauseKey, until, s)),
  };
}

/** IndexedDB while it works, memory for the rest of the page after (see `fallingBack`). */
export function resilientStorage(
  primary: () => OutboxStorage,
  onFallback: (error: unknown) => void,
  timers?: Timers,
  timeoutMs?: number,
): OutboxStorage {
  const [run, active] = fallingBack(primary, memoryStorage(), onFallback, timers, timeoutMs);
  return {
    get persistence() {
      return active().persistence;
    },
    all: () => run((s) => s.all()),
    update: (changes) => run((s) => s.update(changes)),
    pausedUntil: () => run((s) => s.pausedUntil()),
    pause: (until) => run((s) => s.pause(until)),
  };
}

/**
 * The outbox's storage: the one given, else IndexedDB that falls back to memory. A record
 * it cannot read is reported once and skipped.
 */
export function openStorage(
  options: { storage?: OutboxStorage; timers?: Timers },
  report: (error: unknown) => void,
): OutboxStorage {
  const unreadable = new Set<IDBValidKey>();
  return (
    options.storage ??
    resilientStorage(
      () =>
        indexedDbStorage((key) => {
          if (unreadable.has(key)) return;
          unreadable.add(key);
          report(new Error(`surveylet: skipped an unreadable outbox record (${String(key)})`));
        }),
      report,
      options.timers ?? globalTimers,
    )
  );
}

/**
 * Deletes every answer this browser keeps for the site, waiting or refused, in one
 * transaction (`forget()`, or consent withdrawn). What an endpoint already has stays
 * there: the collector's `deleteRespondent` removes that.
 */
export async function forgetQueued(
  options: { storage?: OutboxStorage; timers?: Timers },
  report: (error: unknown) => void,
): Promise<void> {
  const storage = openStorage(options, report);
  const records = await storage.all();
  if (records[0]) await storage.update(records.map((r) => [r.id, () => undefined]));
}
