import { attachLifecycle, type PageLike } from '../delivery/lifecycle.js';
import { createOutbox, type Outbox } from '../delivery/outbox.js';
import { forgetQueued } from '../delivery/outboxStorage.js';
import { refusalMessage } from '../delivery/retry.js';
import type { Timers } from '../delivery/timers.js';
import { uuidv7 } from '../delivery/uuid.js';
import type { Diagnostics } from '../survey/diagnose.js';
import type { SurveyDefinition, SurveyletConfig, SurveyletEvents } from '../survey/types.js';
import type { Explanation } from '../targeting/eligibility.js';
import { keyValue } from '../targeting/keyValue.js';
import { loadRemoteConfig } from '../targeting/remoteConfig.js';
import { createTargeting, type Targeting } from '../targeting/targeting.js';
import type { TriggerPage } from '../targeting/triggers.js';
import { forgetVisitor } from '../targeting/visitor.js';
import type { Emitter } from './emitter.js';
import type { Runtime } from './widget.js';

/** What the services need from the widget around them. */
export interface ServicesContext {
  window: Window;
  /** The checked inline config. */
  settings: SurveyletConfig;
  /** The loader's: where the config check's full words are (for the remote config too). */
  diagnostics?: Diagnostics;
  runtime: Runtime;
  now: () => number;
  timers: Timers;
  emitter: Emitter<SurveyletEvents>;
  report: (error: unknown) => void;
  log: (decision: Explanation) => void;
  /** The component and the element show what the host asks: no triggers, no records. */
  embedded: boolean;
  /** The survey on screen, if any. */
  onScreen(): string | null;
  /** Fetches the survey UI ahead of need; rejects, unreported, when it cannot load. */
  preload(): Promise<void>;
  /** Gets the survey UI at hand for a survey due now; reports and rejects when it cannot load. */
  prepare(): Promise<void>;
  /** Targeting decided a survey is due. */
  due(survey: SurveyDefinition): void;
}

/**
 * What runs on every page once consent allows it, survey on screen or not: the
 * remote config, the outbox (so queued answers drain on every page), and targeting
 * (visitor state, triggers). Started and stopped as a whole, on consent.
 */
export function createServices(ctx: ServicesContext) {
  const win = ctx.window;
  const { now, timers, report, runtime, emitter } = ctx;
  // Read by the widget as it changes: the config grows with configUrl's surveys, and
  // the outbox and targeting exist only while consent allows them.
  const state = {
    settings: ctx.settings,
    surveys: byId(ctx.settings),
    // Whether configUrl, if any, has been read: until then any id may yet be defined.
    loaded: !ctx.settings.configUrl,
    sender: null as Outbox | null,
    targeting: null as Targeting | null,
    store: null as ReturnType<typeof keyValue> | null,
    start,
    stop,
    forget,
  };
  let detachLifecycle: (() => void) | null = null;
  let generation = 0;
  // Dead answers, refused now or kept by an earlier page, are named once per page.
  let deadWarned = false;

  function openOutbox(endpointSetting: string) {
    const endpoint = new URL(endpointSetting, win.location.href).href;
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
      headers: state.settings.headers,
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
    state.sender = outbox;
    void warnDead();
    detachLifecycle = attachLifecycle(outbox, win as unknown as PageLike);
  }

  const visitorStore = () => {
    state.store ??= keyValue('surveylet-visitor', 'state', report, timers);
    return state.store;
  };

  async function start() {
    const started = ++generation;
    const store = visitorStore();
    let settings = state.settings;
    if (settings.configUrl) {
      const remote = await loadRemoteConfig(
        settings.configUrl,
        win.location.origin,
        store,
        runtime.fetch ?? ((input, init) => globalThis.fetch(input, init)),
        now,
        ctx.diagnostics,
      );
      if (started !== generation) return;
      // Warned at the first load only (once per page); trouble that passes by itself,
      // with a good copy in use, is news only when debugging.
      if (!state.loaded && (!remote.transient || settings.debug))
        for (const message of remote.problems) console.warn(message);
      state.loaded = true;
      const inline = settings.surveys ?? [];
      const fromServer = (remote.config.surveys ?? []).filter(
        (s) => !inline.some((mine) => mine.id === s.id),
      );
      settings = { ...remote.config, ...settings, surveys: [...inline, ...fromServer] };
      state.settings = settings;
      state.surveys = byId(settings);
      if (!settings.endpoint) {
        console.warn(
          'surveylet: neither the config nor configUrl gives an endpoint; nothing is shown',
        );
      }
    }
    if (settings.endpoint) openOutbox(settings.endpoint);
    const targeting = createTargeting({
      // The widget's hooks (onScreen, preload, prepare, log), its clock and timers, as they are.
      ...ctx,
      surveys: [...state.surveys.values()],
      store,
      page: ctx.embedded || !state.sender ? null : (win as unknown as TriggerPage),
      newId: () => uuidv7(now(), runtime.randomBytes),
      minDaysBetweenSurveys: settings.minDaysBetweenSurveys,
      show: (surveyId) => {
        const survey = state.surveys.get(surveyId);
        if (survey) ctx.due(survey);
      },
    });
    state.targeting = targeting;
    targeting.ready.catch(report);
  }

  /**
   * Stops the services and deletes what this browser keeps of the visitor: the answers
   * waiting or refused, and the visitor state. Started again by the caller if it may.
   */
  async function forget() {
    stop();
    await Promise.all([
      forgetQueued({ timers, ...runtime.outbox }, report),
      forgetVisitor(visitorStore()),
    ]);
  }

  function stop() {
    generation += 1;
    state.targeting?.stop();
    state.targeting = null;
    detachLifecycle?.();
    detachLifecycle = null;
    state.sender?.destroy();
    state.sender = null;
  }

  return state;
}

const byId = (settings: SurveyletConfig) =>
  new Map((settings.surveys ?? []).map((survey) => [survey.id, survey]));

/** The services of one widget. */
export type Services = ReturnType<typeof createServices>;
