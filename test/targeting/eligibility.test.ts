// @vitest-environment node
// Pure code: no DOM, so nothing here passes on a global only happy-dom provides.
import { describe, expect, it } from 'vitest';
import type { SurveyDefinition } from '../../src/survey/types.js';
import {
  type DecisionContext,
  explain,
  matchesRule,
  sampleRoll,
} from '../../src/targeting/eligibility.js';
import { newVisitor, type VisitorState } from '../../src/targeting/visitor.js';

const day = 24 * 3600 * 1000;
const now = Date.UTC(2026, 10, 23, 12);
const context: DecisionContext = {
  now,
  url: 'https://shop.example.com/checkout/done',
  traits: {},
  consented: true,
  minDaysBetweenSurveys: 14,
  onScreen: null,
};
const nps: SurveyDefinition = { id: 'nps', type: 'nps' };

function visitor(change: Partial<VisitorState> = {}): VisitorState {
  return { ...newVisitor('visitor-1'), ...change };
}

describe('sampleRoll', () => {
  it('is the same for a visitor and survey on every call (sticky across reloads)', () => {
    expect(sampleRoll('v-1', 'nps')).toBe(sampleRoll('v-1', 'nps'));
    expect(sampleRoll('v-1', 'nps')).not.toBe(sampleRoll('v-1', 'csat'));
  });

  it.each([0.1, 0.25, 0.5, 0.9])('lets %s of 10,000 visitor ids in, within ±2 %%', (rate) => {
    let inside = 0;
    for (let i = 0; i < 10_000; i++) {
      if (sampleRoll(`01936c1e-7c4a-7d1e-9a0b-${String(i).padStart(12, '0')}`, 'nps') < rate)
        inside++;
    }
    expect(Math.abs(inside / 10_000 - rate)).toBeLessThanOrEqual(0.02);
  });
});

describe('explain', () => {
  it('lets a new visitor see a survey with no rules', () => {
    expect(explain(nps, visitor(), context)).toEqual({
      surveyId: 'nps',
      eligible: true,
      reasons: [],
    });
  });

  it('never shows with sample 0 and always with sample 1', () => {
    expect(explain({ ...nps, sample: 0 }, visitor(), context).reasons).toMatchObject([
      { rule: 'sample', sample: 0 },
    ]);
    for (let i = 0; i < 100; i++) {
      expect(explain({ ...nps, sample: 1 }, newVisitor(`v-${i}`), context).eligible).toBe(true);
    }
  });

  it('waits recontactDays after an answer, and shows again at exactly N days', () => {
    const answeredAt = now - 30 * day;
    const state = visitor({ surveys: { nps: { answeredAt } } });
    const survey = { ...nps, recontactDays: 30 };
    expect(explain(survey, state, { ...context, now: now - 1 }).reasons).toEqual([
      { rule: 'recontactDays', until: '2026-11-23' },
    ]);
    expect(explain(survey, state, context).eligible).toBe(true);
  });

  it('defaults recontactDays to 90', () => {
    const state = visitor({ surveys: { nps: { answeredAt: now - 89 * day } } });
    expect(explain(nps, state, context).reasons).toEqual([
      { rule: 'recontactDays', until: '2026-11-24' },
    ]);
  });

  it('waits dismissCooldownDays after a dismissal (default 14)', () => {
    const state = visitor({ surveys: { nps: { dismissedAt: now - 13 * day } } });
    expect(explain(nps, state, context).reasons).toEqual([
      { rule: 'dismissCooldownDays', until: '2026-11-24' },
    ]);
    expect(explain({ ...nps, dismissCooldownDays: 13 }, state, context).eligible).toBe(true);
  });

  it('keeps minDaysBetweenSurveys across all surveys', () => {
    const state = visitor({
      lastShownAt: now - 10 * day,
      surveys: { csat: { seenAt: now - 10 * day } },
    });
    expect(explain(nps, state, context).reasons).toEqual([
      { rule: 'minDaysBetweenSurveys', until: '2026-11-27' },
    ]);
    expect(explain(nps, state, { ...context, minDaysBetweenSurveys: 10 }).eligible).toBe(true);
  });

  it('defaults minDaysBetweenSurveys to 14 when the config sets none', () => {
    const state = visitor({ lastShownAt: now - 13 * day });
    const unset = { ...context, minDaysBetweenSurveys: undefined };
    expect(explain(nps, state, unset).reasons).toEqual([
      { rule: 'minDaysBetweenSurveys', until: '2026-11-24' },
    ]);
    expect(explain(nps, visitor({ lastShownAt: now - 14 * day }), unset).eligible).toBe(true);
  });

  it('holds a survey back while another is on screen here or this one is shown in another tab', () => {
    expect(explain(nps, visitor(), { ...context, onScreen: 'csat' }).reasons).toEqual([
      { rule: 'onScreen', surveyId: 'csat' },
    ]);
    const elsewhere = visitor({ surveys: { nps: { showingUntil: now + 1000 } } });
    expect(explain(nps, elsewhere, context).reasons).toEqual([
      { rule: 'onScreen', surveyId: 'nps' },
    ]);
  });

  it('checks the audience against traits and track properties', () => {
    const survey = { ...nps, audience: { plan: { in: ['pro', 'business'] }, orders: { gte: 3 } } };
    expect(
      explain(survey, visitor(), { ...context, traits: { plan: 'pro', orders: 3 } }).eligible,
    ).toBe(true);
    expect(
      explain(survey, visitor(), { ...context, traits: { plan: 'free', orders: 2 } }).reasons,
    ).toEqual([
      { rule: 'audience', trait: 'plan', expected: { in: ['pro', 'business'] }, actual: 'free' },
      { rule: 'audience', trait: 'orders', expected: { gte: 3 }, actual: 2 },
    ]);
  });

  it('checks URL include and exclude patterns', () => {
    const survey = {
      ...nps,
      trigger: { urls: { include: ['/checkout/*'], exclude: ['/checkout/admin*'] } },
    };
    expect(explain(survey, visitor(), context).eligible).toBe(true);
    expect(
      explain(survey, visitor(), { ...context, url: 'https://shop.example.com/cart' }).reasons,
    ).toEqual([{ rule: 'urls', url: 'https://shop.example.com/cart' }]);
  });

  it('waits for consent, even for an explicit show', () => {
    expect(explain(nps, visitor(), { ...context, consented: false }, true).reasons).toEqual([
      { rule: 'consent' },
    ]);
  });

  it('skips sampling, audience and frequency rules for an explicit show', () => {
    const state = visitor({
      lastShownAt: now,
      surveys: { nps: { answeredAt: now, dismissedAt: now } },
    });
    const survey = { ...nps, sample: 0, audience: { plan: { eq: 'pro' } } };
    expect(explain(survey, state, context, true)).toEqual({
      surveyId: 'nps',
      eligible: true,
      reasons: [],
    });
  });
});

describe('matchesRule', () => {
  it.each([
    [{ eq: 'pro' }, 'pro', true],
    [{ eq: 'pro' }, 'free', false],
    [{ in: [1, 2] }, 2, true],
    [{ gt: 3 }, 3, false],
    [{ gte: 3 }, 3, true],
    [{ lt: 3 }, 2, true],
    [{ lte: 3 }, 4, false],
    [{ gte: 3 }, '5', false],
    [{ exists: true }, undefined, false],
    [{ exists: false }, undefined, true],
    [{ exists: true, gte: 1, lt: 10 }, 5, true],
  ])('%j against %j is %s', (rule, value, expected) => {
    expect(matchesRule(rule, value)).toBe(expected);
  });
});
