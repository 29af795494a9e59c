import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configFromScript } from '../../src/embed/scriptConfig.js';

function scriptTag(attributes: Record<string, string>): HTMLScriptElement {
  const script = document.createElement('script');
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
  return script;
}

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

describe('configFromScript', () => {
  it('reads every data-* attribute into a config with a built-in survey', () => {
    const config = configFromScript(
      scriptTag({
        'data-endpoint': 'https://c.example/r',
        'data-survey': 'csat',
        'data-position': 'top-left',
        'data-locale': 'fr',
        'data-delay': '5000',
        'data-brand': 'Acme',
        'data-debug': '',
      }),
    );
    expect(config).toEqual({
      endpoint: 'https://c.example/r',
      locale: 'fr',
      brand: 'Acme',
      debug: true,
      surveys: [{ id: 'csat', type: 'csat', position: 'top-left', trigger: { delayMs: 5000 } }],
    });
  });

  it('reads data-config as the remote config URL', () => {
    expect(configFromScript(scriptTag({ 'data-config': '/surveys.json' }))).toEqual({
      configUrl: '/surveys.json',
    });
  });

  it('is null for a plain tag: the page uses the command queue', () => {
    expect(configFromScript(scriptTag({ src: 'surveylet.js' }))).toBeNull();
  });

  it.each([
    [
      { 'data-survey': 'npss' },
      'surveylet: data-survey must be "nps", "csat" or "ces" (got "npss")',
    ],
    [
      { 'data-survey': 'nps', 'data-position': 'middle' },
      'surveylet: data-position must be "bottom-right", "bottom-left", "top-right", "top-left" or "center" (got "middle")',
    ],
    [
      { 'data-survey': 'nps', 'data-delay': '5s' },
      'surveylet: data-delay must be a number of milliseconds, like "5000" (got "5s")',
    ],
  ])('warns by attribute name about %j', (attributes, message) => {
    configFromScript(scriptTag({ 'data-endpoint': 'https://c.example/r', ...attributes }));
    expect(warn).toHaveBeenCalledWith(message);
  });
});
