// The clock the outbox and the visitor store share (targeting may use this module, never
// the outbox itself: test/architecture.test.ts).

/** A timer source; the global `setTimeout` by default, looked up at call time. */
export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** The page's own timers. */
export const globalTimers: Timers = {
  set: (callback, ms) => globalThis.setTimeout(callback, ms),
  clear: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Rejects with a `TimeoutError` if `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, timers: Timers): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = timers.set(
      () => reject(new DOMException(`IndexedDB did not answer within ${ms} ms`, 'TimeoutError')),
      ms,
    );
    promise.then(resolve, reject).finally(() => timers.clear(timer));
  });
}
