import type { SurveyletConfig } from '../survey/types.js';
import { validateConfig } from '../survey/validate.js';
import { presentSurvey } from '../ui/present.js';
import { createWidget, type Runtime, type Surveylet } from './widget.js';

export type { Present, Runtime, ShowOptions, Surveylet, UISource } from './widget.js';

/**
 * Starts Surveylet with the survey UI at hand: the npm entries and the single-file
 * bundle, where the app's bundler (or the one file) already carries Preact and the card,
 * and with the config's full messages at hand.
 * The script tag's loader starts the same widget with a UI fetched when a survey is armed.
 */
export function createSurveylet(config: SurveyletConfig, runtime: Runtime = {}): Surveylet {
  return createWidget(config, runtime, presentSurvey, validateConfig);
}
