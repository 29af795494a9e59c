import type { Timers } from '../delivery/timers.js';
import type { SurveyDefinition } from '../survey/types.js';
import { type DecisionContext, type Explanation, explain, notEligible } from './eligibility.js';
import type { KeyValue } from './keyValue.js';
import { type TriggerPage, type TriggerWatch, watchTriggers } from './triggers.js';
import {
  markEnded,
  markShowing,
  markShown,
  newVisitor,
  type Outcome,
  readVisitor,
  updateVisitor,
  type VisitorState,
} from './visitor.js';

/**
 * How long a tab's claim on a survey it shows keeps other tabs from showing it. The
 * claim is renewed while the survey is on screen, so a page left with the survey open
 * releases it within a minute.
 */
const showingMs = 60 * 1000;
const renewEveryMs = 30 * 1000;

/** What targeting needs from the widget around it. */
export interface TargetingOptions {
  surveys: SurveyDefinition[];
  store: KeyValue;
  page: TriggerPage | null;
  timers: Timers;
  now: () => number;
  newId: () => string;
  minDaysBetweenSurveys?: number;
  /** The survey on screen in this tab, if any. */
  onScreen: () => string | null;
  /**
   * Fetches what showing a survey needs (the survey UI) when an eligible survey's trigger
   * is armed, so it arrives while the trigger counts.
   */
  preload(): Promise<void>;
  /**
   * Gets it at hand when a trigger trips, before the survey is claimed: a rejection
   * leaves the survey unclaimed, so still due.
   */
  prepare(): Promise<void>;
  /** A survey is due, eligible and claimed for this tab: show it. */
  show(surveyId: string): void;
  /** Logs a decision once (`debug`). */
  log(explanation: Explanation): void;
}

/** Who is asked, when: visitor state, triggers and eligibility. */
export interface Targeting {
  /** Resolves once the visitor state is read. */
  readonly ready: Promise<void>;
  visitorId(): string;
  track(eventName: string, props?: Record<string, unknown>): void;
  identify(traits: Record<string, unknown>): void;
  /** Whether the survey may show now, and why not. */
  explain(surveyId: string): Promise<Explanation>;
  /**
   * Claims a survey for this tab, atomically across tabs, recording it as seen.
   * `explicit` (the host's `show(id)`) skips sampling and frequency rules.
   */
  claim(surveyId: string, explicit: boolean): Promise<boolean>;
  /** Records the end of a survey on screen: answered, dismissed, or only closed. */
  record(surveyId: string, outcome: Outcome): Promise<void>;
  /** A new anonymous visitor with nothing remembered (log-out on a shared device). */
  reset(): Promise<void>;
  stop(): void;
}

/** Starts targeting: reads the visitor state, then arms the triggers. */
export function createTargeting(options: TargetingOptions): Targeting {
  const { store, now } = options;
  // This tab's copy of the visitor state: the stored one once read, and after each write.
  let state = newVisitor(options.newId());
  const update = async (change: (state: VisitorState) => VisitorState) => {
    state = await updateVisitor(store, state, change);
  };
  let traits: Record<string, unknown> = {};
  let watch: TriggerWatch | null = null;
  // Host events tracked before the visitor state was read, replayed once triggers are armed.
  const early: string[] = [];
  let stopped = false;
  const logged = new Set<string>();
  const renewals = new Map<string, unknown>();
  const renew = (surveyId: string) => {
    renewals.set(
      surveyId,
      options.timers.set(() => {
        if (stopped || !renewals.has(surveyId)) return;
        void update((fresh) => markShowing(fresh, surveyId, now() + showingMs)).then(() =>
          renew(surveyId),
        );
      }, renewEveryMs),
    );
  };
  const stopRenewing = (surveyId: string) => {
    options.timers.clear(renewals.get(surveyId));
    renewals.delete(surveyId);
  };

  const context = (): DecisionContext => ({
    now: now(),
    url: options.page?.location.href ?? '',
    traits,
    consented: true,
    minDaysBetweenSurveys: options.minDaysBetweenSurveys,
    onScreen: options.onScreen(),
  });
  const survey = (id: string) => options.surveys.find((s) => s.id === id);

  const claim = async (surveyId: string, explicit: boolean) => {
    const definition = survey(surveyId);
    if (!definition || stopped) return false;
    const at = now();
    let claimed = false;
    await update((fresh) => {
      const decision = explain(definition, fresh, { ...context(), now: at }, explicit);
      // Decided again on the stored state, inside one transaction: two tabs cannot both win.
      if (!decision.eligible) {
        const key = `${surveyId}:${decision.reasons.map((r) => r.rule).join(',')}`;
        if (!logged.has(key)) {
          logged.add(key);
          options.log(decision);
        }
        claimed = false;
        return fresh;
      }
      claimed = true;
      return markShown(fresh, surveyId, at, at + showingMs);
    });
    if (claimed) {
      options.log({ surveyId, eligible: true, reasons: [] });
      renew(surveyId);
    }
    return claimed;
  };

  const ready = (async () => {
    // A read first: most page views find the visitor stored and need no write.
    const stored = await readVisitor(store);
    if (stored) state = stored;
    else await update((fresh) => fresh);
    if (stopped || !options.page) return;
    const candidates = options.surveys.filter((s) => s.position !== 'inline');
    // One survey at a time: while one is claimed or on screen, others that come due
    // wait for their next trigger. Triggers trip in config order, so the first wins.
    let claiming = false;
    const armed = (surveys: SurveyDefinition[]) => {
      if (surveys.some((s) => explain(s, state, context()).eligible))
        void options.preload().catch(() => undefined);
    };
    const fire = (surveyId: string) => {
      if (claiming || options.onScreen()) return;
      claiming = true;
      void options
        .prepare()
        .then(() => claim(surveyId, false))
        .then((won) => {
          if (won && !stopped) options.show(surveyId);
        })
        // The widget has reported why the UI did not load; the survey stays due.
        .catch(() => undefined)
        .finally(() => {
          claiming = false;
        });
    };
    watch = watchTriggers(candidates, options.page, options.timers, fire, armed);
    for (const eventName of early.splice(0)) watch.track(eventName);
  })();

  return {
    ready,
    visitorId: () => state.visitorId,
    track(eventName, props) {
      if (props) traits = { ...traits, ...props };
      if (watch) watch.track(eventName);
      else early.push(eventName);
    },
    identify(newTraits) {
      traits = { ...traits, ...newTraits };
    },
    async explain(surveyId) {
      await ready;
      const definition = survey(surveyId);
      if (!definition) return notEligible(surveyId);
      // Read again: another tab may have shown or answered something meanwhile.
      state = (await readVisitor(store)) ?? state;
      return explain(definition, state, context());
    },
    claim,
    async record(surveyId, outcome) {
      const at = now();
      if (outcome !== 'answered') stopRenewing(surveyId);
      await update((fresh) => markEnded(fresh, surveyId, outcome, at));
    },
    async reset() {
      traits = {};
      const fresh = newVisitor(options.newId());
      state = fresh;
      await update(() => fresh);
    },
    stop() {
      stopped = true;
      watch?.stop();
      for (const surveyId of [...renewals.keys()]) stopRenewing(surveyId);
    },
  };
}
