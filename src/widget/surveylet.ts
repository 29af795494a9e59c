import { attachLifecycle, type PageLike } from '../delivery/lifecycle.js';
import {
  createOutbox,
  type Outbox,
  type OutboxOptions,
  type OutboxStatus,
} from '../delivery/outbox.js';
import { refusalMessage } from '../delivery/retry.js';
import type { FetchLike, FlushOptions } from '../delivery/sender.js';
import { globalTimers, type Timers } from '../delivery/timers.js';
import { type RandomBytes, uuidv7 } from '../delivery/uuid.js';
import { fillPlaceholders, resolveLocale, stringsFor } from '../survey/i18n.js';
import type {
  SurveyDefinition,
  SurveyletConfig,
  SurveyletEvent,
  SurveyletEvents,
  SurveyResponse,
} from '../survey/types.js';
import { describeValue, validateConfig } from '../survey/validate.js';
import { wordingOf } from '../survey/wording.js';
import type { Explanation, Reason } from '../targeting/eligibility.js';
import { keyValue } from '../targeting/keyValue.js';
import { loadRemoteConfig } from '../targeting/remoteConfig.js';
import { createTargeting, type Targeting } from '../targeting/targeting.js';
import type { TriggerPage } from '../targeting/triggers.js';
import { createFlow } from '../ui/flow.js';
import { mountCard } from '../ui/mount.js';
import { createEmitter } from './emitter.js';

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
  /** Grants or withdraws consent when `requireConsent` is set; withdrawing clears the visitor state. */
  consent(granted: boolean): void;
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

interface OnScreen {
  survey: SurveyDefinition;
  answered: boolean;
  responseId: string;
  unmount(): void;
  host: HTMLElement;
  ownsHost: boolean;
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
export function createSurveylet(config: SurveyletConfig, runtime: Runtime = {}): Surveylet {
  const win = runtime.window ?? (typeof window === 'undefined' ? undefined : window);
  const now = runtime.now ?? Date.now;
  const timers = runtime.timers ?? globalTimers;
  const fetchImpl: FetchLike = runtime.fetch ?? ((input, init) => globalThis.fetch(input, init));
  // On the server (no window) nothing is sent, and a relative endpoint such as README's
  // '/api/feedback' is on the site whose pages will run it: judged against a stand-in
  // origin, it is not warned about in the server's log at every render.
  const origin = win?.location.origin ?? 'https://server.invalid';
  const checked = validateConfig(config, origin);
  let settings = checked.value;
  const problems = [...checked.problems];
  for (const message of problems) console.warn(message);

  let reporting = false;
  const report = (error: unknown) => {
    if (reporting) return;
    reporting = true;
    try {
      settings.onError?.(error);
    } catch {
      // A throwing onError must not reach the host page either.
    }
    emitter.emit('error', error);
    reporting = false;
  };
  const emitter = createEmitter<SurveyletEvents>(report);
  // Whether configUrl, if any, has been read: until then any id may yet be defined.
  let loaded = !settings.configUrl;
  /** Why explain() knows nothing of an id: not loaded yet, never configured, or dropped as invalid. */
  const missing = (surveyId: string): Promise<Explanation> | undefined => {
    if (surveys.has(surveyId)) return undefined;
    const index = (config?.surveys ?? []).findIndex((s) => s?.id === surveyId);
    const reason: Reason =
      index < 0
        ? { rule: loaded ? 'unknown' : 'loading' }
        : { rule: 'invalid', problems: problems.filter((p) => p.includes(`surveys[${index}]`)) };
    return Promise.resolve({ surveyId, eligible: false, reasons: [reason] });
  };
  // Dead answers are named once per page, however often services restart.
  let deadWarned = false;
  const debug = (message: string) => {
    if (settings.debug) console.info(`surveylet: ${message}`);
  };
  const logDecision = (decision: Explanation) => {
    const why = decision.reasons.map((r) => JSON.stringify(r)).join(', ');
    debug(`"${decision.surveyId}" ${decision.eligible ? 'shown' : `not shown: ${why}`}`);
  };

  const doc = win?.document;
  const embedded = runtime.position === 'inline';
  let surveys = new Map((settings.surveys ?? []).map((survey) => [survey.id, survey]));
  let user: SurveyResponse['user'] = null;
  let fallbackVisitorId = uuidv7(now(), runtime.randomBytes);
  let consented = !settings.requireConsent;
  let destroyed = false;
  let current: OnScreen | null = null;

  // What stores or sends: started only once consent allows it.
  let sender: Outbox | null = null;
  let detachLifecycle: (() => void) | null = null;
  let targeting: Targeting | null = null;
  let store: ReturnType<typeof keyValue> | null = null;
  let generation = 0;

  const teardown = () => {
    const closing = current;
    current = null;
    if (!closing) return;
    closing.unmount();
    if (closing.ownsHost) closing.host.remove();
  };

  const render = (survey: SurveyDefinition, container?: HTMLElement) => {
    if (!win || !doc || !sender) return;
    const position = runtime.position ?? survey.position ?? 'bottom-right';
    teardown();
    const outbox = sender;
    const locale = resolveLocale([
      settings.locale,
      doc.documentElement.lang,
      ...(win.navigator.languages ?? []),
      win.navigator.language,
    ]);
    const strings = stringsFor(locale.locale, settings.strings);
    const traits = user?.traits ?? {};
    const wording = wordingOf(survey, strings, settings.brand);
    // {trait|fallback} placeholders are filled as text, never as HTML.
    const fill = (text: string) => fillPlaceholders(text, traits);
    const personal = {
      ...wording,
      question: fill(wording.question),
      thankYou: fill(wording.thankYou),
      followUpFor: (category: Parameters<typeof wording.followUpFor>[0]) =>
        fill(wording.followUpFor(category)),
    };
    const host = container ?? doc.createElement('div');
    const responseId = uuidv7(now(), runtime.randomBytes);
    const surveyId = survey.id;
    const flow = createFlow(
      survey,
      personal,
      () => ({
        id: responseId,
        now: now(),
        locale: locale.tag,
        page: { url: win.location.href, referrer: doc.referrer },
        visitorId: targeting?.visitorId() ?? fallbackVisitorId,
        user,
      }),
      {
        answered(response) {
          void outbox.enqueue(response);
          if (current?.responseId === responseId) current.answered = true;
          if (!embedded) void targeting?.record(surveyId, 'answered').catch(report);
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
            void targeting?.record(surveyId, dismissed ? 'dismissed' : 'closed').catch(report);
          if (step !== 'thanks') emitter.emit('dismissed', { surveyId, responseId, step });
        },
      },
      now,
    );
    if (!container) (doc.body ?? doc.documentElement).append(host);
    const unmount = mountCard(
      host,
      { flow, strings, locale, position },
      {
        theme: settings.theme,
        colorScheme: settings.colorScheme,
        zIndex: settings.zIndex,
        nonce: settings.nonce,
      },
    );
    current = { survey, answered: false, responseId, unmount, host, ownsHost: !container };
    emitter.emit('shown', { surveyId, responseId });
  };

  const show = (surveyId: string, options: ShowOptions = {}) => {
    if (destroyed || !win || !doc) return;
    if (!consented) return debug(`"${surveyId}" not shown: waiting for consent(true)`);
    const survey = surveys.get(surveyId);
    if (!survey) {
      const known = [...surveys.keys()].map((id) => `"${id}"`).join(', ') || 'none';
      console.warn(`surveylet: show(${describeValue(surveyId)}) names no survey; known: ${known}`);
      return;
    }
    if (!sender) return debug(`"${surveyId}" not shown: no valid endpoint to send answers to`);
    if ((runtime.position ?? survey.position) === 'inline' && !options.container) {
      console.warn(
        `surveylet: show("${surveyId}") needs { container: element } because the survey is inline`,
      );
      return;
    }
    // The host asked: show now, and record it as seen (never across tabs' claims).
    render(survey, options.container);
    if (!embedded) void targeting?.claim(surveyId, true).catch(report);
  };

  const stopServices = () => {
    generation += 1;
    targeting?.stop();
    targeting = null;
    detachLifecycle?.();
    detachLifecycle = null;
    sender?.destroy();
    sender = null;
  };

  const startServices = async () => {
    if (!win || destroyed) return;
    const started = ++generation;
    store ??= keyValue('surveylet-visitor', 'state', report, timers);
    if (settings.configUrl) {
      const remote = await loadRemoteConfig(settings.configUrl, origin, store, fetchImpl, now);
      if (started !== generation) return;
      // Warned at the first load only (once per page); trouble that passes by itself,
      // with a good copy in use, is news only when debugging.
      if (!loaded && (!remote.transient || settings.debug))
        for (const message of remote.problems) console.warn(message);
      loaded = true;
      const inline = settings.surveys ?? [];
      const fromServer = (remote.config.surveys ?? []).filter(
        (s) => !inline.some((mine) => mine.id === s.id),
      );
      settings = { ...remote.config, ...settings, surveys: [...inline, ...fromServer] };
      surveys = new Map((settings.surveys ?? []).map((survey) => [survey.id, survey]));
      if (!settings.endpoint) {
        console.warn(
          'surveylet: neither the config nor configUrl gives an endpoint; nothing is shown',
        );
      }
    }
    if (settings.endpoint) {
      const endpoint = new URL(settings.endpoint, win.location.href).href;
      // Dead answers, refused now or kept by an earlier page, are named once per page.
      const warnDead = (status?: number) =>
        outbox
          .status()
          .then(({ dead }) => {
            if (!dead || deadWarned) return;
            deadWarned = true;
            console.warn(refusalMessage(endpoint, dead, status));
          })
          .catch(report);
      const outbox = createOutbox({
        endpoint,
        headers: settings.headers,
        fetch: runtime.fetch,
        now,
        timers,
        ...runtime.outbox,
        hooks: {
          queued: (response) => emitter.emit('queued', response),
          delivered: (response) => emitter.emit('delivered', response),
          failed: (response, reason, status) => {
            emitter.emit('failed', { response, reason });
            if (status) void warnDead(status);
          },
          error: report,
        },
      });
      sender = outbox;
      void warnDead();
      detachLifecycle = attachLifecycle(outbox, win as unknown as PageLike);
    }
    targeting = createTargeting({
      surveys: [...surveys.values()],
      store,
      page: embedded || !sender ? null : (win as unknown as TriggerPage),
      timers,
      now,
      newId: () => uuidv7(now(), runtime.randomBytes),
      minDaysBetweenSurveys: settings.minDaysBetweenSurveys,
      onScreen: () => current?.survey.id ?? null,
      show: (surveyId) => {
        const survey = surveys.get(surveyId);
        if (survey && !current && !destroyed) render(survey);
      },
      log: logDecision,
    });
    targeting.ready.catch(report);
  };

  // Every public method is guarded: nothing a host calls can throw into its page.
  const guard =
    <A extends unknown[], R>(method: (...args: A) => R, fallback: R) =>
    (...args: A): R => {
      try {
        return method(...args);
      } catch (error) {
        report(error);
        return fallback;
      }
    };

  // Started synchronously where no remote config must be awaited, so an inline
  // survey can render before the first paint.
  if (win && consented) void startServices().catch(report);

  return {
    problems,
    show: guard(show, undefined),
    hide: guard(teardown, undefined),
    track: guard((eventName: string, props?: Record<string, unknown>) => {
      if (!destroyed) targeting?.track(eventName, props);
    }, undefined),
    identify: guard((userId: string, traits: Record<string, unknown> = {}) => {
      if (typeof userId !== 'string' || userId === '') {
        console.warn(
          `surveylet: identify(userId) needs a non-empty string (got ${describeValue(userId)})`,
        );
        return;
      }
      user = { id: userId, traits: { ...traits } };
      targeting?.identify(traits);
    }, undefined),
    reset: guard(() => {
      user = null;
      fallbackVisitorId = uuidv7(now(), runtime.randomBytes);
      void targeting?.reset().catch(report);
    }, undefined),
    consent: guard((granted: boolean) => {
      if (destroyed || granted === consented) return;
      consented = granted;
      if (granted) {
        void startServices().catch(report);
        return;
      }
      teardown();
      stopServices();
      // Withdrawn: forget this visitor (the answers already given stay queued).
      void store?.set('visitor', undefined).catch(report);
    }, undefined),
    explain: guard(
      (surveyId: string) =>
        missing(surveyId) ??
        targeting?.explain(surveyId) ??
        Promise.resolve<Explanation>({
          surveyId,
          eligible: false,
          reasons: consented ? [] : [{ rule: 'consent' }],
        }),
      Promise.resolve<Explanation>({ surveyId: '', eligible: false, reasons: [] }),
    ),
    flush: guard(
      (options?: FlushOptions) => sender?.flush(options) ?? Promise.resolve(),
      Promise.resolve(),
    ),
    status: guard(() => sender?.status() ?? Promise.resolve(noOutbox), Promise.resolve(noOutbox)),
    on: guard((event, handler) => emitter.on(event, handler), undefined),
    off: guard((event, handler) => emitter.off(event, handler), undefined),
    destroy: guard(() => {
      destroyed = true;
      teardown();
      stopServices();
      emitter.clear();
    }, undefined),
  };
}
