// Loaded into a Chromium page by the benchmark: the outbox on real IndexedDB.
import { createOutbox, limits } from '../../src/core/outbox.js';
import { scoreResponse } from '../../src/core/response.js';
import { uuidv7 } from '../../src/core/uuid.js';

Object.assign(window, { createOutbox, limits, scoreResponse, uuidv7 });
