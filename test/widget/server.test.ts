// @vitest-environment node
// Server-side rendering imports the package in plain Node, where no DOM global exists.
// Under happy-dom a window is always there to fall back on, so this file runs in Node.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

/** Globals the runtime has that this file added itself (vitest's spies live elsewhere). */
function added(before: Set<PropertyKey>): PropertyKey[] {
  return Reflect.ownKeys(globalThis).filter((key) => !before.has(key));
}

let before: Set<PropertyKey>;

beforeAll(() => {
  // The premise: if a DOM crept in (a changed environment), the rest would prove nothing.
  expect(typeof window).toBe('undefined');
  expect(typeof document).toBe('undefined');
  expect(typeof customElements).toBe('undefined');
  before = new Set(Reflect.ownKeys(globalThis));
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('on the server, with no DOM at all', () => {
  it('imports every browser entry without touching a browser global, and defines none', async () => {
    // Imported here, not at the top, so a module that reads `window` at load fails this test.
    const api = await import('../../src/index.js');
    const preact = await import('../../src/preact.js');
    const element = await import('../../src/element.js');
    expect(typeof api.createSurveylet).toBe('function');
    expect(typeof preact.Survey).toBe('function');
    expect(element.surveyElementName).toBe('surveylet-survey');
    expect(added(before)).toEqual([]);
  });

  it('lets every method of createSurveylet be called, sending, storing and warning nothing', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch');
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    vi.useFakeTimers();
    const { createSurveylet } = await import('../../src/index.js');
    const widget = createSurveylet({
      // Relative, as a site's own collector usually is: there is no page URL to resolve it.
      endpoint: '/collect',
      surveys: [{ id: 'n', type: 'nps', trigger: { delayMs: 10 } }],
    });
    const shown = vi.fn();
    widget.on('shown', shown);
    widget.identify('u1', { plan: 'pro' });
    widget.consent(true);
    widget.show('n');
    widget.track('checkout');
    await vi.advanceTimersByTimeAsync(60_000);
    await widget.flush();
    expect(await widget.status()).toMatchObject({ pending: 0, dead: 0 });
    widget.reset();
    widget.destroy();

    expect(shown).not.toHaveBeenCalled();
    expect(fetch).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
    // Nothing left to run later, and nothing the next request's render would find.
    expect(vi.getTimerCount()).toBe(0);
    expect(added(before)).toEqual([]);
  });
});
