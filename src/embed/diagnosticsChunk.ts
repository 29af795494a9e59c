// The diagnostics file (surveylet-diagnostics.js), beside the loader: the config's full
// messages, with did-you-mean, which the loader fetches only when its rules find a
// problem. Like the survey UI file it defines no global: it hands the full validator to
// the <script> element the loader made for it, through the property the loader set.
import type { Validate } from '../survey/diagnose.js';
import { validateConfig } from '../survey/validate.js';
import { handoff } from './chunk.js';

/** The <script> element the loader makes for the diagnostics file. */
export type DiagnosticsScript = HTMLScriptElement & { [handoff]?: (validate: Validate) => void };

(document.currentScript as DiagnosticsScript | null)?.[handoff]?.(validateConfig);
