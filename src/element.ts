import './embed/element.js';

export { defineSurveyElement, surveyElementName } from './ui/SurveyElement.js';
