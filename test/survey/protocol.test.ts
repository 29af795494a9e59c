// @vitest-environment node
// Pure code: no DOM, so nothing here passes on a global only happy-dom provides.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/delivery/uuid.js';
import schema from '../../src/protocol.schema.json';
import {
  contextLimits,
  deviceClasses,
  dismissSteps,
  eventKinds,
  utmKeys,
  viewportBuckets,
} from '../../src/survey/context.js';
import { normalizeSurvey } from '../../src/survey/normalize.js';
import { commentResponse, scoreResponse } from '../../src/survey/response.js';
import type { Batch, SurveyDefinition, SurveyEvent } from '../../src/survey/types.js';

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

describe('protocol.schema.json: context and events', () => {
  const { context, event } = schema.$defs;
  const answered = batchOf({ id: 'n', type: 'nps' }, 9);
  const response = answered.responses[0] as Batch['responses'][number];
  const shown: SurveyEvent = {
    id: uuidv7(),
    kind: 'shown',
    surveyId: response.surveyId,
    type: response.type,
    variant: response.variant,
    responseId: response.id,
    at: new Date().toISOString(),
    step: null,
    visitorId: response.visitorId,
    user: null,
    context: { path: '/done', device: 'mobile', viewport: '<480', hidden: { plan: 'pro' } },
  };
  const eventsOnly = (...events: unknown[]) => ({ ...answered, responses: [], events });

  it('lists the allowed values and limits of src/survey/context.ts, the one source', () => {
    expect(context.properties.device.enum).toEqual(deviceClasses);
    expect(context.properties.viewport.enum).toEqual(viewportBuckets.map((b) => b.name));
    expect(Object.keys(context.properties.utm.properties)).toEqual(utmKeys);
    expect(context.properties.path.maxLength).toBe(contextLimits.path);
    expect(context.properties.hidden.maxProperties).toBe(contextLimits.hiddenKeys);
    expect(context.properties.hidden.propertyNames.maxLength).toBe(contextLimits.hiddenKeyLength);
    expect(context.properties.hidden.additionalProperties.maxLength).toBe(
      contextLimits.hiddenValueLength,
    );
    expect(event.properties.kind.enum).toEqual(eventKinds);
    expect(event.properties.step.enum).toEqual([...dismissSteps, null]);
  });

  it('accepts a response with context, and a batch of events alone', () => {
    const withContext = { ...answered, responses: [{ ...response, context: shown.context }] };
    expect(validate(withContext), JSON.stringify(validate.errors)).toBe(true);
    const dismissed = { ...shown, id: uuidv7(), kind: 'dismissed', step: 'followUp' };
    expect(validate(eventsOnly(shown, dismissed)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('refuses a batch with nothing in it, and events the widget never sends', () => {
    expect(validate(eventsOnly())).toBe(false);
    expect(validate(eventsOnly({ ...shown, kind: 'hovered' }))).toBe(false);
    expect(validate(eventsOnly({ ...shown, step: 'score' }))).toBe(false);
    expect(validate(eventsOnly({ ...shown, kind: 'dismissed' }))).toBe(false);
    const many = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']));
    expect(validate(eventsOnly({ ...shown, context: { hidden: many } }))).toBe(false);
    expect(validate(eventsOnly({ ...shown, context: { device: 'watch' } }))).toBe(false);
  });
});
