import type { OutboxOptions, OutboxStatus } from '../delivery/outbox.js';
import type { FetchLike, FlushOptions } from '../delivery/sender.js';
import { globalTimers, type Timers } from '../delivery/timers.js';
import { type RandomBytes, uuidv7 } from '../delivery/uuid.js';
import { type Diagnostics, full, warnInFull } from '../survey/diagnose.js';
import { describeValue } from '../survey/messages.js';
import type {
  SurveyDefinition,
  SurveyletConfig,
  SurveyletEvent,
  SurveyletEvents,
  SurveyResponse,
} from '../survey/types.js';
import { validateConfig } from '../survey/validate.js';
import { type Explanation, notEligible, type Reason } from '../targeting/eligibility.js';
import type { Present } from '../ui/present.js';
import { createEmitter } from './emitter.js';
import { createServices } from './services.js';

/** Options of `show()`. */
export interface ShowOptions {
  /** Element an `inline` survey renders into (required for inline surveys). */
  container?: HTMLElement;
}

/** A running widget: the verbs of the command queue as methods. */
export interface Surveylet {
  /** Shows a survey now, skipping its trigger (never consent). */
  show(surveyId: string, options?: ShowOptions): void;
  /** Removes the survey on screen, if any. */
  hide(): void;
  /** Tells the widget a host event happened; shows surveys triggered by it. */
  track(eventName: string, props?: Record<string, unknown>): void;
  /** Attaches a user id and traits to later responses. */
  identify(userId: string, traits?: Record<string, unknown>): void;
  /** Forgets the user and starts a new anonymous visitor (log-out on a shared device). */
  reset(): void;
  /**
   * Grants or withdraws consent when `requireConsent` is set; withdrawing deletes what
   * this browser keeps, as `forget()` does.
   */
  consent(granted: boolean): void;
  /**
   * Deletes what this browser keeps for the site: answers waiting or refused, and the
   * visitor state (a new visitor starts). Answers an endpoint already has stay there.
   */
  forget(): Promise<void>;
  /** Whether a survey may show now, and every rule that keeps it from showing, as data. */
  explain(surveyId: string): Promise<Explanation>;
  /**
   * Sends queued answers now, including those waiting out a retry delay; with
   * `{ retryDead: true }` also those the endpoint refused, once it is fixed.
   */
  flush(options?: FlushOptions): Promise<void>;
  /** Where answers are kept and how many wait: `{ persistence, pending, dead, oldestPendingAgeMs, pausedUntil }`. */
  status(): Promise<OutboxStatus>;
  on<K extends SurveyletEvent>(event: K, handler: (payload: SurveyletEvents[K]) => void): void;
  off<K extends SurveyletEvent>(event: K, handler: (payload: SurveyletEvents[K]) => void): void;
  /** Removes every listener, timer and DOM node the widget added. */
  destroy(): void;
  /** The configuration problems found at start, as warned in the console. */
  readonly problems: readonly string[];
}

/**
 * What the widget takes from its surroundings, each with a browser default, so
 * tests and embedders can pass their own (idb-keyval's optional-last-parameter style).
 */
export interface Runtime {
  window?: Window;
  fetch?: FetchLike;
  now?: () => number;
  randomBytes?: RandomBytes;
  /** Timers for triggers and the outbox. */
  timers?: Timers;
  /** The outbox's own surroundings: storage, timers, locks, tab channel, beacon. */
  outbox?: Omit<OutboxOptions, 'endpoint' | 'hooks'>;
  /** Forces every survey to this position (the component and custom element use `inline`). */
  position?: SurveyDefinition['position'];
}

/** What draws a survey: the survey UI (Preact, the card, its styles and wording). */
export type { Present };

/**
 * Where the survey UI comes from: at hand (the npm entries and the single-file bundle),
 * or fetched by the script tag's loader, first when a survey is armed, with the wording
 * of the one language `config.locale` and the page pick.
 */
export type UISource = Present | { load(locale: string | undefined): Promise<Present> };

interface OnScreen {
  survey: SurveyDefinition;
  answered: boolean;
  responseId: string;
  remove(): void;
}

const noOutbox: OutboxStatus = {
  persistence: 'memory',
  pending: 0,
  dead: 0,
  oldestPendingAgeMs: null,
  pausedUntil: null,
};

/**
 * Starts Surveylet: validates the config (warning once per problem); then, once
 * consent allows it, reads the visitor state, loads `configUrl`, opens the outbox
 * and arms the surveys' triggers. Never throws: problems go to the console as
 * warnings, background errors to `onError` and the `error` event.
 */
export function createWidget(
  config: SurveyletConfig,
  runtime: Runtime,
  ui: UISource,
  /** The loader's: where the config check's full words are, fetched when there is a problem. */
  diagnostics?: Diagnostics,
): Surveylet {
  const win = runtime.window ?? (typeof window === 'undefined' ? undefined : window);
  const now = runtime.now ?? Date.now;
  const timers = runtime.timers ?? globalTimers;
  // On the server (no window) nothing is sent, and a relative endpoint such as README's
  // '/api/feedback' is on the site whose pages will run it: judged against a stand-in
  // origin, it is not warned about in the server's log at every render.
  const origin = win?.location.origin ?? 'https://server.invalid';
  const checked = validateConfig(config, origin);
  const problems = [...checked.problems];
  // Warned once each, in full words: at once, or in the loader's build once they arrive
  // (explain() gives them in short until then).
  if (full) for (const message of problems) console.warn(message);
  else void warnInFull(problems, (words) => words(config, origin).problems, diagnostics);

  let reporting = false;
  const report = (error: unknown) => {
    if (reporting) return;
    reporting = true;
    try {
      (services?.settings ?? checked.value).onError?.(error);
    } catch {
      // A throwing onError must not reach the host page either.
    }
    emitter.emit('error', error);
    reporting = false;
  };
  const emitter = createEmitter<SurveyletEvents>(report);
  /** Why explain() knows nothing of an id: not loaded yet, never configured, or dropped as invalid. */
  const missing = (surveyId: string): Promise<Explanation> | undefined => {
    if (services.surveys.has(surveyId)) return undefined;
    const index = (config?.surveys ?? []).findIndex((s) => s?.id === surveyId);
    const reason: Reason =
      index < 0
        ? { rule: services.loaded ? 'unknown' : 'loading' }
        : { rule: 'invalid', problems: problems.filter((p) => p.includes(`surveys[${index}]`)) };
    return Promise.resolve(notEligible(surveyId, [reason]));
  };
  const debug = (message: string) => {
    if (services.settings.debug) console.info(`surveylet: ${message}`);
  };
  const logDecision = (decision: Explanation) => {
    const why = decision.reasons.map((r) => JSON.stringify(r)).join(', ');
    debug(`"${decision.surveyId}" ${decision.eligible ? 'shown' : `not shown: ${why}`}`);
  };

  const doc = win?.document;
  const embedded = runtime.position === 'inline';
  let user: SurveyResponse['user'] = null;
  let fallbackVisitorId = uuidv7(now(), runtime.randomBytes);
  let consented = !checked.value.requireConsent;
  let destroyed = false;
  let current: OnScreen | null = null;

  const teardown = () => {
    const closing = current;
    current = null;
    closing?.remove();
  };

  // The survey UI once it is at hand: from then on a due survey is drawn in the task
  // of its trigger, with nothing left to fetch.
  let present = typeof ui === 'function' ? ui : null;
  let uiWarned = false;
  /**
   * A UI that cannot load (offline, blocked) is an `error` event each time a survey is
   * due and one console warning per page; nothing is recorded, so the survey stays due
   * and the next trigger or show() tries again.
   */
  const failed = (error: unknown): never => {
    if (!uiWarned) {
      uiWarned = true;
      console.warn((error as Error)?.message ?? error);
    }
    report(error);
    throw error;
  };
  /** Fetches the survey UI if it is not at hand; rejects, unreported, when it cannot load. */
  const preload = async () => {
    present ??= await (ui as Exclude<UISource, Present>).load(services.settings.locale);
  };
  /** The UI for a survey due now: a failure to load it is reported. */
  const prepare = () => preload().catch(failed);

  const render = (survey: SurveyDefinition, container?: HTMLElement) => {
    if (!win || !doc || !services.sender || !present) return;
    teardown();
    const outbox = services.sender;
    const responseId = uuidv7(now(), runtime.randomBytes);
    const surveyId = survey.id;
    const presented = present({
      survey,
      container,
      position: runtime.position,
      window: win,
      settings: services.settings,
      traits: user?.traits ?? {},
      responseId,
      context: () => ({
        now: now(),
        page: { url: win.location.href, referrer: doc.referrer },
        visitorId: services.targeting?.visitorId() ?? fallbackVisitorId,
        user,
      }),
      now,
      hooks: {
        answered(response) {
          void outbox.enqueue(response);
          if (current?.responseId === responseId) current.answered = true;
          if (!embedded) void services.targeting?.record(surveyId, 'answered').catch(report);
          emitter.emit('answered', response);
        },
        submitted(response) {
          if (response.revision > 1) void outbox.enqueue(response);
          emitter.emit('submitted', response);
        },
        closed(step) {
          if (current?.responseId === responseId) teardown();
          const dismissed = step === 'score';
          if (!embedded)
            void services.targeting
              ?.record(surveyId, dismissed ? 'dismissed' : 'closed')
              .catch(report);
          if (step !== 'thanks') emitter.emit('dismissed', { surveyId, responseId, step });
        },
      },
    });
    current = { survey, answered: false, responseId, remove: presented.remove };
    emitter.emit('shown', { surveyId, responseId });
  };

  const show = (surveyId: string, options: ShowOptions = {}) => {
    if (destroyed || !win || !doc) return;
    if (!consented) return debug(`"${surveyId}" not shown: waiting for consent(true)`);
    const survey = services.surveys.get(surveyId);
    if (!survey) {
      const known = [...services.surveys.keys()].map((id) => `"${id}"`).join(', ') || 'none';
      console.warn(`surveylet: show(${describeValue(surveyId)}) names no survey; known: ${known}`);
      return;
    }
    if (!services.sender)
      return debug(`"${surveyId}" not shown: no valid endpoint to send answers to`);
    if ((runtime.position ?? survey.position) === 'inline' && !options.container) {
      console.warn(
        `surveylet: show("${surveyId}") needs { container: element } because the survey is inline`,
      );
      return;
    }
    if (!present) {
      // The UI is fetched first; show() then runs again and finds it at hand.
      void prepare().then(
        () => show(surveyId, options),
        () => undefined,
      );
      return;
    }
    // The host asked: show now, and record it as seen (never across tabs' claims).
    render(survey, options.container);
    if (!embedded) void services.targeting?.claim(surveyId, true).catch(report);
  };

  const services = createServices({
    window: win as Window,
    settings: checked.value,
    diagnostics,
    runtime,
    now,
    timers,
    emitter,
    report,
    log: logDecision,
    embedded,
    onScreen: () => current?.survey.id ?? null,
    preload,
    prepare,
    due: (survey) => {
      if (!current && !destroyed) render(survey);
    },
  });
  const startServices = async () => {
    if (!win || destroyed) return;
    await services.start();
  };

  // Every public method is guarded: nothing a host calls can throw into its page.
  const guard =
    <A extends unknown[], R>(method: (...args: A) => R, fallback?: R) =>
    (...args: A): R => {
      try {
        return method(...args);
      } catch (error) {
        report(error);
        // Left out only where the method returns nothing.
        return fallback as R;
      }
    };

  // Started synchronously where no remote config must be awaited, so an inline
  // survey can render before the first paint.
  if (win && consented) void startServices().catch(report);

  return {
    problems,
    show: guard(show),
    hide: guard(teardown),
    track: guard((eventName: string, props?: Record<string, unknown>) => {
      if (!destroyed) services.targeting?.track(eventName, props);
    }),
    identify: guard((userId: string, traits: Record<string, unknown> = {}) => {
      if (typeof userId !== 'string' || userId === '') {
        console.warn(
          `surveylet: identify(userId) needs a non-empty string (got ${describeValue(userId)})`,
        );
        return;
      }
      user = { id: userId, traits: { ...traits } };
      services.targeting?.identify(traits);
    }),
    reset: guard(() => {
      user = null;
      fallbackVisitorId = uuidv7(now(), runtime.randomBytes);
      void services.targeting?.reset().catch(report);
    }),
    consent: guard((granted: boolean) => {
      if (destroyed || granted === consented) return;
      consented = granted;
      if (granted) {
        void startServices().catch(report);
        return;
      }
      teardown();
      void services.forget().catch(report);
    }),
    forget: guard(async () => {
      teardown();
      await services.forget().catch(report);
      if (consented && !destroyed) await startServices().catch(report);
    }, Promise.resolve()),
    explain: guard(
      (surveyId: string) =>
        missing(surveyId) ??
        services.targeting?.explain(surveyId) ??
        Promise.resolve(notEligible(surveyId, consented ? [] : [{ rule: 'consent' }])),
      Promise.resolve(notEligible('')),
    ),
    flush: guard(
      (options?: FlushOptions) => services.sender?.flush(options) ?? Promise.resolve(),
      Promise.resolve(),
    ),
    status: guard(
      () => services.sender?.status() ?? Promise.resolve(noOutbox),
      Promise.resolve(noOutbox),
    ),
    on: guard((event, handler) => emitter.on(event, handler)),
    off: guard((event, handler) => emitter.off(event, handler)),
    destroy: guard(() => {
      destroyed = true;
      teardown();
      services.stop();
      emitter.clear();
    }),
  };
}
