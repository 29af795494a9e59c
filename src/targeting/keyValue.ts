import { createStore, get, set, update } from 'idb-keyval';
import { globalTimers, type Timers, withTimeout } from '../delivery/timers.js';

/** A small key-value store: IndexedDB while it works, memory for the rest of the page. */
export interface KeyValue {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  /** Atomically replaces the value of `key` with `change(current)`. */
  update<T>(key: string, change: (current: T | undefined) => T): Promise<T>;
}

/**
 * Opens `dbName`/`storeName` through idb-keyval. IndexedDB missing, throwing or
 * silent for `timeoutMs` switches to memory, once, reporting the error; never
 * localStorage or cookies.
 */
export function keyValue(
  dbName: string,
  storeName: string,
  onFallback: (error: unknown) => void,
  timers: Timers = globalTimers,
  timeoutMs = 3000,
): KeyValue {
  const memory = new Map<string, unknown>();
  let store: ReturnType<typeof createStore> | null = null;
  try {
    if (globalThis.indexedDB == null)
      throw new DOMException('IndexedDB is not available here', 'NotSupportedError');
    store = createStore(dbName, storeName);
  } catch (error) {
    onFallback(error);
  }
  const run = async <T>(
    persistent: (s: NonNullable<typeof store>) => Promise<T>,
    inMemory: () => T,
  ) => {
    if (!store) return inMemory();
    try {
      return await withTimeout(persistent(store), timeoutMs, timers);
    } catch (error) {
      if (store) {
        store = null;
        onFallback(error);
      }
      return inMemory();
    }
  };
  return {
    get: <T>(key: string) =>
      run(
        (s) => get<T>(key, s),
        () => memory.get(key) as T | undefined,
      ),
    set: (key, value) =>
      run(
        (s) => set(key, value, s),
        () => {
          memory.set(key, value);
        },
      ),
    update: <T>(key: string, change: (current: T | undefined) => T) =>
      run(
        async (s) => {
          let next: T | undefined;
          await update<T>(key, (current) => (next = change(current)), s);
          return next as T;
        },
        () => {
          const next = change(memory.get(key) as T | undefined);
          memory.set(key, next);
          return next;
        },
      ),
  };
}
