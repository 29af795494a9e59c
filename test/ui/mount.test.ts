import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveLocale } from '../../src/survey/languages.js';
import { locales } from '../../src/survey/locales.js';
import { normalizeSurvey } from '../../src/survey/normalize.js';
import { wordingOf } from '../../src/survey/wording.js';
import { createFlow } from '../../src/ui/flow.js';
import { mountCard } from '../../src/ui/mount.js';

function mount(options: Parameters<typeof mountCard>[2] = {}) {
  const survey = normalizeSurvey({ id: 'n', type: 'nps' });
  const strings = locales.en;
  const flow = createFlow(
    survey,
    wordingOf(survey, strings, undefined),
    () => ({
      id: 'r',
      now: 0,
      locale: 'en',
      page: { url: '', referrer: '' },
      visitorId: 'v',
      user: null,
    }),
    { answered() {}, submitted() {}, closed() {} },
  );
  const host = document.createElement('div');
  document.body.append(host);
  const unmount = mountCard(host, { flow, strings, locale: resolveLocale(['en']) }, options);
  return { host, flow, unmount };
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('mountCard', () => {
  it('falls back to a <style> carrying the nonce where stylesheets cannot be constructed', () => {
    vi.stubGlobal('CSSStyleSheet', function CSSStyleSheet() {
      throw new TypeError('Illegal constructor');
    });
    const { host } = mount({ nonce: 'r4nd0m' });
    const style = host.shadowRoot?.querySelector('style');
    expect(style?.nonce).toBe('r4nd0m');
    expect(style?.textContent).toContain('.card{');
    expect(host.shadowRoot?.querySelector('.card')).not.toBeNull();
  });

  it('removes the card, and only the card, when unmounted', () => {
    const { host, unmount } = mount();
    unmount();
    expect(host.shadowRoot?.querySelector('.card')).toBeNull();
    expect(host.isConnected).toBe(true);
  });

  it('lifts the card above a phone keyboard while the respondent types', () => {
    const viewport = Object.assign(new EventTarget(), { height: window.innerHeight, offsetTop: 0 });
    vi.stubGlobal('visualViewport', viewport);
    const { host, flow } = mount();
    const card = host.shadowRoot?.querySelector('.card') as HTMLElement;
    flow.choose(9);
    return vi.waitFor(() => {
      expect(card.style.getPropertyValue('--sl-keyboard')).toBe('0px');
      viewport.height = window.innerHeight - 300;
      viewport.dispatchEvent(new Event('resize'));
      expect(card.style.getPropertyValue('--sl-keyboard')).toBe('300px');
    });
  });
});
