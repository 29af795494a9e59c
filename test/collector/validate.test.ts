import { describe, expect, it } from 'vitest';
import { checkBatch } from '../../src/collector/validate.js';
import { answer, batch } from './fixtures.js';

describe('checkBatch', () => {
  it('accepts what the widget sends, of every type', () => {
    const good = batch(
      answer(0),
      answer(10),
      answer(3, { id: 'c', type: 'csat' }),
      answer(7, { id: 'a', type: 'ces' }),
      answer(1, { id: 'e', type: 'ces', variant: 'effort' }),
    );
    expect(checkBatch(good)).toEqual({ batch: good });
  });

  it.each([
    [null, 'body must be a JSON object (got null)'],
    [{ v: 2, responses: [] }, 'v must be 1 (got 2)'],
    [{ v: 1, responses: [] }, 'responses must be an array of 1 to 100 responses'],
    [batch(answer(9, undefined, { id: 'x' })), 'responses[0].id must be a UUID (got "x")'],
    [
      batch(answer(9, undefined, { revision: 0 })),
      'responses[0].revision must be an integer ≥ 1 (got 0)',
    ],
    [
      batch(answer(9, undefined, { surveyId: '' })),
      'responses[0].surveyId must be a non-empty string (got "")',
    ],
    [
      batch(answer(9, undefined, { type: 'npss' as 'nps' })),
      'responses[0].type must be "nps", "csat" or "ces" (got "npss")',
    ],
    [
      batch(answer(9, undefined, { variant: 'effort' })),
      'responses[0].variant must be null (got "effort")',
    ],
    [
      batch(answer(9, undefined, { score: 11 })),
      'responses[0].score must be an integer from 0 to 10 (got 11)',
    ],
    [
      batch(answer(4, { id: 'c', type: 'csat' }, { score: 0 })),
      'responses[0].score must be an integer from 1 to 5 (got 0)',
    ],
    [
      batch(answer(9, undefined, { category: 'detractor' })),
      'responses[0].category must be "promoter" for score 9 (got "detractor")',
    ],
    [
      batch(answer(9, undefined, { comment: 5 as unknown as string })),
      'responses[0].comment must be null or a string of at most 10,000 characters (got 5)',
    ],
    [
      batch(answer(9, undefined, { complete: 'yes' as unknown as boolean })),
      'responses[0].complete must be true or false (got "yes")',
    ],
    [
      batch(answer(9, undefined, { createdAt: 'yesterday' })),
      'responses[0].createdAt must be an ISO date-time (got "yesterday")',
    ],
    [
      batch(answer(9, undefined, { user: { id: 'u' } as never })),
      'responses[0].user must be null or { id, traits } (got {"id":"u"})',
    ],
  ])('names the bad field: %#', (body, message) => {
    expect(checkBatch(body)).toEqual({ problem: message });
  });
});
