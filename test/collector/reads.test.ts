import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Collector, createCollector } from '../../src/collector/collector.js';
import { parseQuery } from '../../src/collector/reads.js';
import { backends } from './backends.js';
import { answer, batch, post } from './fixtures.js';

// The results API as the page and a reader use it: through HTTP, answers posted first.

const read = (collector: Collector, query: string) =>
  collector
    .handle(
      new Request(`https://collect.example.com/collect/results?${query}`, {
        headers: { Authorization: 'Bearer operator-key' },
      }),
    )
    .then((reply) => reply.json());

let serial = 0;
const fresh = (name: string) => `${name}-${process.pid}-${++serial}`;

describe.each(backends())('GET …/results on $name', ({ open }) => {
  let collector: Collector;
  beforeAll(async () => {
    collector = await createCollector({ db: open, readToken: 'operator-key' });
  }, 60_000);
  afterAll(async () => {
    await collector?.close();
  });

  it('counts the whole day when From and To are both today', async () => {
    const id = fresh('today');
    expect((await collector.handle(post(batch(answer(10, { id, type: 'nps' }))))).status).toBe(204);
    const today = new Date().toISOString().slice(0, 10);
    const { surveys } = await read(collector, `surveyId=${id}&from=${today}&to=${today}`);
    expect(surveys.map((s: { count: number }) => s.count)).toEqual([1]);
  });

  it('keeps CES agreement and effort under one id apart, with a warning', async () => {
    const id = fresh('switched');
    const agreement = [7, 6, 2].map((s) => answer(s, { id, type: 'ces', variant: 'agreement' }));
    const effort = [1, 2].map((s) => answer(s, { id, type: 'ces', variant: 'effort' }));
    expect((await collector.handle(post(batch(...agreement)))).status).toBe(204);
    // The site switched its CES: the new answers are stored, not refused.
    expect((await collector.handle(post(batch(...effort)))).status).toBe(204);
    const { surveys } = await read(collector, `surveyId=${id}`);
    expect(surveys).toMatchObject([
      { surveyId: id, variant: 'agreement', count: 3, scale: { min: 1, max: 7 } },
      { surveyId: id, variant: 'effort', count: 2, scale: { min: 1, max: 5 } },
    ]);
    expect(surveys[0].metric.value).toBe(5);
    expect(surveys[1].metric.value).toBe(1.5);
    for (const survey of surveys) {
      expect(survey.warning).toBe('answers of two kinds under one id: shown apart');
    }
    // A kind of its own is no excuse to change an answer already stored.
    const [first] = agreement;
    if (!first) throw new Error('no answer');
    const changed = answer(
      1,
      { id, type: 'ces', variant: 'effort' },
      { id: first.id, revision: 2, visitorId: first.visitorId },
    );
    const conflict = await collector.handle(post(batch(changed)));
    expect(conflict.status).toBe(422);
    expect((await conflict.json()).error).toMatch(/^responses\[0\]\.variant must be the variant/);
  });

  it('lists the answers of a survey the operator declared', async () => {
    const id = fresh('declared');
    const declared = await createCollector({
      db: open,
      readToken: 'operator-key',
      surveys: [{ id, type: 'ces', variant: 'effort' }],
    });
    try {
      const effort = answer(2, { id, type: 'ces', variant: 'effort' });
      expect((await declared.handle(post(batch(effort)))).status).toBe(204);
      const agreement = answer(7, { id, type: 'ces', variant: 'agreement' });
      // What the operator declared still refuses another kind.
      expect((await declared.handle(post(batch(agreement)))).status).toBe(422);
      const { surveys } = await read(declared, `surveyId=${id}`);
      expect(surveys).toMatchObject([{ surveyId: id, variant: 'effort', count: 1 }]);
      expect(surveys[0].warning).toBeUndefined();
    } finally {
      await declared.close();
    }
  });
});

describe('parseQuery', () => {
  const parse = (query: string) => parseQuery(new URL(`https://c.example/results?${query}`));

  it('reads a date-only To as the end of that UTC day', () => {
    expect(parse('from=2026-11-25&to=2026-11-25')).toMatchObject({
      from: new Date('2026-11-25T00:00:00Z'),
      to: new Date('2026-11-26T00:00:00Z'),
    });
    // A time given is taken as it is.
    expect(parse('to=2026-11-25T12:00:00Z')).toMatchObject({
      to: new Date('2026-11-25T12:00:00Z'),
    });
  });
});
