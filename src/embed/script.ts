// The script-tag entry (dist/surveylet.js): the only module that touches the page
// on load. It reads its own <script data-*> tag, replaces the command-queue stub
// with the real `window.surveylet`, replays the queued calls in order, and defines
// <surveylet-survey>.

import { createCommandRunner } from './commands.js';
import { defineSurveyElement } from './SurveyElement.js';
import { configFromScript, missingEndpoint, warnUnknownAttributes } from './scriptConfig.js';

type Stub = ((...args: unknown[]) => unknown) & { q?: ArrayLike<unknown>[]; loaded?: boolean };

const w = window as unknown as { surveylet?: Stub };
// Loaded twice (a tag manager and the page): the first copy keeps the page.
if (!w.surveylet?.loaded) {
  const queued = [...(w.surveylet?.q ?? [])].map((args) => Array.from(args));
  const run = createCommandRunner();
  const api: Stub = (verb, ...args) => run(verb, ...args);
  api.loaded = true;
  w.surveylet = api;
  const script = document.currentScript;
  const fromTag = script ? configFromScript(script) : null;
  const initQueued = queued.some((args) => args[0] === 'init');
  if (script) warnUnknownAttributes(script);
  if (fromTag && !initQueued) run('init', fromTag);
  else if (!fromTag && !initQueued && Object.keys(script?.dataset ?? {}).length > 0) {
    console.warn(missingEndpoint);
  }
  for (const [verb, ...args] of queued) run(verb, ...args);
  defineSurveyElement();
}
