// The script-tag entry every page view pays for (dist/surveylet.js): command queue,
// config check, targeting, consent and the outbox. The survey UI (Preact, the card,
// its styles and wording) is a file beside this one, fetched when a survey is armed.
import { createWidget } from '../widget/widget.js';
import { diagnosticsFrom, uiFrom } from './chunk.js';
import { startScriptTag } from './script.js';

const script = document.currentScript as HTMLScriptElement | null;
const ui = uiFrom(script);
// This build says config problems in short (see `full` in survey/diagnose.ts); their full
// words are a file beside this one, fetched only when there is a problem to say.
const diagnostics = diagnosticsFrom(script);
startScriptTag((config, runtime = {}) => createWidget(config, runtime, ui, diagnostics), script);
