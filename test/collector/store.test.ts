import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type ResponseStore } from '../../src/collector/store.js';
import { backends } from './backends.js';
import { answer } from './fixtures.js';

describe.each(backends())('storage contract on $name', ({ open }) => {
  let store: ResponseStore;
  beforeAll(async () => {
    store = await openStore(await open());
  }, 60_000);
  afterAll(async () => {
    await store?.close();
  });

  it('creates its schema once and migrates again without harm', async () => {
    const first = answer(9);
    await store.upsert([first]);
    expect((await store.rows({ surveyId: 'nps' })).some((r) => r.id === first.id)).toBe(true);
  });

  it('keeps the highest revision: a repeat and a lower revision change nothing', async () => {
    const first = answer(3);
    const second = { ...first, revision: 2, comment: 'Too slow', complete: true };
    expect(await store.upsert([first])).toEqual([first]);
    expect(await store.upsert([second])).toEqual([second]);
    expect(await store.upsert([second])).toEqual([]);
    expect(await store.upsert([first])).toEqual([]);
    const [row] = (await store.rows({})).filter((r) => r.id === first.id);
    expect(row).toMatchObject({ revision: 2, comment: 'Too slow', complete: true, score: 3 });
  });

  it('stores a batch with the same id twice as its highest revision', async () => {
    const first = answer(8);
    await store.upsert([{ ...first, revision: 2, comment: 'b' }, first]);
    const [row] = (await store.rows({})).filter((r) => r.id === first.id);
    expect(row).toMatchObject({ revision: 2, comment: 'b' });
  });

  it('stores each id once with its highest revision under 50 concurrent overlapping batches', async () => {
    const base = Array.from({ length: 30 }, (_, i) => answer(i % 11));
    const batches = Array.from({ length: 50 }, (_, b) =>
      base
        .filter((_, i) => (i + b) % 3 !== 0)
        .map((r) => ({ ...r, revision: 1 + ((b * 7 + r.score) % 4), comment: `from batch ${b}` })),
    );
    await Promise.all(batches.map((responses) => store.upsert(responses)));
    const highest = new Map<string, number>();
    for (const responses of batches) {
      for (const r of responses) highest.set(r.id, Math.max(highest.get(r.id) ?? 0, r.revision));
    }
    const rows = (await store.rows({})).filter((r) => highest.has(r.id));
    expect(rows).toHaveLength(highest.size);
    for (const row of rows) expect(row.revision).toBe(highest.get(row.id));
  });

  it('filters rows by survey and date range', async () => {
    const old = answer(5, { id: 'dated', type: 'csat' }, { createdAt: '2026-01-05T10:00:00.000Z' });
    const recent = answer(
      4,
      { id: 'dated', type: 'csat' },
      { createdAt: '2026-03-05T10:00:00.000Z' },
    );
    await store.upsert([old, recent]);
    const rows = await store.rows({
      surveyId: 'dated',
      from: new Date('2026-02-01'),
      to: new Date('2026-04-01'),
    });
    expect(rows.map((r) => r.id)).toEqual([recent.id]);
  });
});
