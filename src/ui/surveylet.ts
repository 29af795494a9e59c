import { createEmitter } from '../core/emitter.js';
import { resolveLocale, stringsFor } from '../core/i18n.js';
import { attachLifecycle, type PageLike } from '../core/lifecycle.js';
import { createOutbox, type OutboxOptions, type OutboxStatus } from '../core/outbox.js';
import type { FetchLike } from '../core/sender.js';
import type {
  SurveyDefinition,
  SurveyletConfig,
  SurveyletEvent,
  SurveyletEvents,
  SurveyResponse,
} from '../core/types.js';
import { type RandomBytes, uuidv7 } from '../core/uuid.js';
import { describeValue, validateConfig } from '../core/validate.js';
import { wordingOf } from '../core/wording.js';
import { createFlow } from './flow.js';
import { mountCard } from './mount.js';

/** Options of `show()`. */
export interface ShowOptions {
  /** Element an `inline` survey renders into (required for inline surveys). */
  container?: HTMLElement;
}

/** A running widget: the verbs of the command queue as methods (product.md §1.3). */
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
  /** Grants or withdraws consent when `requireConsent` is set. */
  consent(granted: boolean): void;
  /** Sends queued answers now, including those waiting out a retry delay. */
  flush(): Promise<void>;
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
  /** The outbox's own surroundings: storage, timers, locks, tab channel, beacon. */
  outbox?: Omit<OutboxOptions, 'endpoint' | 'hooks'>;
  /** Forces every survey to this position (the component and custom element use `inline`). */
  position?: SurveyDefinition['position'];
}

interface OnScreen {
  survey: SurveyDefinition;
  responseId: string;
  unmount(): void;
  host: HTMLElement;
  ownsHost: boolean;
}

const pageViewKeys = ['delayMs'];
const noOutbox: OutboxStatus = {
  persistence: 'memory',
  pending: 0,
  dead: 0,
  oldestPendingAgeMs: null,
  pausedUntil: null,
};

/**
 * Starts Surveylet: validates the config (warning once per problem), then shows
 * the first survey whose trigger is a page view. Never throws: problems go to the
 * console as warnings, background errors to `onError` and the `error` event.
 */
export function createSurveylet(config: SurveyletConfig, runtime: Runtime = {}): Surveylet {
  const win = runtime.window ?? (typeof window === 'undefined' ? undefined : window);
  const now = runtime.now ?? Date.now;
  const { value: settings, problems } = validateConfig(config, win?.location.origin ?? 'null');
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
  const debug = (message: string) => {
    if (settings.debug) console.info(`surveylet: ${message}`);
  };

  const surveys = new Map((settings.surveys ?? []).map((survey) => [survey.id, survey]));
  const sender =
    settings.endpoint && win
      ? createOutbox({
          endpoint: new URL(settings.endpoint, win.location.href).href,
          headers: settings.headers,
          fetch: runtime.fetch,
          now,
          ...runtime.outbox,
          hooks: {
            queued: (response) => emitter.emit('queued', response),
            delivered: (response) => emitter.emit('delivered', response),
            failed: (response, reason) => emitter.emit('failed', { response, reason }),
            error: report,
          },
        })
      : null;
  const detachLifecycle = sender ? attachLifecycle(sender, win as unknown as PageLike) : null;

  const doc = win?.document;
  const locale = resolveLocale([
    settings.locale,
    doc?.documentElement.lang,
    ...(win?.navigator.languages ?? []),
    win?.navigator.language,
  ]);
  const strings = stringsFor(locale.locale, settings.strings);
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let user: SurveyResponse['user'] = null;
  let visitorId = uuidv7(now(), runtime.randomBytes);
  let consented = !settings.requireConsent;
  let destroyed = false;
  let current: OnScreen | null = null;

  const teardown = () => {
    const closing = current;
    current = null;
    if (!closing) return;
    closing.unmount();
    if (closing.ownsHost) closing.host.remove();
  };

  const show = (surveyId: string, options: ShowOptions = {}) => {
    if (destroyed || !win || !doc) return;
    if (!consented) return debug(`"${surveyId}" not shown: waiting for consent(true)`);
    if (!sender) return debug(`"${surveyId}" not shown: no valid endpoint to send answers to`);
    const survey = surveys.get(surveyId);
    if (!survey) {
      const known = [...surveys.keys()].map((id) => `"${id}"`).join(', ') || 'none';
      console.warn(`surveylet: show(${describeValue(surveyId)}) names no survey; known: ${known}`);
      return;
    }
    const position = runtime.position ?? survey.position ?? 'bottom-right';
    if (position === 'inline' && !options.container) {
      console.warn(
        `surveylet: show("${surveyId}") needs { container: element } because the survey is inline`,
      );
      return;
    }
    teardown();
    const host = options.container ?? doc.createElement('div');
    const responseId = uuidv7(now(), runtime.randomBytes);
    const flow = createFlow(
      survey,
      wordingOf(survey, strings, settings.brand),
      () => ({
        id: responseId,
        now: now(),
        locale: locale.tag,
        page: { url: win.location.href, referrer: doc.referrer },
        visitorId,
        user,
      }),
      {
        answered(response) {
          void sender.enqueue(response);
          emitter.emit('answered', response);
        },
        submitted(response) {
          if (response.revision > 1) void sender.enqueue(response);
          emitter.emit('submitted', response);
        },
        closed(step) {
          if (current?.responseId === responseId) teardown();
          if (step !== 'thanks') emitter.emit('dismissed', { surveyId, responseId, step });
        },
      },
      now,
    );
    if (!options.container) (doc.body ?? doc.documentElement).append(host);
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
    current = { survey, responseId, unmount, host, ownsHost: !options.container };
    debug(`"${surveyId}" shown`);
    emitter.emit('shown', { surveyId, responseId });
  };

  const schedule = () => {
    const next = [...surveys.values()].find(
      (survey) =>
        (runtime.position ?? survey.position) !== 'inline' &&
        Object.keys(survey.trigger ?? {}).every((key) => pageViewKeys.includes(key)),
    );
    if (!next) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!current) show(next.id);
    }, next.trigger?.delayMs ?? 0);
    timers.add(timer);
  };

  const clearTimers = () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
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

  if (win && consented) schedule();

  return {
    problems,
    show: guard(show, undefined),
    hide: guard(teardown, undefined),
    track: guard((eventName: string) => {
      if (destroyed || current) return;
      const match = [...surveys.values()].find((survey) => survey.trigger?.event === eventName);
      if (match) show(match.id);
    }, undefined),
    identify: guard((userId: string, traits: Record<string, unknown> = {}) => {
      if (typeof userId !== 'string' || userId === '') {
        console.warn(
          `surveylet: identify(userId) needs a non-empty string (got ${describeValue(userId)})`,
        );
        return;
      }
      user = { id: userId, traits: { ...traits } };
    }, undefined),
    reset: guard(() => {
      user = null;
      visitorId = uuidv7(now(), runtime.randomBytes);
    }, undefined),
    consent: guard((granted: boolean) => {
      if (destroyed || granted === consented) return;
      consented = granted;
      if (granted) schedule();
      else {
        clearTimers();
        teardown();
      }
    }, undefined),
    flush: guard(() => sender?.flush() ?? Promise.resolve(), Promise.resolve()),
    status: guard(() => sender?.status() ?? Promise.resolve(noOutbox), Promise.resolve(noOutbox)),
    on: guard((event, handler) => emitter.on(event, handler), undefined),
    off: guard((event, handler) => emitter.off(event, handler), undefined),
    destroy: guard(() => {
      destroyed = true;
      clearTimers();
      teardown();
      detachLifecycle?.();
      sender?.destroy();
      emitter.clear();
    }, undefined),
  };
}
