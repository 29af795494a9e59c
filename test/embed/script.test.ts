import { fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inWidget, widgetRoot } from '../helpers.js';

type Queue = ((...args: unknown[]) => unknown) & { q?: unknown[][]; loaded?: boolean };
const page = window as unknown as { surveylet?: Queue };

function installStub() {
  // The command-queue snippet of README.md, as a host page pastes it.
  const stub: Queue = (...args: unknown[]) => {
    stub.q = stub.q ?? [];
    stub.q.push(args);
  };
  page.surveylet = stub;
  return stub;
}

async function loadScript() {
  vi.resetModules();
  await import('../../src/embed/bundle.js');
}

let posted: unknown[];
beforeEach(() => {
  posted = [];
  vi.spyOn(window, 'fetch').mockImplementation(async (_url, init) => {
    posted.push(JSON.parse(String(init?.body)));
    return new Response(null, { status: 204 });
  });
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterEach(() => {
  page.surveylet?.('destroy');
  delete page.surveylet;
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('script-tag entry', () => {
  it('replays the calls queued before it loaded, in order', async () => {
    const surveylet = installStub();
    const submitted = vi.fn();
    surveylet('init', {
      endpoint: 'https://collect.example.com/r',
      surveys: [{ id: 'later', type: 'csat', trigger: { event: 'paid' } }],
    });
    surveylet('identify', 'user-42', { plan: 'pro' });
    surveylet('on', 'submitted', submitted);
    surveylet('track', 'paid');
    await loadScript();

    // The tracked event shows the survey once the visitor state has been read.
    await waitFor(() => inWidget());
    fireEvent.click(inWidget().getByRole('radio', { name: '5, Very satisfied' }));
    fireEvent.click(inWidget().getByRole('button', { name: 'Send' }));
    expect(submitted).toHaveBeenCalledWith(
      expect.objectContaining({
        surveyId: 'later',
        user: { id: 'user-42', traits: { plan: 'pro' } },
      }),
    );
    await waitFor(() =>
      expect(posted.at(-1)).toMatchObject({ responses: [{ surveyId: 'later', revision: 2 }] }),
    );
  });

  it('keeps window.surveylet working with the same verbs after load', async () => {
    installStub();
    await loadScript();
    const surveylet = page.surveylet as Queue;
    expect(surveylet.loaded).toBe(true);
    surveylet('init', {
      endpoint: 'https://c.example/r',
      surveys: [{ id: 'n', type: 'nps', trigger: { event: 'x' } }],
    });
    surveylet('show', 'n');
    expect(widgetRoot()).toBeTruthy();
    surveylet('hide');
    expect(document.querySelector('[data-surveylet]')).toBeNull();
  });

  it('never throws into the page from a bad command', async () => {
    installStub();
    await loadScript();
    expect(() => page.surveylet?.('explode')).not.toThrow();
    expect(() => page.surveylet?.('init', null)).not.toThrow();
    expect(console.warn).toHaveBeenCalledTimes(2);
  });

  it('leaves the first copy in charge when the script is loaded twice', async () => {
    installStub();
    await loadScript();
    const first = page.surveylet;
    await loadScript();
    expect(page.surveylet).toBe(first);
  });

  it('defines the <surveylet-survey> custom element', async () => {
    await loadScript();
    expect(customElements.get('surveylet-survey')).toBeDefined();
  });

  describe('a script tag that cannot work', () => {
    const fromTag = async (attributes: Record<string, string>) => {
      const script = document.createElement('script');
      for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
      Object.defineProperty(document, 'currentScript', { value: script, configurable: true });
      try {
        await loadScript();
      } finally {
        Object.defineProperty(document, 'currentScript', { value: null, configurable: true });
      }
    };

    it('says so when it has survey attributes but no data-endpoint', async () => {
      await fromTag({ 'data-survey': 'nps', 'data-debug': '' });
      expect(console.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /^surveylet: no data-endpoint \(where answers go\) on the script tag, so nothing is shown$/,
        ),
      );
    });

    it('names a misspelt attribute and the one it meant', async () => {
      await fromTag({ 'data-endpont': 'https://c.example/r', 'data-survey': 'nps' });
      expect(console.warn).toHaveBeenCalledWith(
        'surveylet: data-endpont is not known, so it is ignored; did you mean "data-endpoint"?',
      );
      expect(console.warn).toHaveBeenCalledWith(expect.stringMatching(/no data-endpoint/));
    });

    it('stays quiet when the page initialises through the queue', async () => {
      installStub()('init', {
        endpoint: 'https://c.example/r',
        surveys: [{ id: 'n', type: 'nps' }],
      });
      await fromTag({ 'data-survey': 'nps' });
      expect(console.warn).not.toHaveBeenCalled();
    });
  });
});
