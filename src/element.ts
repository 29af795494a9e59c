// Entry of `surveylet/element`: importing it defines <surveylet-survey> (a side effect
// package.json declares, so no bundler drops it).
import { defineSurveyElementWith } from './embed/SurveyElement.js';
import type { SurveyletSurveyElement } from './embed/surveyElementTypes.js';
import { createSurveylet } from './widget/surveylet.js';

/**
 * Defines `<surveylet-survey>` (see the element's attributes and events in the
 * typings); safe to call more than once, and a no-op outside browsers.
 */
export function defineSurveyElement(registry = globalThis.customElements): void {
  defineSurveyElementWith(createSurveylet, registry);
}

defineSurveyElement();

export { surveyElementName } from './embed/SurveyElement.js';
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
