import './embed/element.js';
import type { SurveyletSurveyElement } from './ui/surveyElementTypes.js';

export { defineSurveyElement, surveyElementName } from './ui/SurveyElement.js';
export type {
  SurveyElementAttributes,
  SurveyElementEvent,
  SurveyElementEventMap,
  SurveyElementSurvey,
  SurveyletSurveyElement,
} from './ui/surveyElementTypes.js';

// Importing the entry defines the element, so it also tells TypeScript what
// `document.querySelector('surveylet-survey')` and `createElement` return.
declare global {
  interface HTMLElementTagNameMap {
    'surveylet-survey': SurveyletSurveyElement;
  }
}
