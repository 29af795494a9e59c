export type { Metric, Scale } from './core/scoring.js';
export {
  categorize,
  csatPercent,
  headlineMetric,
  meanScore,
  npsScore,
  scaleOf,
} from './core/scoring.js';
export type { FlushOptions } from './core/sender.js';
export type {
  AudienceRule,
  Batch,
  Category,
  CesVariant,
  ColorScheme,
  CsatStyle,
  FailureReason,
  FollowUp,
  Position,
  Strings,
  SurveyDefinition,
  SurveyletConfig,
  SurveyletEvent,
  SurveyletEvents,
  SurveyResponse,
  SurveyType,
  Theme,
  Trigger,
} from './core/types.js';
export { validateConfig } from './core/validate.js';
export type { ShowOptions, Surveylet } from './ui/surveylet.js';
export { createSurveylet } from './ui/surveylet.js';
