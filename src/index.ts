export type { FlushOptions } from './delivery/sender.js';
export type { Metric, Scale } from './survey/scoring.js';
export {
  categorize,
  csatPercent,
  headlineMetric,
  meanScore,
  npsScore,
  scaleOf,
} from './survey/scoring.js';
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
} from './survey/types.js';
export { validateConfig } from './survey/validate.js';
export type { ShowOptions, Surveylet } from './widget/surveylet.js';
export { createSurveylet } from './widget/surveylet.js';
