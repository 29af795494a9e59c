// The single-file script-tag entry (dist/surveylet.bundle.js): everything inside, for
// hosts that want one file and one integrity hash, at the cost of every page view
// paying for the survey UI.
import { createSurveylet } from '../widget/surveylet.js';
import { startScriptTag } from './script.js';

startScriptTag(createSurveylet, document.currentScript);
