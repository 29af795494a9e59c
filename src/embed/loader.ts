// The script-tag entry every page view pays for (dist/surveylet.js): command queue,
// config check, targeting, consent and the outbox. The survey UI (Preact, the card,
// its styles and wording) is a file beside this one, fetched when a survey is armed.
import { createWidget } from '../widget/widget.js';
import { uiFrom } from './chunk.js';
import { startScriptTag } from './script.js';

const script = document.currentScript;
const ui = uiFrom(script as HTMLScriptElement | null);
startScriptTag((config, runtime = {}) => createWidget(config, runtime, ui), script);
