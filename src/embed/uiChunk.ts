// The survey UI file (dist/surveylet-ui.js), beside the loader: Preact, the card, its
// styles and wording. It defines no global: it hands itself to the <script> element the
// loader made for it, through the property the loader set on that element.
import { presentSurvey } from '../ui/present.js';
import { handoff, type UIScript } from './chunk.js';

(document.currentScript as UIScript | null)?.[handoff]?.(presentSurvey);
