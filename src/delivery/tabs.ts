/** Browser glue of the outbox: Web Locks and a note to the other tabs. */

/** The part of `navigator.locks` the outbox uses. */
export interface LockManagerLike {
  request(
    name: string,
    options: { ifAvailable: boolean },
    callback: (lock: unknown) => Promise<void>,
  ): Promise<unknown>;
}

/** A note to the other tabs of the origin (a `BroadcastChannel` by default). */
export interface TabChannel {
  post(message: 'enqueued' | 'paused'): void;
  listen(handler: (message: unknown) => void): () => void;
}

/** A `BroadcastChannel` between the tabs of the origin, where the browser has one. */
export function defaultChannel(): TabChannel | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const channel = new BroadcastChannel('surveylet-outbox');
  return {
    post: (message) => channel.postMessage(message),
    listen(handler) {
      const listener = (event: MessageEvent) => handler(event.data);
      channel.addEventListener('message', listener);
      return () => {
        channel.removeEventListener('message', listener);
        channel.close();
      };
    },
  };
}

/** `navigator.locks`, where the browser has it. */
export function browserLocks(): LockManagerLike | null {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? (locks as unknown as LockManagerLike) : null;
}
