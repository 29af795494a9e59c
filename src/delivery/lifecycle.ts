import type { Outbox } from './outbox.js';

/** The parts of `window` the outbox's triggers listen to. */
export interface PageLike {
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
  document: {
    readyState: string;
    visibilityState: string;
    addEventListener(type: string, listener: (event: Event) => void): void;
    removeEventListener(type: string, listener: (event: Event) => void): void;
  };
  requestIdleCallback?(callback: () => void, options: { timeout: number }): unknown;
  cancelIdleCallback?(handle: unknown): void;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Wires the outbox to the page: the first pass waits for `load`
 * and an idle moment (at most 5 s) so it never competes with the host's start-up;
 * `online`, a visible page and a `pageshow` from the back/forward cache start a
 * pass; `visibilitychange` → hidden and `pagehide` take the page-hide path. Never
 * `unload` or `beforeunload`, which would keep the page out of the bfcache.
 * Returns a function that removes every listener and timer it added.
 */
export function attachLifecycle(outbox: Outbox, page: PageLike): () => void {
  const listeners: [
    target: PageLike | PageLike['document'],
    type: string,
    listener: (e: Event) => void,
  ][] = [];
  const listen = (
    target: PageLike | PageLike['document'],
    type: string,
    listener: (e: Event) => void,
  ) => {
    target.addEventListener(type, listener);
    listeners.push([target, type, listener]);
  };
  let idle: unknown = null;
  let timeout: unknown = null;

  const firstPass = () => {
    if (page.requestIdleCallback)
      idle = page.requestIdleCallback(() => outbox.wake(), { timeout: 5000 });
    else timeout = page.setTimeout(() => outbox.wake(), 0);
  };
  // `load` fires once a document: its listener goes with the others.
  if (page.document.readyState === 'complete') firstPass();
  else listen(page, 'load', firstPass);

  listen(page, 'online', () => outbox.online());
  listen(page, 'pagehide', () => outbox.pageHide());
  listen(page, 'pageshow', (event) => {
    if ((event as PageTransitionEvent).persisted) outbox.wake();
  });
  listen(page.document, 'visibilitychange', () => {
    if (page.document.visibilityState === 'hidden') outbox.pageHide();
    else outbox.wake();
  });

  return () => {
    for (const [target, type, listener] of listeners) target.removeEventListener(type, listener);
    if (idle !== null) page.cancelIdleCallback?.(idle);
    if (timeout !== null) page.clearTimeout(timeout);
  };
}
