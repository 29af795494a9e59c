import { describe, expect, it, vi } from 'vitest';
import { attachLifecycle, type PageLike } from '../../src/delivery/lifecycle.js';
import type { Outbox } from '../../src/delivery/outbox.js';

function fakePage(readyState = 'loading') {
  const page = new EventTarget() as EventTarget & PageLike;
  const document = Object.assign(new EventTarget(), { readyState, visibilityState: 'visible' });
  const idle: (() => void)[] = [];
  Object.assign(page, {
    document,
    requestIdleCallback: vi.fn((callback: () => void) => idle.push(callback)),
    cancelIdleCallback: vi.fn(),
    setTimeout: vi.fn(),
    clearTimeout: vi.fn(),
  });
  const added: string[] = [];
  for (const target of [page, document]) {
    const add = target.addEventListener.bind(target);
    target.addEventListener = (
      type: string,
      listener: EventListenerOrEventListenerObject | null,
    ) => {
      added.push(type);
      add(type, listener);
    };
  }
  return { page, document, idle, added };
}

function fakeOutbox() {
  return {
    wake: vi.fn(),
    online: vi.fn(),
    pageHide: vi.fn(),
  } as unknown as Outbox & Record<'wake' | 'online' | 'pageHide', ReturnType<typeof vi.fn>>;
}

describe('attachLifecycle', () => {
  it('runs the first pass after load and an idle moment of at most 5 s', () => {
    const { page, idle } = fakePage('interactive');
    const outbox = fakeOutbox();
    attachLifecycle(outbox, page);
    expect(page.requestIdleCallback).not.toHaveBeenCalled();
    page.dispatchEvent(new Event('load'));
    expect(page.requestIdleCallback).toHaveBeenCalledWith(expect.any(Function), { timeout: 5000 });
    expect(outbox.wake).not.toHaveBeenCalled();
    idle[0]?.();
    expect(outbox.wake).toHaveBeenCalledTimes(1);
  });

  it('waits only for idle when the page has loaded already', () => {
    const { page, idle } = fakePage('complete');
    const outbox = fakeOutbox();
    attachLifecycle(outbox, page);
    idle[0]?.();
    expect(outbox.wake).toHaveBeenCalledTimes(1);
  });

  it('sends on online, visible and a pageshow from the bfcache; takes the page-hide path on hidden and pagehide', () => {
    const { page, document } = fakePage('complete');
    const outbox = fakeOutbox();
    attachLifecycle(outbox, page);
    page.dispatchEvent(new Event('online'));
    expect(outbox.online).toHaveBeenCalledTimes(1);
    document.visibilityState = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
    page.dispatchEvent(new Event('pagehide'));
    expect(outbox.pageHide).toHaveBeenCalledTimes(2);
    document.visibilityState = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    page.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    page.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: false }));
    expect(outbox.wake).toHaveBeenCalledTimes(2);
  });

  it('never listens to unload or beforeunload', () => {
    const { page, added } = fakePage();
    attachLifecycle(fakeOutbox(), page);
    expect(added).not.toContain('unload');
    expect(added).not.toContain('beforeunload');
    expect(added.sort()).toEqual(['load', 'online', 'pagehide', 'pageshow', 'visibilitychange']);
  });

  it('removes every listener and the idle callback when detached', () => {
    const { page, document, idle } = fakePage('complete');
    const outbox = fakeOutbox();
    const detach = attachLifecycle(outbox, page);
    detach();
    expect(page.cancelIdleCallback).toHaveBeenCalled();
    page.dispatchEvent(new Event('online'));
    page.dispatchEvent(new Event('pagehide'));
    document.dispatchEvent(new Event('visibilitychange'));
    expect(outbox.online).not.toHaveBeenCalled();
    expect(outbox.pageHide).not.toHaveBeenCalled();
    expect(idle).toHaveLength(1);
  });
});
