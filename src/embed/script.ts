import type { SurveyletConfig } from '../survey/types.js';
import type { Runtime, Surveylet } from '../widget/surveylet.js';
import { createCommandRunner } from './commands.js';
import { defineSurveyElementWith } from './SurveyElement.js';
import { configFromScript, missingEndpoint, warnUnknownAttributes } from './scriptConfig.js';

type Stub = ((...args: unknown[]) => unknown) & { q?: ArrayLike<unknown>[]; loaded?: boolean };

/**
 * What a script-tag file does on load, the lean loader and the single-file bundle alike:
 * reads its own <script data-*> tag, replaces the command-queue stub with the real
 * `window.surveylet`, replays the queued calls in order, and defines <surveylet-survey>.
 * `create` starts a widget; the two files differ only in where it gets the survey UI.
 */
export function startScriptTag(
  create: (config: SurveyletConfig, runtime?: Runtime) => Surveylet,
  script: HTMLOrSVGScriptElement | null,
): void {
  const w = window as unknown as { surveylet?: Stub };
  // Loaded twice (a tag manager and the page): the first copy keeps the page.
  if (w.surveylet?.loaded) return;
  const queued = [...(w.surveylet?.q ?? [])].map((args) => Array.from(args));
  const run = createCommandRunner((config) => create(config));
  const api: Stub = (verb, ...args) => run(verb, ...args);
  api.loaded = true;
  w.surveylet = api;
  const fromTag = script ? configFromScript(script) : null;
  const initQueued = queued.some((args) => args[0] === 'init');
  if (script) warnUnknownAttributes(script);
  if (fromTag && !initQueued) run('init', fromTag);
  else if (!fromTag && !initQueued && Object.keys(script?.dataset ?? {}).length > 0) {
    console.warn(missingEndpoint);
  }
  for (const [verb, ...args] of queued) run(verb, ...args);
  defineSurveyElementWith(create);
}
