export type { SurveyProps } from './embed/Survey.js';
export { Survey } from './embed/Survey.js';
