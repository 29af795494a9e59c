// @vitest-environment node
// Pure code: no DOM, so nothing here passes on a global only happy-dom provides.
import { describe, expect, it, vi } from 'vitest';
import type { SurveyDefinition } from '../../src/survey/types.js';
import { type TriggerPage, watchTriggers } from '../../src/targeting/triggers.js';
import { virtualTime } from '../delivery/outboxHarness.js';

/** A page: a window-like EventTarget with a document, a history and a scroll position. */
function fakePage({ desktop = true, navigation = false, href = 'https://shop.example.com/' } = {}) {
  const document = Object.assign(new EventTarget(), { documentElement: { scrollHeight: 3000 } });
  const location = { href };
  const history = {
    pushState(_state: unknown, _title: string, url?: string | URL | null) {
      if (url) location.href = new URL(String(url), location.href).href;
    },
    replaceState(_state: unknown, _title: string, url?: string | URL | null) {
      if (url) location.href = new URL(String(url), location.href).href;
    },
  } as unknown as History;
  const page = Object.assign(new EventTarget(), {
    location,
    scrollY: 0,
    innerHeight: 1000,
    document,
    history,
    matchMedia: (query: string) => ({ matches: desktop && query.includes('pointer: fine') }),
    navigation: navigation ? new EventTarget() : undefined,
  });
  return page as typeof page & TriggerPage;
}

function watch(surveys: SurveyDefinition[], page = fakePage()) {
  const time = virtualTime();
  const fired: string[] = [];
  // Which surveys each arming (page view, navigation) armed, by id.
  const armed: string[][] = [];
  const triggers = watchTriggers(
    surveys,
    page,
    time.timers,
    (id) => fired.push(id),
    (now) => armed.push(now.map((s) => s.id)),
  );
  return { time, fired, armed, triggers, page };
}

describe('watchTriggers', () => {
  it('fires a survey without trigger on page view', async () => {
    const { fired, time } = watch([{ id: 'nps', type: 'nps' }]);
    await time.advance(0);
    expect(fired).toEqual(['nps']);
  });

  it('waits delayMs, and then runs no timer at all', async () => {
    const { fired, time } = watch([{ id: 'nps', type: 'nps', trigger: { delayMs: 5000 } }]);
    await time.advance(4999);
    expect(fired).toEqual([]);
    await time.advance(1);
    expect(fired).toEqual(['nps']);
    expect(time.pendingTimers()).toBe(0);
  });

  it('fires on scrolling past scrollPercent, listening only until then', async () => {
    const page = fakePage();
    const remove = vi.spyOn(page, 'removeEventListener');
    const { fired, time } = watch(
      [{ id: 'nps', type: 'nps', trigger: { scrollPercent: 50 } }],
      page,
    );
    page.scrollY = 400; // (400 + 1000) / 3000 = 47 %
    page.dispatchEvent(new Event('scroll'));
    await time.advance(0);
    expect(fired).toEqual([]);
    page.scrollY = 600;
    page.dispatchEvent(new Event('scroll'));
    await time.advance(0);
    expect(fired).toEqual(['nps']);
    expect(remove).toHaveBeenCalledWith('scroll', expect.any(Function));
  });

  it('fires at once when the page is too short to scroll', async () => {
    const page = fakePage();
    page.document.documentElement.scrollHeight = 800;
    const { fired, time } = watch(
      [{ id: 'nps', type: 'nps', trigger: { scrollPercent: 90 } }],
      page,
    );
    await time.advance(0);
    expect(fired).toEqual(['nps']);
  });

  it('fires on exit intent when the pointer leaves through the top edge on desktop', async () => {
    const { fired, time, page } = watch([
      { id: 'nps', type: 'nps', trigger: { exitIntent: true } },
    ]);
    page.document.dispatchEvent(
      Object.assign(new Event('mouseout'), { relatedTarget: null, clientY: 300 }),
    );
    await time.advance(0);
    expect(fired).toEqual([]);
    page.document.dispatchEvent(
      Object.assign(new Event('mouseout'), { relatedTarget: null, clientY: -2 }),
    );
    await time.advance(0);
    expect(fired).toEqual(['nps']);
  });

  it('never uses exit intent on touch devices', async () => {
    const page = fakePage({ desktop: false });
    const { fired, time } = watch(
      [{ id: 'nps', type: 'nps', trigger: { exitIntent: true } }],
      page,
    );
    page.document.dispatchEvent(
      Object.assign(new Event('mouseout'), { relatedTarget: null, clientY: -2 }),
    );
    await time.advance(0);
    expect(fired).toEqual([]);
  });

  it('fires on the host event named by track()', async () => {
    const { fired, time, triggers } = watch([
      { id: 'csat', type: 'csat', trigger: { event: 'checkout_completed', delayMs: 1000 } },
    ]);
    triggers.track('page_viewed');
    triggers.track('checkout_completed');
    await time.advance(999);
    expect(fired).toEqual([]);
    await time.advance(1);
    expect(fired).toEqual(['csat']);
  });

  it('arms surveys by URL and re-arms them on pushState and popstate', async () => {
    const page = fakePage({ href: 'https://shop.example.com/' });
    const { fired, armed, time } = watch(
      [{ id: 'nps', type: 'nps', trigger: { urls: { include: ['/checkout/*'] } } }],
      page,
    );
    await time.advance(0);
    expect(fired).toEqual([]);
    expect(armed).toEqual([[]]);
    page.history.pushState({}, '', '/checkout/done');
    await time.advance(0);
    expect(fired).toEqual(['nps']);
    expect(armed).toEqual([[], ['nps']]);
    page.location.href = 'https://shop.example.com/';
    page.dispatchEvent(new Event('popstate'));
    page.location.href = 'https://shop.example.com/checkout/again';
    page.dispatchEvent(new Event('popstate'));
    await time.advance(0);
    expect(fired).toEqual(['nps', 'nps']);
  });

  it('uses the Navigation API where present, leaving the History API alone', async () => {
    const page = fakePage({ navigation: true, href: 'https://shop.example.com/' });
    const pushState = page.history.pushState;
    const { fired, time } = watch(
      [{ id: 'nps', type: 'nps', trigger: { urls: { exclude: ['/admin*'] } } }],
      page,
    );
    expect(page.history.pushState).toBe(pushState);
    await time.advance(0);
    page.location.href = 'https://shop.example.com/admin';
    page.navigation?.dispatchEvent(new Event('navigatesuccess'));
    page.location.href = 'https://shop.example.com/shop';
    page.navigation?.dispatchEvent(new Event('navigatesuccess'));
    await time.advance(0);
    expect(fired).toEqual(['nps', 'nps']);
  });

  it('cancels a pending delay when the page navigates away from the URL', async () => {
    const page = fakePage({ href: 'https://shop.example.com/checkout/' });
    const { fired, time } = watch(
      [{ id: 'nps', type: 'nps', trigger: { delayMs: 5000, urls: { include: ['/checkout/*'] } } }],
      page,
    );
    await time.advance(1000);
    page.history.pushState({}, '', '/home');
    await time.advance(10_000);
    expect(fired).toEqual([]);
  });

  it('removes every listener and timer, and unwraps the History API, on stop', async () => {
    const page = fakePage();
    const original = page.history.pushState;
    const add = vi.spyOn(page, 'addEventListener');
    const remove = vi.spyOn(page, 'removeEventListener');
    const { triggers, time, fired } = watch(
      [
        { id: 'a', type: 'nps', trigger: { scrollPercent: 80, urls: { include: ['/*'] } } },
        { id: 'b', type: 'nps', trigger: { delayMs: 3000 } },
      ],
      page,
    );
    expect(page.history.pushState).not.toBe(original);
    triggers.stop();
    expect(page.history.pushState).toBe(original);
    expect(remove.mock.calls.map(([type]) => type).sort()).toEqual(
      add.mock.calls.map(([type]) => type).sort(),
    );
    await time.advance(10_000);
    expect(fired).toEqual([]);
    expect(time.pendingTimers()).toBe(0);
  });

  it('leaves a wrapper added after its own in place on stop', () => {
    const page = fakePage();
    const { triggers } = watch(
      [{ id: 'a', type: 'nps', trigger: { urls: { include: ['/*'] } } }],
      page,
    );
    const theirs = () => {};
    page.history.pushState = theirs;
    triggers.stop();
    expect(page.history.pushState).toBe(theirs);
  });
});
