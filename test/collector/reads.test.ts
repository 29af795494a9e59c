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
