export type { SurveyProps } from './ui/Survey.js';
export { Survey } from './ui/Survey.js';
