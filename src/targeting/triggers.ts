import type { Timers } from '../delivery/timers.js';
import type { SurveyDefinition } from '../survey/types.js';
import { urlAllowed } from './urls.js';

type Listener = (event: Event) => void;
interface Listenable {
  addEventListener(type: string, listener: Listener, options?: AddEventListenerOptions): void;
  removeEventListener(type: string, listener: Listener): void;
}

/** The parts of `window` the triggers watch. */
export interface TriggerPage extends Listenable {
  location: { href: string };
  scrollY: number;
  innerHeight: number;
  document: Listenable & { documentElement: { scrollHeight: number } };
  matchMedia?(query: string): { matches: boolean };
  history: History;
  /** The Navigation API, where the browser has it. */
  navigation?: Listenable;
}

/** A running set of triggers. */
export interface TriggerWatch {
  /** A host event: fires the surveys whose `trigger.event` it names. */
  track(eventName: string): void;
  /** Removes every listener and timer, and unwraps the History API if it was wrapped. */
  stop(): void;
}

/**
 * Watches the triggers of `surveys` and calls `fire(surveyId)` when
 * one is met: `event`, `scrollPercent` and `exitIntent` are alternatives, any of
 * which fires; with none of them the page view fires; `delayMs` then waits; `urls`
 * decides which surveys are armed on the current URL, re-checked on single-page-app
 * navigation (each time, `onArmed` hears which are armed). Listeners exist only while an armed survey needs them, and nothing
 * polls: an idle page runs no timer of the widget.
 */
export function watchTriggers(
  surveys: SurveyDefinition[],
  page: TriggerPage,
  timers: Timers,
  fire: (surveyId: string) => void,
  onArmed: (surveys: SurveyDefinition[]) => void,
): TriggerWatch {
  const delays = new Set<unknown>();
  const added: [Listenable, string, Listener][] = [];
  let armed: SurveyDefinition[] = [];
  let stopped = false;

  const listen = (target: Listenable, type: string, listener: Listener, passive = false) => {
    target.addEventListener(type, listener, passive ? { passive: true } : undefined);
    added.push([target, type, listener]);
  };
  const unlisten = (type: string) => {
    for (const entry of added.filter(([, t]) => t === type)) {
      entry[0].removeEventListener(type, entry[2]);
      added.splice(added.indexOf(entry), 1);
    }
  };

  const trip = (survey: SurveyDefinition) => {
    if (!armed.includes(survey)) return;
    armed = armed.filter((s) => s !== survey);
    const timer = timers.set(() => {
      delays.delete(timer);
      fire(survey.id);
    }, survey.trigger?.delayMs ?? 0);
    delays.add(timer);
    refreshListeners();
  };

  const scrolled = () => {
    const height = page.document.documentElement.scrollHeight;
    const seen =
      height <= page.innerHeight ? 100 : ((page.scrollY + page.innerHeight) / height) * 100;
    for (const survey of armed) {
      const wanted = survey.trigger?.scrollPercent;
      if (wanted !== undefined && seen >= wanted) trip(survey);
    }
  };

  // Exit intent is a desktop signal: the pointer leaving through the top edge.
  const desktop = page.matchMedia?.('(hover: hover) and (pointer: fine)').matches ?? false;
  const leaving = (event: Event) => {
    const { relatedTarget, clientY } = event as MouseEvent;
    if (relatedTarget !== null || clientY > 0) return;
    for (const survey of armed) if (survey.trigger?.exitIntent) trip(survey);
  };

  function refreshListeners() {
    const wants = (key: 'scrollPercent' | 'exitIntent') =>
      armed.some((s) => s.trigger?.[key] !== undefined && s.trigger[key] !== false);
    const has = (type: string) => added.some(([, t]) => t === type);
    if (wants('scrollPercent') && !has('scroll')) listen(page, 'scroll', scrolled, true);
    if (!wants('scrollPercent')) unlisten('scroll');
    if (desktop && wants('exitIntent') && !has('mouseout'))
      listen(page.document, 'mouseout', leaving);
    if (!wants('exitIntent')) unlisten('mouseout');
  }

  const arm = () => {
    for (const timer of delays) timers.clear(timer);
    delays.clear();
    const url = page.location.href;
    armed = surveys.filter((s) => urlAllowed(s.trigger?.urls, url));
    onArmed(armed);
    refreshListeners();
    for (const survey of [...armed]) {
      const t = survey.trigger ?? {};
      if (t.event === undefined && t.scrollPercent === undefined && !t.exitIntent) trip(survey);
    }
    if (armed.some((s) => s.trigger?.scrollPercent !== undefined)) scrolled();
  };

  // Single-page apps: the Navigation API where present; else the History API,
  // wrapped (and unwrapped on stop) because pushState fires no event of its own.
  let lastUrl = page.location.href;
  const navigated = () => {
    if (stopped || page.location.href === lastUrl) return;
    lastUrl = page.location.href;
    arm();
  };
  const watchesUrls = surveys.some((s) => s.trigger?.urls);
  const unwrap: (() => void)[] = [];
  if (watchesUrls) {
    if (page.navigation) listen(page.navigation, 'navigatesuccess', navigated);
    else {
      listen(page, 'popstate', navigated);
      for (const method of ['pushState', 'replaceState'] as const) {
        const original = page.history[method];
        const wrapped = function (this: History, ...args: Parameters<History['pushState']>) {
          const result = original.apply(this, args);
          navigated();
          return result;
        };
        page.history[method] = wrapped;
        unwrap.push(() => {
          // Only if nobody wrapped it after us; otherwise our wrapper just goes quiet.
          if (page.history[method] === wrapped) page.history[method] = original;
        });
      }
    }
  }

  arm();

  return {
    track(eventName) {
      for (const survey of [...armed]) if (survey.trigger?.event === eventName) trip(survey);
    },
    stop() {
      stopped = true;
      for (const timer of delays) timers.clear(timer);
      delays.clear();
      for (const [target, type, listener] of added.splice(0))
        target.removeEventListener(type, listener);
      for (const restore of unwrap) restore();
      armed = [];
    },
  };
}
