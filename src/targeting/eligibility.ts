import type { AudienceRule, SurveyDefinition } from '../survey/types.js';
import { urlAllowed } from './urls.js';
import type { VisitorState } from './visitor.js';

const day = 24 * 3600 * 1000;

/** One rule that keeps a survey from showing, as data. */
export type Reason =
  | { rule: 'consent' }
  | { rule: 'urls'; url: string }
  | { rule: 'audience'; trait: string; expected: AudienceRule; actual: unknown }
  | { rule: 'sample'; sample: number; roll: number }
  | { rule: 'recontactDays'; until: string }
  | { rule: 'dismissCooldownDays'; until: string }
  | { rule: 'minDaysBetweenSurveys'; until: string }
  | { rule: 'onScreen'; surveyId: string }
  /** The config has no survey with this id. */
  | { rule: 'unknown' }
  /** `configUrl` has not loaded yet (or waits for consent); it may define this id. */
  | { rule: 'loading' }
  /** The survey was dropped at start because of these problems (also warned in the console). */
  | { rule: 'invalid'; problems: string[] };

/** Whether a survey may show now, and every reason it may not. */
export interface Explanation {
  surveyId: string;
  eligible: boolean;
  reasons: Reason[];
}

/** A survey that may not show, for `reasons` found before the rules could be applied. */
export const notEligible = (surveyId: string, reasons: Reason[] = []): Explanation => ({
  surveyId,
  eligible: false,
  reasons,
});

/** What eligibility depends on besides the survey and the visitor's state. */
export interface DecisionContext {
  now: number;
  url: string;
  /** identify() traits merged with track() properties. */
  traits: Record<string, unknown>;
  consented: boolean;
  /** The config's `minDaysBetweenSurveys`, if it sets one. */
  minDaysBetweenSurveys?: number;
  /** The survey on screen in this tab, if any. */
  onScreen: string | null;
}

/**
 * A stable number in [0, 1) for a visitor and a survey (FNV-1a, 32 bits): the
 * same visitor gets the same roll on every page, so sampling is sticky.
 */
export function sampleRoll(visitorId: string, surveyId: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${visitorId}\u0000${surveyId}`) {
    hash = Math.imul(hash ^ (char.codePointAt(0) as number), 0x01000193);
  }
  // A final avalanche so ids that differ in their last characters spread evenly.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return (hash >>> 0) / 2 ** 32;
}

/** Whether one trait satisfies one audience rule (every operator given must hold). */
export function matchesRule(rule: AudienceRule, value: unknown): boolean {
  const present = value !== undefined && value !== null;
  if (rule.exists !== undefined && rule.exists !== present) return false;
  if ('eq' in rule && rule.eq !== undefined && value !== rule.eq) return false;
  if (rule.in !== undefined && !rule.in.includes(value)) return false;
  const compare = (limit: number | undefined, holds: (v: number, l: number) => boolean) =>
    limit === undefined || (typeof value === 'number' && holds(value, limit));
  return (
    compare(rule.gt, (v, l) => v > l) &&
    compare(rule.gte, (v, l) => v >= l) &&
    compare(rule.lt, (v, l) => v < l) &&
    compare(rule.lte, (v, l) => v <= l)
  );
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Every rule that keeps `survey` from showing to this visitor now,
 * in a fixed order; eligible when there is none. `explicit` is `show(id)`: the
 * host asking, which skips sampling and the frequency rules but never consent.
 * The frequency defaults are written here only: 90 days after an answer, 14 after a
 * dismissal, and 14 between any two surveys.
 */
export function explain(
  survey: SurveyDefinition,
  state: VisitorState,
  context: DecisionContext,
  explicit = false,
): Explanation {
  const reasons: Reason[] = [];
  const { now } = context;
  if (!context.consented) reasons.push({ rule: 'consent' });
  if (!explicit) {
    if (!urlAllowed(survey.trigger?.urls, context.url))
      reasons.push({ rule: 'urls', url: context.url });
    for (const [trait, rule] of Object.entries(survey.audience ?? {})) {
      const actual = context.traits[trait];
      if (!matchesRule(rule, actual))
        reasons.push({ rule: 'audience', trait, expected: rule, actual });
    }
    const sample = survey.sample ?? 1;
    const roll = sampleRoll(state.visitorId, survey.id);
    if (!(roll < sample)) reasons.push({ rule: 'sample', sample, roll });
    const memory = state.surveys[survey.id] ?? {};
    const waits: [Reason['rule'], number | undefined, number][] = [
      ['recontactDays', memory.answeredAt, survey.recontactDays ?? 90],
      ['dismissCooldownDays', memory.dismissedAt, survey.dismissCooldownDays ?? 14],
      [
        'minDaysBetweenSurveys',
        state.lastShownAt ?? undefined,
        context.minDaysBetweenSurveys ?? 14,
      ],
    ];
    for (const [rule, since, days] of waits) {
      if (since === undefined) continue;
      const until = since + days * day;
      if (now < until) reasons.push({ rule, until: isoDate(until) } as Reason);
    }
  }
  if (context.onScreen && context.onScreen !== survey.id) {
    reasons.push({ rule: 'onScreen', surveyId: context.onScreen });
  }
  const showingElsewhere = state.surveys[survey.id]?.showingUntil;
  if (showingElsewhere !== undefined && showingElsewhere > now && context.onScreen !== survey.id) {
    reasons.push({ rule: 'onScreen', surveyId: survey.id });
  }
  return { surveyId: survey.id, eligible: reasons.length === 0, reasons };
}
