import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Collector, createCollector } from '../../src/collector/collector.js';
import type { SurveyResponse } from '../../src/core/types.js';
import { uuidv7 } from '../../src/core/uuid.js';

function response(score: number): SurveyResponse {
  const at = new Date().toISOString();
  return {
    id: uuidv7(),
    revision: 1,
    surveyId: 'bench',
    type: 'nps',
    variant: null,
    scale: { min: 0, max: 10 },
    score,
    category: score <= 6 ? 'detractor' : score <= 8 ? 'passive' : 'promoter',
    comment: null,
    complete: true,
    createdAt: at,
    updatedAt: at,
    attempt: 1,
    locale: 'en',
    page: { url: 'https://shop.example.com/', referrer: '' },
    visitorId: randomUUID(),
    user: null,
    widget: 'surveylet/bench',
  };
}

async function measure(collector: Collector, batchSize: number, seconds: number): Promise<number> {
  let stored = 0;
  const end = Date.now() + seconds * 1000;
  const start = performance.now();
  while (Date.now() < end) {
    const responses = Array.from({ length: batchSize }, (_, i) => response(i % 11));
    const reply = await collector.handle(
      new Request('http://bench/collect', {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
        body: JSON.stringify({ v: 1, sentAt: new Date().toISOString(), responses }),
      }),
    );
    if (reply.status !== 204) throw new Error(`collector answered ${reply.status}`);
    stored += batchSize;
  }
  return stored / ((performance.now() - start) / 1000);
}

/** Responses stored per second by the collector: rows of [database, batch size, rate]. */
export async function benchCollector({ seconds = 5 } = {}): Promise<[string, number, number][]> {
  const rows: [string, number, number][] = [];
  const dir = mkdtempSync(join(tmpdir(), 'surveylet-bench-'));
  const targets: [string, Parameters<typeof createCollector>[0]][] = [
    ['PGlite (files)', { dataDir: dir }],
  ];
  if (process.env.DATABASE_URL)
    targets.push(['PostgreSQL 15', { database: process.env.DATABASE_URL }]);
  for (const [name, options] of targets) {
    const collector = await createCollector(options);
    await measure(collector, 1, 1); // warm up
    for (const size of [1, 20]) rows.push([name, size, await measure(collector, size, seconds)]);
    await collector.close();
  }
  rmSync(dir, { recursive: true, force: true });
  return rows;
}
