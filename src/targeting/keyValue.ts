import { get, set, type UseStore, update } from 'idb-keyval';
import { fallingBack, idbStore } from '../delivery/fallback.js';
import type { Timers } from '../delivery/timers.js';

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
  timers?: Timers,
  timeoutMs?: number,
): KeyValue {
  const memory = new Map<string, unknown>();
  const [run] = fallingBack<UseStore | null>(
    () => idbStore(dbName, storeName),
    null,
    onFallback,
    timers,
    timeoutMs,
  );
  return {
    get: <T>(key: string) =>
      run(async (s) => (s ? get<T>(key, s) : (memory.get(key) as T | undefined))),
    set: (key, value) => run(async (s) => (s ? set(key, value, s) : void memory.set(key, value))),
    update: <T>(key: string, change: (current: T | undefined) => T) =>
      run(async (s) => {
        let next: T | undefined;
        if (s) await update<T>(key, (current) => (next = change(current)), s);
        else {
          next = change(memory.get(key) as T | undefined);
          memory.set(key, next);
        }
        return next as T;
      }),
  };
}
