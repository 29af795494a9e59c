// The survey UI file (dist/surveylet-ui.js), beside the loader: Preact, the card and its
// styles; the wording is one file per language beside it (dist/surveylet-<locale>.js).
// It defines no global: it hands itself to the <script> element the loader made for it,
// through the property the loader set on that element.
import type { BuiltInLocale } from '../survey/languages.js';
import { presentSurvey } from '../ui/present.js';
import { type ChunkScript, handoff, type UIFile } from './chunk.js';

// The wording files' SRI hashes, written in at build time (they are built first).
declare const __SURVEYLET_WORDING_INTEGRITY__: Record<BuiltInLocale, string>;

const file: UIFile = { present: presentSurvey, integrity: __SURVEYLET_WORDING_INTEGRITY__ };
(document.currentScript as ChunkScript | null)?.[handoff]?.(file);
