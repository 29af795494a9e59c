// Loaded into a Chromium page by the benchmark: the outbox on real IndexedDB.
import { createOutbox, limits } from '../../src/delivery/outbox.js';
import { uuidv7 } from '../../src/delivery/uuid.js';
import { normalizeSurvey } from '../../src/survey/normalize.js';
import { scoreResponse } from '../../src/survey/response.js';
import type { SurveyDefinition } from '../../src/survey/types.js';

// The benchmark answers plain survey definitions; the widget answers them normalized.
const answer = (survey: SurveyDefinition, ...rest: [number, Parameters<typeof scoreResponse>[2]]) =>
  scoreResponse(normalizeSurvey(survey), ...rest);

Object.assign(window, { createOutbox, limits, scoreResponse: answer, uuidv7 });
