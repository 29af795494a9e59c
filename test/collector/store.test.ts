import { describe, expect, it } from 'vitest';
import { maxRevisionStep, openStore } from '../../src/collector/store.js';
import { backends, storeOn } from './backends.js';
import { answer } from './fixtures.js';

describe.each(backends())('storage contract on $name', ({ open }) => {
  const store = storeOn(open);

  const rows = async (ids: string[]) =>
    (
      await store().db.query<{
        id: string;
        revision: number;
        comment: string | null;
        score: number;
        complete: boolean;
      }>(
        'SELECT id, revision, comment, score, complete FROM surveylet_responses WHERE id = ANY($1::uuid[])',
        [ids],
      )
    ).rows;

  it('creates its schema once and migrates again without harm', async () => {
    const first = answer(9);
    await store().upsert([first]);
    // Counted, not named: every branch that adds a migration would otherwise edit this.
    const versions = async () =>
      (
        await store().db.query<{ n: number; last: number }>(
          'SELECT count(*)::int AS n, max(version)::int AS last FROM surveylet_migrations',
        )
      ).rows[0];
    const before = await versions();
    await openStore(store().db);
    expect(await rows([first.id])).toHaveLength(1);
    expect(await versions()).toEqual(before);
    expect(before?.n).toBe(before?.last);
    expect(before?.n).toBeGreaterThanOrEqual(4);
  });

  it('keeps the highest revision: a repeat and a lower revision change nothing', async () => {
    const first = answer(3);
    const second = { ...first, revision: 2, comment: 'Too slow', complete: true };
    expect(await store().upsert([first])).toEqual({ changed: [first], conflicts: [] });
    expect(await store().upsert([second])).toEqual({ changed: [second], conflicts: [] });
    expect(await store().upsert([second])).toEqual({ changed: [], conflicts: [] });
    expect(await store().upsert([first])).toEqual({ changed: [], conflicts: [] });
    expect(await rows([first.id])).toEqual([
      expect.objectContaining({ revision: 2, comment: 'Too slow', complete: true, score: 3 }),
    ]);
  });

  it('stores a batch with the same id twice as its highest revision', async () => {
    const first = answer(8);
    await store().upsert([{ ...first, revision: 2, comment: 'b' }, first]);
    expect(await rows([first.id])).toEqual([
      expect.objectContaining({ revision: 2, comment: 'b' }),
    ]);
  });

  it('reports a conflict, and never writes an answer that would take over another', async () => {
    const mine = answer(9);
    await store().upsert([mine]);
    const innocent = answer(7);
    const result = await store().upsert([
      innocent,
      { ...mine, revision: 2, visitorId: 'someone-else', score: 0, category: 'detractor' },
    ]);
    expect(result).toEqual({
      changed: [innocent],
      conflicts: [{ id: mine.id, field: 'visitorId' }],
    });
    expect(await rows([innocent.id])).toHaveLength(1);
    const jump = await store().upsert([{ ...mine, revision: 1 + maxRevisionStep + 1 }]);
    expect(jump.conflicts).toEqual([{ id: mine.id, field: 'revision' }]);
    expect(await rows([mine.id])).toEqual([expect.objectContaining({ revision: 1, score: 9 })]);
  });

  it('stores each id once with its highest revision under 50 concurrent overlapping batches', async () => {
    const base = Array.from({ length: 30 }, (_, i) => answer(i % 11));
    const batches = Array.from({ length: 50 }, (_, b) =>
      base
        .filter((_, i) => (i + b) % 3 !== 0)
        .map((r) => ({ ...r, revision: 1 + ((b * 7 + r.score) % 4), comment: `from batch ${b}` })),
    );
    const results = await Promise.all(batches.map((responses) => store().upsert(responses)));
    expect(results.flatMap((r) => r.conflicts)).toEqual([]);
    const highest = new Map<string, number>();
    for (const responses of batches) {
      for (const r of responses) highest.set(r.id, Math.max(highest.get(r.id) ?? 0, r.revision));
    }
    const stored = await rows([...highest.keys()]);
    expect(stored).toHaveLength(highest.size);
    for (const row of stored) expect(row.revision).toBe(highest.get(String(row.id)));
  });

  it('records each kind of answer under one survey id as a series of its own', async () => {
    const series = async () =>
      (
        await store().db.query(
          `SELECT type, variant, scale_max FROM surveylet_surveys WHERE survey_id = 'shape'
           ORDER BY type, variant`,
        )
      ).rows;
    await store().addSeries([
      { surveyId: 'shape', type: 'ces', variant: 'effort' },
      { surveyId: 'shape', type: 'nps', variant: null },
      { surveyId: 'shape', type: 'ces', variant: 'effort' },
    ]);
    // Another process (or a restart) recording the same series again changes nothing.
    const again = await openStore(store().db);
    await again.addSeries([
      { surveyId: 'shape', type: 'nps', variant: null },
      { surveyId: 'shape', type: 'ces', variant: 'agreement' },
    ]);
    expect(await series()).toEqual([
      { type: 'ces', variant: 'agreement', scale_max: 7 },
      { type: 'ces', variant: 'effort', scale_max: 5 },
      { type: 'nps', variant: null, scale_max: 10 },
    ]);
  });
});

describe.each(backends())('migrating to survey series on $name', ({ open }) => {
  it('makes every kind of answer stored under one id a series, with its own scale', async () => {
    const db = await open();
    const store = await openStore(db);
    try {
      // Back to the schema before series: one shape per survey id, the old index.
      for (const sql of [
        'DROP INDEX surveylet_surveys_series',
        'ALTER TABLE surveylet_surveys ADD PRIMARY KEY (survey_id)',
        'DROP INDEX surveylet_responses_survey_received',
        `CREATE INDEX surveylet_responses_survey_received
           ON surveylet_responses (survey_id, received_at) INCLUDE (score, category)`,
        'DELETE FROM surveylet_migrations WHERE version = 4',
      ]) {
        await db.query(sql);
      }
      await db.query(`INSERT INTO surveylet_surveys (survey_id, type, variant, scale_min, scale_max)
        VALUES ('switched', 'ces', 'agreement', 1, 7)`);
      const agreement = answer(7, { id: 'switched', type: 'ces', variant: 'agreement' });
      const effort = answer(2, { id: 'switched', type: 'ces', variant: 'effort' });
      await store.upsert([agreement, effort]);
      await openStore(db);
      const { rows } = await db.query(
        `SELECT type, variant, scale_min, scale_max FROM surveylet_surveys
         WHERE survey_id = 'switched' ORDER BY variant`,
      );
      expect(rows).toEqual([
        { type: 'ces', variant: 'agreement', scale_min: 1, scale_max: 7 },
        { type: 'ces', variant: 'effort', scale_min: 1, scale_max: 5 },
      ]);
    } finally {
      await store.close();
    }
  });
});
