import { namedStrings, pageLocale } from '../survey/languages.js';
import { wordings } from '../survey/locales.js';
import type { SurveyletConfig } from '../survey/types.js';
import { type Present, presentSurvey } from '../ui/present.js';
import { createWidget, type Runtime, type Surveylet } from './widget.js';

export type { Present, Runtime, ShowOptions, Surveylet, UISource } from './widget.js';

/** The survey UI with every built-in language at hand: each survey speaks its page's. */
const inAnyLanguage: Present = (p) => {
  const locale = pageLocale(p.settings.locale, p.window);
  return presentSurvey(p, locale, namedStrings(wordings[locale.locale]));
};

/**
 * Starts Surveylet with the survey UI at hand: the npm entries and the single-file
 * bundle, where the app's bundler (or the one file) already carries Preact and the card.
 * The script tag's loader starts the same widget with a UI fetched when a survey is armed.
 */
export function createSurveylet(config: SurveyletConfig, runtime: Runtime = {}): Surveylet {
  return createWidget(config, runtime, inAnyLanguage);
}
