// Entry of `surveylet/element`: importing it defines <surveylet-survey>.
import { defineSurveyElement } from '../ui/SurveyElement.js';

defineSurveyElement();
