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
    expect(checkBatch(good, Date.parse(good.sentAt))).toEqual({ batch: { ...good, events: [] } });
  });

  it.each([
    [null, 'body must be a JSON object (got null)'],
    [{ v: 2, responses: [] }, 'v must be 1 (got 2)'],
    [
      { v: 1, responses: [] },
      'responses must hold at least one response when a batch has no events',
    ],
    [{ v: 1, responses: {} }, 'responses must be an array of at most 100 responses'],
    [batch(answer(9, undefined, { id: 'x' })), 'responses[0].id must be a UUID (got "x")'],
    [
      batch(answer(9, undefined, { revision: 0 })),
      'responses[0].revision must be an integer from 1 to 2147483647 (got 0)',
    ],
    [
      batch(answer(9, undefined, { surveyId: '' })),
      'responses[0].surveyId must be a non-empty string of at most 200 characters (got "")',
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
      expect.stringMatching(
        /^responses\[0\]\.createdAt must be an ISO date-time like \d{4}-.*, from the last 8 days \(got "yesterday"\)$/,
      ),
    ],
    [
      batch(answer(9, undefined, { surveyId: 'x'.repeat(201) })),
      `responses[0].surveyId must be a non-empty string of at most 200 characters (got "${'x'.repeat(56)}...)`,
    ],
    [
      { v: 1, responses: [[answer(9)]] },
      // Said as the widget says it: what was sent is named, not printed.
      'responses[0] must be an object (got an array)',
    ],
    [
      batch(answer(9, undefined, { user: { id: 'u' } as never })),
      'responses[0].user must be null or { "id": string, "traits": object } (got {"id":"u"})',
    ],
  ])('names the bad field: %#', (body, message) => {
    expect(checkBatch(body)).toEqual({ problem: message });
  });

  it('places an answer from a computer whose clock is a day off at the right time', () => {
    const now = Date.now();
    const day = 86_400_000;
    const response = answer(9, undefined, {
      createdAt: new Date(now + day - 60_000).toISOString(),
      updatedAt: new Date(now + day - 60_000).toISOString(),
    });
    const checked = checkBatch(
      { v: 1, sentAt: new Date(now + day).toISOString(), responses: [response] },
      now,
    );
    if (!('batch' in checked)) throw new Error(checked.problem);
    expect(checked.batch.responses[0]?.createdAt).toBe(new Date(now - 60_000).toISOString());
  });

  it('refuses answers older than the outbox keeps them, or from the future', () => {
    const now = Date.now();
    const at = (ms: number) =>
      answer(9, undefined, {
        createdAt: new Date(ms).toISOString(),
        updatedAt: new Date(ms).toISOString(),
      });
    expect(checkBatch(batch(at(now - 9 * 86_400_000)), now)).toHaveProperty('problem');
    expect(checkBatch(batch(at(now + 10 * 60_000)), now)).toHaveProperty('problem');
    expect(checkBatch(batch(at(now - 7 * 86_400_000)), now)).toHaveProperty('batch');
    expect(checkBatch(batch(at(now + 60_000)), now)).toHaveProperty('batch');
  });

  it('keeps traits within bounds and cleans every string in them', () => {
    const traits = (value: Record<string, unknown>) =>
      checkBatch(batch(answer(9, undefined, { user: { id: 'u\u0000', traits: value } })));
    const cleaned = traits({ 'e\uD800': ['a\u0000'], plan: 'pro' });
    if (!('batch' in cleaned)) throw new Error(cleaned.problem);
    expect(cleaned.batch.responses[0]?.user).toEqual({
      id: 'u\uFFFD',
      traits: { 'e\uFFFD': ['a\uFFFD'], plan: 'pro' },
    });
    expect(traits(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i])))).toEqual(
      {
        problem: 'responses[0].user.traits: at most 100 entries in all',
      },
    );
    expect(traits({ bio: 'x'.repeat(1001) })).toEqual({
      problem: 'responses[0].user.traits: strings must be at most 1000 characters',
    });
  });
});

describe('traits from the internet', () => {
  it('keeps a trait named __proto__ as a trait, not as the prototype of the copy', () => {
    const sent = answer(9, undefined, {
      user: { id: 'u', traits: JSON.parse('{"__proto__":{"admin":true},"plan":"pro"}') },
    });
    const checked = checkBatch(batch(sent), Date.now());
    if (!('batch' in checked)) throw new Error(checked.problem);
    const traits = checked.batch.responses[0]?.user?.traits ?? {};
    expect(Object.keys(traits)).toEqual(['__proto__', 'plan']);
    expect(Object.getPrototypeOf(traits)).toBe(Object.prototype);
    expect(JSON.stringify(traits)).toBe('{"__proto__":{"admin":true},"plan":"pro"}');
  });
});
