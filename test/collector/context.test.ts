import { describe, expect, it } from 'vitest';
import { checkContext } from '../../src/collector/context.js';
import { checkBatch } from '../../src/collector/validate.js';
import { type ResponseContext, viewportBucket } from '../../src/survey/context.js';
import type { SurveyEvent } from '../../src/survey/types.js';
import { answer, batch, event, eventBatch } from './fixtures.js';

// The context of an answer and the events of a showing, as hostile senders send them:
// the wrong type is refused naming the field; anything else is bounded, never refused.

const full = {
  path: '/pricing',
  referrerOrigin: 'https://www.google.com',
  utm: { source: 'newsletter', medium: 'email', campaign: 'spring', term: 'nps', content: 'a' },
  device: 'mobile',
  viewport: '<480',
  language: 'de-DE',
  timeZone: 'Europe/Berlin',
  hidden: { plan: 'pro', cohort: '2026-05' },
} as const satisfies ResponseContext;

describe('context', () => {
  it('keeps every documented field as sent', () => {
    expect(checkContext(full, 'c')).toEqual({ context: full });
  });

  it('treats null and missing fields as absent, and an empty context as none', () => {
    expect(checkContext(undefined, 'c')).toEqual({ context: undefined });
    expect(checkContext({ path: null, utm: null }, 'c')).toEqual({ context: undefined });
    expect(checkContext({ device: 'desktop' }, 'c')).toEqual({ context: { device: 'desktop' } });
  });

  it('leaves out unknown keys and values outside the lists, so a later widget loses nothing', () => {
    const checked = checkContext(
      { device: 'watch', viewport: '5000', utm: { source: 'x', gclid: 'y' }, battery: 0.5 },
      'c',
    );
    expect(checked).toEqual({ context: { utm: { source: 'x' } } });
  });

  it.each([
    [{ path: 5 }, 'c.path must be a string (got 5)'],
    [{ device: ['mobile'] }, 'c.device must be a string (got an array)'],
    [{ utm: 'newsletter' }, 'c.utm must be an object of strings (got "newsletter")'],
    [{ utm: { source: { deep: 1 } } }, 'c.utm.source must be a string (got {"deep":1})'],
    [{ hidden: { plan: 3 } }, 'c.hidden.plan must be a string (got 3)'],
    [[], 'c must be an object (got an array)'],
  ])('refuses the wrong type naming the field: %j', (value, message) => {
    expect(checkContext(value, 'c')).toEqual({ problem: message });
  });

  it('bounds sizes and counts: strings cut, a handful of hidden fields kept', () => {
    const hidden = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'v']));
    const checked = checkContext(
      {
        path: `/${'a'.repeat(5000)}`,
        timeZone: 'x'.repeat(1000),
        // A string cut inside a surrogate pair would leave half a character behind.
        language: `${'l'.repeat(199)}😀`,
        hidden: { ...hidden, ['k'.repeat(51)]: 'long key', '': 'empty key' },
      },
      'c',
    );
    if (!('context' in checked) || !checked.context) throw new Error('refused');
    const { context } = checked;
    expect(context.path).toHaveLength(2048);
    expect(context.timeZone).toHaveLength(200);
    expect(context.language).toBe('l'.repeat(199));
    expect(Object.keys(context.hidden ?? {})).toEqual(
      Array.from({ length: 10 }, (_, i) => `k${i}`),
    );
  });

  it('keeps a hidden key named __proto__ as a key, not as the prototype', () => {
    const checked = checkContext(JSON.parse('{"hidden":{"__proto__":"x","plan":"pro"}}'), 'c');
    if (!('context' in checked)) throw new Error('refused');
    expect(Object.keys(checked.context?.hidden ?? {})).toEqual(['__proto__', 'plan']);
    expect(Object.getPrototypeOf(checked.context?.hidden)).toBe(Object.prototype);
  });

  it('puts widths in the documented buckets, edges included', () => {
    expect([0, 479, 480, 767, 768, 1023, 1024, 1439, 1440, 9999].map(viewportBucket)).toEqual([
      '<480',
      '<480',
      '480-767',
      '480-767',
      '768-1023',
      '768-1023',
      '1024-1439',
      '1024-1439',
      '>=1440',
      '>=1440',
    ]);
  });
});

describe('checkBatch with context and events', () => {
  const shown = answer(9);
  const now = Date.now();

  it('accepts a response with context, and a batch of events alone', () => {
    const withContext = batch({ ...shown, context: full });
    expect(checkBatch(withContext, now)).toMatchObject({
      batch: { responses: [{ context: full }] },
    });
    const events = eventBatch(
      event('shown', shown, { context: { device: 'tablet' } }),
      event('dismissed', shown, { step: 'followUp' }),
    );
    // Checked at the moment it was sent: no clock to correct.
    expect(checkBatch(events, Date.parse(events.sentAt))).toEqual({ batch: events });
  });

  it('leaves out an event of a kind it does not know, as it would an unknown field', () => {
    const later = { ...event('shown', shown), kind: 'clicked' } as unknown as SurveyEvent;
    const checked = checkBatch({ ...batch(shown), events: [later] }, now);
    expect(checked).toMatchObject({ batch: { events: [] } });
  });

  it.each([
    [{ events: 'shown' }, 'events must be an array of at most 100 events'],
    [{ events: Array(101).fill({}) }, 'events must be an array of at most 100 events'],
    [{ events: [7] }, 'events[0] must be an object (got 7)'],
    [{ events: [{ kind: 1 }] }, 'events[0].kind must be "shown" or "dismissed" (got 1)'],
    [{ events: [{ ...event('shown', shown), id: 'x' }] }, 'events[0].id must be a UUID (got "x")'],
    [
      { events: [{ ...event('shown', shown), responseId: null }] },
      'events[0].responseId must be the UUID an answer to this showing carries (got null)',
    ],
    [
      { events: [{ ...event('shown', shown), type: 'ces', variant: null }] },
      'events[0].variant must be "agreement" or "effort" (got null)',
    ],
    [
      { events: [{ ...event('dismissed', shown), step: 'thanks' }] },
      'events[0].step must be "score" or "followUp" (got "thanks")',
    ],
    [
      { events: [{ ...event('shown', shown), step: 'score' }] },
      'events[0].step must be null for "shown" (got "score")',
    ],
    [
      { events: [{ ...event('shown', shown), at: '2020-01-01T00:00:00Z' }] },
      expect.stringMatching(
        /^events\[0\]\.at must be an ISO date-time like .* from the last 8 days/,
      ),
    ],
    [
      { events: [{ ...event('shown', shown), user: { id: 'u' } }] },
      'events[0].user must be null or { "id": string, "traits": object } (got {"id":"u"})',
    ],
    [
      { events: [{ ...event('shown', shown), context: { viewport: 1024 } }] },
      'events[0].context.viewport must be a string (got 1024)',
    ],
  ])('refuses a bad event naming its field: %#', (change, message) => {
    expect(checkBatch({ ...eventBatch(), ...change }, now)).toEqual({ problem: message });
  });
});
