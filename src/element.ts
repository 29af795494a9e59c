// Entry of `surveylet/element`: importing it defines <surveylet-survey> (a side effect
// package.json declares, so no bundler drops it).
import { defineSurveyElement } from './embed/SurveyElement.js';
import type { SurveyletSurveyElement } from './embed/surveyElementTypes.js';

defineSurveyElement();

export { defineSurveyElement, surveyElementName } from './embed/SurveyElement.js';
export type {
  SurveyElementAttributes,
  SurveyElementEvent,
  SurveyElementEventMap,
  SurveyElementSurvey,
  SurveyletSurveyElement,
} from './embed/surveyElementTypes.js';

// Importing the entry defines the element, so it also tells TypeScript what
// `document.querySelector('surveylet-survey')` and `createElement` return.
declare global {
  interface HTMLElementTagNameMap {
    'surveylet-survey': SurveyletSurveyElement;
  }
}
