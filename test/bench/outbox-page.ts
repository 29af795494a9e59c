// Loaded into a Chromium page by the benchmark: the outbox on real IndexedDB.
import { createOutbox, limits } from '../../src/delivery/outbox.js';
import { uuidv7 } from '../../src/delivery/uuid.js';
import { scoreResponse } from '../../src/survey/response.js';

Object.assign(window, { createOutbox, limits, scoreResponse, uuidv7 });
