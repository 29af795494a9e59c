// @vitest-environment node
// Pure code: no DOM, so nothing here passes on a global only happy-dom provides.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/delivery/uuid.js';
import schema from '../../src/protocol.schema.json';
import { normalizeSurvey } from '../../src/survey/normalize.js';
import { commentResponse, scoreResponse } from '../../src/survey/response.js';
import type { Batch, SurveyDefinition } from '../../src/survey/types.js';

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function batchOf(survey: SurveyDefinition, score: number, comment?: string): Batch {
  const first = scoreResponse(normalizeSurvey(survey), score, {
    id: uuidv7(),
    now: Date.now(),
    locale: 'en-US',
    page: { url: 'https://shop.example.com/done', referrer: '' },
    visitorId: uuidv7(),
    user: { id: 'user-42', traits: { plan: 'pro' } },
  });
  const response = comment === undefined ? first : commentResponse(first, comment, Date.now());
  return { v: 1, sentAt: new Date().toISOString(), responses: [response] };
}

describe('protocol.schema.json', () => {
  it.each([
    [{ id: 'n', type: 'nps' } as const, 0],
    [{ id: 'n', type: 'nps' } as const, 10],
    [{ id: 'c', type: 'csat' } as const, 3],
    [{ id: 'a', type: 'ces' } as const, 7],
    [{ id: 'e', type: 'ces', variant: 'effort' } as const, 1],
  ])('accepts what the widget sends for %j, score %i', (survey, score) => {
    expect(validate(batchOf(survey, score)), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(batchOf(survey, score, 'Because')), JSON.stringify(validate.errors)).toBe(true);
  });

  it('refuses what a collector must refuse', () => {
    const good = batchOf({ id: 'n', type: 'nps' }, 9);
    const bad = (change: (b: Batch) => unknown) => {
      const copy = structuredClone(good) as Batch;
      change(copy);
      return validate(copy);
    };
    expect(bad((b) => Object.assign(b, { v: 2 }))).toBe(false);
    expect(bad((b) => Object.assign(b.responses[0] as object, { score: 11 }))).toBe(false);
    expect(bad((b) => Object.assign(b.responses[0] as object, { id: 'not-a-uuid' }))).toBe(false);
    expect(bad((b) => Object.assign(b.responses[0] as object, { category: 'satisfied' }))).toBe(
      false,
    );
    expect(bad((b) => Object.assign(b, { responses: [] }))).toBe(false);
  });
});
