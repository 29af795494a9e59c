// @vitest-environment node
// Pure code: no DOM, so nothing here passes on a global only happy-dom provides.
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { uuidv7 } from '../../src/delivery/uuid.js';
import type { SurveyDefinition } from '../../src/survey/types.js';
import type { Explanation } from '../../src/targeting/eligibility.js';
import { keyValue } from '../../src/targeting/keyValue.js';
import { createTargeting, type TargetingOptions } from '../../src/targeting/targeting.js';
import type { TriggerPage } from '../../src/targeting/triggers.js';
import { virtualTime } from '../delivery/outboxHarness.js';

const day = 24 * 3600 * 1000;
let time: ReturnType<typeof virtualTime>;

beforeEach(() => {
  vi.stubGlobal('indexedDB', new IDBFactory());
  time = virtualTime();
});
afterEach(() => vi.unstubAllGlobals());

function targeting(surveys: SurveyDefinition[], overrides: Partial<TargetingOptions> = {}) {
  const shown: string[] = [];
  const logs: Explanation[] = [];
  const made = createTargeting({
    surveys,
    store: keyValue('surveylet-visitor', 'state', (e) => {
      throw e;
    }),
    page: null,
    timers: time.timers,
    now: time.now,
    newId: () => uuidv7(time.now()),
    onScreen: () => null,
    preload: async () => {},
    prepare: async () => {},
    show: (id) => shown.push(id),
    log: (e) => logs.push(e),
    ...overrides,
  } as TargetingOptions);
  return { targeting: made, shown, logs };
}

describe('createTargeting', () => {
  it('keeps the visitor id across page loads', async () => {
    const first = targeting([]).targeting;
    await first.ready;
    const second = targeting([]).targeting;
    await second.ready;
    expect(second.visitorId()).toBe(first.visitorId());
  });

  it('lets only one of two tabs claim a survey', async () => {
    const surveys: SurveyDefinition[] = [{ id: 'nps', type: 'nps' }];
    const a = targeting(surveys).targeting;
    const b = targeting(surveys).targeting;
    await Promise.all([a.ready, b.ready]);
    const wins = await Promise.all([a.claim('nps', false), b.claim('nps', false)]);
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it('remembers an answer across page loads and explains when the survey may come back', async () => {
    const surveys: SurveyDefinition[] = [{ id: 'nps', type: 'nps', recontactDays: 30 }];
    const first = targeting(surveys).targeting;
    await first.ready;
    expect(await first.claim('nps', false)).toBe(true);
    await first.record('nps', 'answered');
    await first.record('nps', 'closed');
    await time.advance(20 * day);
    const later = targeting(surveys, { minDaysBetweenSurveys: 0 }).targeting;
    expect(await later.explain('nps')).toEqual({
      surveyId: 'nps',
      eligible: false,
      reasons: [{ rule: 'recontactDays', until: '2026-12-23' }],
    });
    await time.advance(10 * day);
    expect((await later.explain('nps')).eligible).toBe(true);
  });

  it('keeps renewing its claim while the survey is on screen, and lets it lapse within a minute after', async () => {
    const surveys: SurveyDefinition[] = [{ id: 'nps', type: 'nps' }];
    const a = targeting(surveys).targeting;
    await a.ready;
    expect(await a.claim('nps', false)).toBe(true);
    await time.advance(10 * 60 * 1000); // ten minutes on screen
    const b = targeting(surveys, { minDaysBetweenSurveys: 0 }).targeting;
    expect((await b.explain('nps')).reasons).toEqual([{ rule: 'onScreen', surveyId: 'nps' }]);
    a.stop(); // the page went away with the survey open
    await time.advance(61 * 1000);
    expect((await b.explain('nps')).reasons.map((r) => r.rule)).not.toContain('onScreen');
  });

  it('logs each decision once', async () => {
    const { targeting: made, logs } = targeting([{ id: 'nps', type: 'nps', sample: 0 }]);
    await made.ready;
    await made.claim('nps', false);
    await made.claim('nps', false);
    expect(logs).toHaveLength(1);
    expect(logs[0]?.reasons[0]).toMatchObject({ rule: 'sample', sample: 0 });
  });

  it('starts a new visitor with nothing remembered on reset', async () => {
    const { targeting: made } = targeting([{ id: 'nps', type: 'nps' }]);
    await made.ready;
    const before = made.visitorId();
    await made.claim('nps', false);
    await made.record('nps', 'answered');
    await time.advance(1);
    await made.reset();
    expect(made.visitorId()).not.toBe(before);
    expect((await made.explain('nps')).eligible).toBe(true);
    const reloaded = targeting([]).targeting;
    await reloaded.ready;
    expect(reloaded.visitorId()).toBe(made.visitorId());
  });

  it('matches the audience against identify() traits and track() properties', async () => {
    const surveys: SurveyDefinition[] = [
      { id: 'pro', type: 'nps', audience: { plan: { eq: 'pro' }, orders: { gte: 3 } } },
    ];
    const { targeting: made } = targeting(surveys);
    await made.ready;
    made.identify({ plan: 'pro' });
    made.track('order_placed', { orders: 2 });
    expect((await made.explain('pro')).reasons).toMatchObject([
      { rule: 'audience', trait: 'orders' },
    ]);
    made.track('order_placed', { orders: 3 });
    expect((await made.explain('pro')).eligible).toBe(true);
  });
});

/** The smallest page triggers can watch: events, a URL, no scrolling. */
function page(): TriggerPage {
  const document = Object.assign(new EventTarget(), { documentElement: { scrollHeight: 1000 } });
  return Object.assign(new EventTarget(), {
    location: { href: 'https://shop.example.com/' },
    scrollY: 0,
    innerHeight: 1000,
    document,
    history: {} as History,
  });
}

describe('the survey UI, asked for ahead of need', () => {
  const asked: SurveyDefinition[] = [{ id: 'nps', type: 'nps', trigger: { event: 'ask' } }];

  it('is preloaded when an eligible survey is armed, and not once it is answered', async () => {
    const first = vi.fn(async () => {});
    const made = targeting(asked, { page: page(), preload: first }).targeting;
    await made.ready;
    expect(first).toHaveBeenCalledTimes(1);
    await made.record('nps', 'answered');
    made.stop();

    const next = vi.fn(async () => {});
    const again = targeting(asked, { page: page(), preload: next }).targeting;
    await again.ready;
    expect(next).not.toHaveBeenCalled();
  });

  it('leaves the survey unclaimed, so still due, when the UI cannot be had', async () => {
    const shown: string[] = [];
    const made = targeting(asked, {
      page: page(),
      prepare: async () => {
        throw new Error('offline');
      },
      show: (id) => shown.push(id),
    }).targeting;
    await made.ready;
    made.track('ask');
    await time.advance(0);
    expect(shown).toEqual([]);
    expect((await made.explain('nps')).eligible).toBe(true);
  });
});
