import { fireEvent, waitFor } from '@testing-library/preact';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Batch } from '../../src/survey/types.js';
import { createSurveylet, type Surveylet } from '../../src/widget/surveylet.js';
import { inWidget, widgetRoot } from '../helpers.js';

// What a site owner notices when something is wrong: one console line saying
// what and what to do, and answers that are never lost for good.
let widget: Surveylet | undefined;
let warn: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  vi.stubGlobal('indexedDB', new IDBFactory());
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  document.documentElement.lang = 'en';
});
afterEach(() => {
  widget?.destroy();
  widget = undefined;
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

const endpoint = 'https://c.example/r';
const configUrl = 'https://shop.example.com/surveys.json';
const survey = { id: 'n', type: 'nps' as const, followUp: false as const };

/** An endpoint whose answer the test changes, recording the ids it stored. */
function switchable(status: number) {
  const stored: string[] = [];
  const endpoint = {
    status,
    stored,
    fetch: vi.fn(async (_url: string, init: RequestInit) => {
      const batch = JSON.parse(init.body as string) as Batch;
      if (endpoint.status < 300) stored.push(...batch.responses.map((r) => r.id));
      return new Response(null, { status: endpoint.status });
    }),
  };
  return endpoint;
}

const warnings = () => warn.mock.calls.map((call: unknown[]) => call[0]);

describe('an answer the endpoint refuses', () => {
  it('is named once in the console and delivered once by flush({ retryDead: true }) after the fix', async () => {
    const collector = switchable(404);
    widget = createSurveylet({ endpoint, surveys: [survey] }, { fetch: collector.fetch });
    await waitFor(() => widgetRoot());
    fireEvent.click(inWidget().getByRole('radio', { name: '9' }));
    await waitFor(async () => expect((await widget?.status())?.dead).toBe(1));
    await waitFor(() =>
      expect(warnings()).toEqual([
        'surveylet: 1 answer(s) refused (HTTP 404: no such address) are kept unsent. Fix endpoint https://c.example/r, then call flush({ retryDead: true })',
      ]),
    );

    collector.status = 204;
    await widget.flush();
    expect(collector.stored).toEqual([]);
    await widget.flush({ retryDead: true });
    expect(collector.stored).toHaveLength(1);
    expect(await widget.status()).toMatchObject({ pending: 0, dead: 0 });
    await widget.flush({ retryDead: true });
    expect(collector.fetch).toHaveBeenCalledTimes(2);
  });

  it('is named when the next page starts, with what to do', async () => {
    const collector = switchable(404);
    widget = createSurveylet({ endpoint, surveys: [survey] }, { fetch: collector.fetch });
    await waitFor(() => widgetRoot());
    fireEvent.click(inWidget().getByRole('radio', { name: '9' }));
    await waitFor(async () => expect((await widget?.status())?.dead).toBe(1));
    widget.destroy();
    warn.mockClear();
    const quiet = { ...survey, trigger: { event: 'never' } };
    widget = createSurveylet({ endpoint, surveys: [quiet] }, { fetch: collector.fetch });
    await waitFor(() => expect(warnings()).toHaveLength(1));
    expect(warnings()[0]).toBe(
      'surveylet: 1 answer(s) refused are kept unsent. Fix endpoint https://c.example/r, then call flush({ retryDead: true })',
    );
  });
});

/** A fetch serving `config` (a function: its reply) at configUrl and 204 elsewhere. */
function serving(config: () => Promise<Response>) {
  return vi.fn(async (url: string) =>
    url === configUrl ? config() : new Response(null, { status: 204 }),
  );
}

describe('a configUrl that cannot load', () => {
  it.each([
    ['answers 404', async () => new Response('nope', { status: 404 }), 'HTTP 404'],
    ['is not JSON', async () => new Response('<html>'), 'its body is not valid JSON'],
    [
      'is unreachable',
      async () => {
        throw new TypeError('Failed to fetch');
      },
      'Failed to fetch',
    ],
  ])(
    '%s: one warning with the cause and what is used meanwhile, once per page',
    async (_, reply, cause) => {
      const fetch = serving(reply);
      widget = createSurveylet({ endpoint, configUrl, surveys: [survey] }, { fetch });
      await waitFor(() => widgetRoot());
      expect(warnings()).toEqual([
        `surveylet: configUrl ${configUrl}: could not load (${cause}); using the inline config alone`,
      ]);
      widget.consent(false);
      widget.consent(true);
      await waitFor(() =>
        expect(fetch.mock.calls.filter(([u]) => u === configUrl)).toHaveLength(2),
      );
      await new Promise((r) => setTimeout(r, 20));
      expect(warnings()).toHaveLength(1);
    },
  );

  it('stays quiet on a network error when a good copy is kept, unless debug is on', async () => {
    const remote = { surveys: [{ ...survey, id: 'remote', trigger: { event: 'later' } }] };
    const eligible = async () => expect((await widget?.explain('remote'))?.eligible).toBe(true);
    widget = createSurveylet(
      { endpoint, configUrl },
      { fetch: serving(async () => new Response(JSON.stringify(remote))) },
    );
    await waitFor(eligible);
    widget.destroy();
    const offline = serving(async () => {
      throw new TypeError('Failed to fetch');
    });
    widget = createSurveylet({ endpoint, configUrl }, { fetch: offline });
    await waitFor(eligible);
    expect(warnings()).toEqual([]);
    widget.destroy();
    widget = createSurveylet({ endpoint, configUrl, debug: true }, { fetch: offline });
    await waitFor(() => expect(warnings()).toHaveLength(1));
    expect(warnings()[0]).toMatch(
      /^surveylet: configUrl .*: could not load \(Failed to fetch\); using the last good copy, saved /,
    );
  });
});

describe('explain() while configUrl loads', () => {
  it('answers loading for an id it may yet learn, and unknown once loaded', async () => {
    let answer: (response: Response) => void = () => {};
    const fetch = serving(() => new Promise((resolve) => (answer = resolve)));
    widget = createSurveylet({ endpoint, configUrl }, { fetch });
    expect((await widget.explain('remote')).reasons).toEqual([{ rule: 'loading' }]);
    const remote = { surveys: [{ ...survey, id: 'remote', trigger: { event: 'later' } }] };
    answer(new Response(JSON.stringify(remote)));
    await waitFor(async () =>
      expect((await widget?.explain('typo'))?.reasons).toEqual([{ rule: 'unknown' }]),
    );
    expect(await widget.explain('remote')).toMatchObject({ eligible: true });
  });
});
