import { fireEvent, waitFor } from '@testing-library/preact';
import { IDBFactory } from 'fake-indexeddb';
import { createStore, get, keys } from 'idb-keyval';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSurveylet, type Surveylet } from '../../src/widget/surveylet.js';
import { fakeEndpoint, inWidget, widgetRoot } from '../helpers.js';

let widget: Surveylet | undefined;
let factory: IDBFactory;

beforeEach(() => {
  factory = new IDBFactory();
  vi.stubGlobal('indexedDB', factory);
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  widget?.destroy();
  widget = undefined;
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

const endpoint = 'https://collect.example.com/r';

describe('consent', () => {
  it('stores, shows and sends nothing before consent(true)', async () => {
    const open = vi.spyOn(factory, 'open');
    const collector = fakeEndpoint();
    widget = createSurveylet(
      { endpoint, requireConsent: true, surveys: [{ id: 'n', type: 'nps', followUp: false }] },
      { fetch: collector.fetch },
    );
    widget.show('n');
    widget.track('anything');
    await new Promise((r) => setTimeout(r, 50));
    expect(open).not.toHaveBeenCalled();
    expect(collector.fetch).not.toHaveBeenCalled();
    expect(document.querySelector('[data-surveylet]')).toBeNull();
    expect(await widget.explain('n')).toEqual({
      surveyId: 'n',
      eligible: false,
      reasons: [{ rule: 'consent' }],
    });

    widget.consent(true);
    await waitFor(() => widgetRoot());
    expect(open).toHaveBeenCalled();
    fireEvent.click(inWidget().getByRole('radio', { name: '9' }));
    await waitFor(() => expect(collector.responses()).toHaveLength(1));
  });

  it('clears the visitor state and stops when consent is withdrawn', async () => {
    widget = createSurveylet(
      { endpoint, requireConsent: true, surveys: [{ id: 'n', type: 'nps', followUp: false }] },
      { fetch: fakeEndpoint().fetch },
    );
    widget.consent(true);
    await waitFor(() => widgetRoot());
    const store = createStore('surveylet-visitor', 'state');
    await waitFor(async () => expect(await get('visitor', store)).toMatchObject({ v: 1 }));
    widget.consent(false);
    expect(document.querySelector('[data-surveylet]')).toBeNull();
    await waitFor(async () => expect(await get('visitor', store)).toBeUndefined());
    widget.show('n');
    expect(document.querySelector('[data-surveylet]')).toBeNull();
  });
});

describe('forgetting what this browser keeps', () => {
  // An endpoint that never answers: the answer waits in the outbox.
  const hanging = () => new Promise<Response>(() => {});
  const queuedKeys = async () =>
    (await keys(createStore('surveylet', 'outbox'))).filter((k) => String(k).startsWith('r:'));
  const answerOne = async () => {
    await waitFor(() => widgetRoot());
    fireEvent.click(inWidget().getByRole('radio', { name: '9' }));
    await waitFor(async () => expect(await queuedKeys()).toHaveLength(1));
  };

  it('deletes the answers waiting to be sent when consent is withdrawn', async () => {
    widget = createSurveylet(
      { endpoint, requireConsent: true, surveys: [{ id: 'n', type: 'nps', followUp: false }] },
      { fetch: hanging },
    );
    widget.consent(true);
    widget.show('n');
    await answerOne();
    widget.consent(false);
    await waitFor(async () => expect(await queuedKeys()).toEqual([]));
    // Nothing is left for a later page to send.
    const later = fakeEndpoint();
    widget.destroy();
    widget = createSurveylet({ endpoint, surveys: [] }, { fetch: later.fetch });
    await widget.flush();
    expect(later.responses()).toEqual([]);
  });

  it('forget() deletes waiting answers and the visitor, then starts a new visitor', async () => {
    widget = createSurveylet(
      { endpoint, surveys: [{ id: 'n', type: 'nps', followUp: false }] },
      { fetch: hanging },
    );
    widget.show('n');
    await answerOne();
    const store = createStore('surveylet-visitor', 'state');
    const before = (await get('visitor', store)) as { visitorId: string };
    expect(await widget.status()).toMatchObject({ pending: 1 });
    await widget.forget();
    expect(await queuedKeys()).toEqual([]);
    expect(await widget.status()).toMatchObject({ pending: 0 });
    await waitFor(async () =>
      expect(await get('visitor', store)).toMatchObject({ visitorId: expect.any(String) }),
    );
    expect(((await get('visitor', store)) as { visitorId: string }).visitorId).not.toBe(
      before.visitorId,
    );
    widget.show('n');
    await waitFor(() => widgetRoot());
  });
});

describe('explain for a survey that is not there', () => {
  it('tells a survey dropped for a bad field from an id that was never configured', async () => {
    const collector = fakeEndpoint();
    widget = createSurveylet(
      {
        endpoint,
        surveys: [
          { id: 'ok', type: 'nps', trigger: { event: 'never' } },
          { id: 'broken', type: 'nps', sample: 2 },
        ],
      },
      { fetch: collector.fetch },
    );
    const broken = await widget.explain('broken');
    expect(broken.eligible).toBe(false);
    expect(broken.reasons).toEqual([
      { rule: 'invalid', problems: [expect.stringContaining('surveys[1].sample')] },
    ]);
    expect(await widget.explain('typo')).toEqual({
      surveyId: 'typo',
      eligible: false,
      reasons: [{ rule: 'unknown' }],
    });
  });
});

describe('frequency and explain', () => {
  it('does not ask again after an answer, and explains until when', async () => {
    const surveys = [
      { id: 'n', type: 'nps' as const, followUp: false as const, recontactDays: 30 },
    ];
    widget = createSurveylet({ endpoint, surveys }, { fetch: fakeEndpoint().fetch });
    await waitFor(() => widgetRoot());
    fireEvent.click(inWidget().getByRole('radio', { name: '9' }));
    widget.hide();
    widget.destroy();

    const reload = createSurveylet(
      { endpoint, surveys, minDaysBetweenSurveys: 0 },
      { fetch: fakeEndpoint().fetch },
    );
    widget = reload;
    await waitFor(async () =>
      expect((await reload.explain('n')).reasons[0]?.rule).toBe('recontactDays'),
    );
    await new Promise((r) => setTimeout(r, 30));
    expect(document.querySelector('[data-surveylet]')).toBeNull();
  });

  it('logs why a survey was not shown, once, with debug', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    widget = createSurveylet(
      { endpoint, debug: true, surveys: [{ id: 'n', type: 'nps', sample: 0 }] },
      { fetch: fakeEndpoint().fetch },
    );
    await waitFor(() => expect(info).toHaveBeenCalled());
    expect(info).toHaveBeenCalledTimes(1);
    expect(info.mock.calls[0]?.[0]).toMatch(
      /^surveylet: "n" not shown: \{"rule":"sample","sample":0,"roll":/,
    );
  });

  it('shows to the audience it names, from identify() traits and track() properties', async () => {
    widget = createSurveylet(
      {
        endpoint,
        surveys: [
          {
            id: 'pro-nps',
            type: 'nps',
            trigger: { event: 'order_placed' },
            audience: { plan: { eq: 'pro' }, orders: { gte: 3 } },
          },
        ],
      },
      { fetch: fakeEndpoint().fetch },
    );
    widget.identify('user-1', { plan: 'pro' });
    widget.track('order_placed', { orders: 2 });
    await new Promise((r) => setTimeout(r, 30));
    expect(document.querySelector('[data-surveylet]')).toBeNull();
    widget.destroy();
    widget = createSurveylet(
      {
        endpoint,
        surveys: [
          {
            id: 'pro-nps',
            type: 'nps',
            trigger: { event: 'order_placed' },
            audience: { plan: { eq: 'pro' }, orders: { gte: 3 } },
          },
        ],
      },
      { fetch: fakeEndpoint().fetch },
    );
    widget.identify('user-1', { plan: 'pro' });
    widget.track('order_placed', { orders: 3 });
    await waitFor(() => widgetRoot());
  });
});

describe('personal wording', () => {
  it('fills {trait|fallback} placeholders as text', async () => {
    const question = 'Hi {firstName|there}, how likely are you to recommend us?';
    widget = createSurveylet(
      { endpoint, surveys: [{ id: 'n', type: 'nps', question, trigger: { event: 'ask' } }] },
      { fetch: fakeEndpoint().fetch },
    );
    widget.identify('u1', { firstName: '<b>Ana</b>' });
    widget.show('n');
    expect(inWidget().getByText('Hi <b>Ana</b>, how likely are you to recommend us?')).toBeTruthy();
    expect(widgetRoot().querySelector('b')).toBeNull();
    widget.reset();
    widget.show('n');
    expect(inWidget().getByText('Hi there, how likely are you to recommend us?')).toBeTruthy();
  });
});

describe('remote config', () => {
  it('shows the surveys configUrl defines, with the inline endpoint', async () => {
    const collector = fakeEndpoint();
    const fetch = vi.fn(async (url: string, init: RequestInit) =>
      url.endsWith('/surveys.json')
        ? new Response(
            JSON.stringify({ surveys: [{ id: 'remote', type: 'csat', followUp: false }] }),
          )
        : collector.fetch(url, init),
    );
    widget = createSurveylet(
      { endpoint, configUrl: 'https://shop.example.com/surveys.json' },
      { fetch },
    );
    await waitFor(() => widgetRoot());
    fireEvent.click(inWidget().getByRole('radio', { name: '5, Very satisfied' }));
    await waitFor(() => expect(collector.responses()[0]?.surveyId).toBe('remote'));
  });
});

describe('one survey at a time', () => {
  it('shows the first of several surveys due at once, in config order', async () => {
    widget = createSurveylet(
      {
        endpoint,
        minDaysBetweenSurveys: 0,
        surveys: [
          { id: 'first', type: 'csat' },
          { id: 'second', type: 'nps' },
        ],
      },
      { fetch: fakeEndpoint().fetch },
    );
    await waitFor(() => widgetRoot());
    await new Promise((r) => setTimeout(r, 50));
    expect(document.querySelectorAll('[data-surveylet]')).toHaveLength(1);
    expect(inWidget().getAllByRole('radio')).toHaveLength(5);
  });
});
