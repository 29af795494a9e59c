// IndexedDB held to a deadline, and the switch to memory when it fails: what the outbox
// and the visitor store (targeting/keyValue.ts) share. Targeting may use this module,
// never the outbox itself (test/architecture.test.ts).
import { createStore, type UseStore } from 'idb-keyval';
import { globalTimers, type Timers, withTimeout } from './timers.js';

/**
 * A store of idb-keyval's, here the outbox's own database and store. Reading `indexedDB`
 * can itself throw (a SecurityError in sandboxed frames), and it is missing or null where
 * disabled.
 */
export function idbStore(dbName = 'surveylet', storeName = 'outbox'): UseStore {
  if (globalThis.indexedDB == null) {
    throw new DOMException('IndexedDB is not available here', 'NotSupportedError');
  }
  return createStore(dbName, storeName);
}

/**
 * Runs each operation on `primary()` while it works, and on `memory` for the rest of the
 * page once it is missing, throws (private modes, quota) or does not answer within
 * `timeoutMs`. The error that caused the switch goes to `onFallback`, once. The outbox
 * and the visitor store (targeting/keyValue.ts) both fall back this way.
 */
export function fallingBack<S>(
  primary: () => S,
  memory: S,
  onFallback: (error: unknown) => void,
  timers: Timers = globalTimers,
  timeoutMs = 3000,
) {
  let active = memory;
  try {
    active = primary();
  } catch (error) {
    onFallback(error);
  }
  const run = async <T>(operation: (storage: S) => Promise<T>): Promise<T> => {
    if (active === memory) return operation(memory);
    try {
      return await withTimeout(operation(active), timeoutMs, timers);
    } catch (error) {
      if (active !== memory) {
        active = memory;
        onFallback(error);
      }
      return operation(memory);
    }
  };
  return [run, () => active] as const;
}
