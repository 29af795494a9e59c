// @vitest-environment node
// Pure code: no DOM, so nothing here passes on a global only happy-dom provides.
import { describe, expect, it, vi } from 'vitest';
import { keyValue } from '../../src/targeting/keyValue.js';
import { loadRemoteConfig } from '../../src/targeting/remoteConfig.js';

const url = 'https://shop.example.com/surveys.json';
const origin = 'https://shop.example.com';
const good = { surveys: [{ id: 'nps', type: 'nps' }], brand: 'Acme' };

function memoryStore() {
  vi.stubGlobal('indexedDB', undefined);
  const store = keyValue('surveylet-visitor', 'state', () => {});
  vi.unstubAllGlobals();
  return store;
}

const answering = (status: number, body: string) => async () => new Response(body, { status });
const now = () => Date.UTC(2026, 10, 20, 9, 30);

describe('loadRemoteConfig', () => {
  it('uses a good config and keeps it as the last good copy', async () => {
    const store = memoryStore();
    const loaded = await loadRemoteConfig(
      url,
      origin,
      store,
      answering(200, JSON.stringify(good)),
      now,
    );
    expect(loaded).toEqual({ config: good, problems: [], transient: false });
    expect(await store.get(`config:${url}`)).toEqual({ savedAt: now(), body: good });
  });

  it.each([
    ['bad JSON', answering(200, '{ surveys: ['), 'its body is not valid JSON'],
    ['HTTP 500', answering(500, 'oops'), 'HTTP 500'],
    [
      'offline',
      async () => {
        throw new TypeError('Failed to fetch');
      },
      'Failed to fetch',
    ],
  ])(
    'falls back to the last good copy on %s, with one clear warning',
    async (_case, fetch, why) => {
      const store = memoryStore();
      await loadRemoteConfig(url, origin, store, answering(200, JSON.stringify(good)), now);
      const loaded = await loadRemoteConfig(url, origin, store, fetch, now);
      expect(loaded.config.surveys).toEqual(good.surveys);
      expect(loaded.problems).toEqual([
        `surveylet: configUrl ${url}: could not load (${why}); using the last good copy, saved 2026-11-20T09:30:00.000Z`,
      ]);
      // Only an endpoint that may recover by itself is transient; bad JSON is a mistake to fix.
      expect(loaded.transient).toBe(_case !== 'bad JSON');
    },
  );

  it('prefers the last good copy to a config with an invalid survey, naming the problem', async () => {
    const store = memoryStore();
    await loadRemoteConfig(url, origin, store, answering(200, JSON.stringify(good)), now);
    const typo = { surveys: [{ id: 'nps', type: 'npss' }] };
    const loaded = await loadRemoteConfig(
      url,
      origin,
      store,
      answering(200, JSON.stringify(typo)),
      now,
    );
    expect(loaded.config.surveys).toEqual(good.surveys);
    expect(loaded.problems[0]).toBe(
      `surveylet: configUrl ${url}: surveys[0].type must be "nps", "csat" or "ces" (got "npss")`,
    );
  });

  it('uses the valid part when no good copy is saved yet', async () => {
    const store = memoryStore();
    const mixed = {
      surveys: [
        { id: 'a', type: 'csat' },
        { id: 'b', type: 'npss' },
      ],
    };
    const loaded = await loadRemoteConfig(
      url,
      origin,
      store,
      answering(200, JSON.stringify(mixed)),
      now,
    );
    expect(loaded.config.surveys).toEqual([{ id: 'a', type: 'csat' }]);
    expect(loaded.problems.at(-1)).toBe(`surveylet: configUrl ${url}: using what is valid in it`);
  });
});
