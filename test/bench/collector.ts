import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Collector, createCollector } from '../../src/collector/collector.js';
import { queryResults, type ResultsQuery } from '../../src/collector/results.js';
import { type Db, migrate } from '../../src/collector/schema.js';
import { collectorFor, type StoreChoice } from '../../src/collector/server.js';
import { uuidv7 } from '../../src/delivery/uuid.js';
import type { SurveyResponse } from '../../src/survey/types.js';

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

async function post(collector: Collector, responses: SurveyResponse[]): Promise<void> {
  const reply = await collector.handle(
    new Request('http://bench/collect', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ v: 1, sentAt: new Date().toISOString(), responses }),
    }),
  );
  if (reply.status !== 204) throw new Error(`collector answered ${reply.status}`);
}

async function measure(collector: Collector, batchSize: number, seconds: number): Promise<number> {
  let stored = 0;
  const end = Date.now() + seconds * 1000;
  const start = performance.now();
  while (Date.now() < end) {
    await post(
      collector,
      Array.from({ length: batchSize }, (_, i) => response(i % 11)),
    );
    stored += batchSize;
  }
  return stored / ((performance.now() - start) / 1000);
}

/** Responses stored per second by the collector: rows of [database, batch size, rate]. */
export async function benchCollector({ seconds = 5 } = {}): Promise<[string, number, number][]> {
  const rows: [string, number, number][] = [];
  const dir = mkdtempSync(join(tmpdir(), 'surveylet-bench-'));
  const targets: [string, StoreChoice][] = [['PGlite (files)', { dataDir: dir, rateLimit: false }]];
  if (process.env.DATABASE_URL)
    targets.push(['PostgreSQL 15', { database: process.env.DATABASE_URL, rateLimit: false }]);
  for (const [name, options] of targets) {
    const collector = await collectorFor(options);
    await measure(collector, 1, 1); // warm up
    for (const size of [1, 20]) rows.push([name, size, await measure(collector, size, seconds)]);
    await collector.close();
  }
  rmSync(dir, { recursive: true, force: true });
  return rows;
}

// Results at scale. The answers are seeded in one INSERT … SELECT: n answers of the NPS
// survey `bench` in arrival order over 90 days (as ingest writes them), a tenth as many
// of a CSAT survey beside it, a plan trait, five pages and a comment on every 25th.
// Scores and traits come from multiplicative hashes, so every run seeds the same data.
const seedSql = `
  INSERT INTO surveylet_responses (id, revision, survey_id, type, variant, score, category,
    comment, complete, created_at, updated_at, received_at, locale, page_url, visitor_id,
    user_id, traits, body)
  SELECT (lpad(to_hex(i), 12, '0') || '70008000' || lpad(to_hex(i), 12, '0'))::uuid, 2,
    s.survey, s.type, NULL, s.score,
    CASE WHEN s.type = 'csat' THEN CASE WHEN s.score <= 2 THEN 'dissatisfied'
           WHEN s.score = 3 THEN 'neutral' ELSE 'satisfied' END
         WHEN s.score <= 6 THEN 'detractor' WHEN s.score <= 8 THEN 'passive' ELSE 'promoter' END,
    CASE WHEN i % 25 = 0 THEN 'Checkout took too long on my phone (' || i || ')' END,
    true, s.at - interval '3 seconds', s.at, s.at, 'en',
    'https://shop.example.com' || (ARRAY['/', '/pricing', '/checkout/done', '/docs', '/account'])[1 + i * 7 % 5],
    'visitor-' || i, 'user-' || i % 20000,
    jsonb_build_object('plan', (ARRAY['free', 'free', 'free', 'pro', 'pro', 'team', 'enterprise'])[1 + i * 40503 % 7]),
    jsonb_build_object('id', i, 'surveyId', s.survey, 'widget', 'surveylet/0.1.0', 'attempt', 1,
      'page', jsonb_build_object('url', 'https://shop.example.com/checkout/done', 'referrer', ''))
  FROM generate_series(1::bigint, $1::bigint * 11 / 10) AS g(i)
  CROSS JOIN LATERAL (SELECT
    CASE WHEN i % 11 = 0 THEN 'bench-csat' ELSE 'bench' END AS survey,
    CASE WHEN i % 11 = 0 THEN 'csat' ELSE 'nps' END AS type,
    CASE WHEN i % 11 = 0 THEN 1 + i * 2654435761 % 5
      ELSE (ARRAY[0, 1, 2, 3, 4, 5, 5, 6, 6, 7, 7, 7, 8, 8, 8, 8, 9, 9, 9, 9, 9, 10, 10, 10, 10])[1 + i * 2654435761 % 25]
    END AS score,
    now() - interval '90 days' * (1 - i::float8 / ($1::bigint * 11 / 10)) AS at) s`;

async function seed(db: Db, answers: number): Promise<void> {
  await migrate(db);
  await db.query(`INSERT INTO surveylet_surveys (survey_id, type, variant, scale_min, scale_max)
    VALUES ('bench', 'nps', NULL, 0, 10), ('bench-csat', 'csat', NULL, 1, 5)`);
  await db.query(seedSql, [answers]);
  // What autovacuum does soon after a bulk load: sets the visibility map, so the
  // covering index answers alone (index-only scans), and gives the planner statistics.
  await db.query('VACUUM ANALYZE surveylet_responses');
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[values.length >> 1] as number;
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[
    Math.min(values.length - 1, Math.floor((p / 100) * values.length))
  ] as number;

async function latency(run: () => Promise<unknown>, runs = 5): Promise<number> {
  await run(); // warm up: plans, caches
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return median(times);
}

export const resultsQueries: [string, ResultsQuery][] = [
  ['headline, distribution, daily trend, 20 comments', { surveyId: 'bench' }],
  ['… by week, segmented by the plan trait', { surveyId: 'bench', by: 'week', segment: 'plan' }],
  ['… segmented by page path', { surveyId: 'bench', segment: 'page' }],
];

/** Median latency of queryResults per query: rows of [database, answers, query, ms]. */
export async function benchResults({
  quick = false,
} = {}): Promise<[string, number, string, number][]> {
  const rows: [string, number, string, number][] = [];
  const measureOn = async (name: string, db: Db, answers: number) => {
    await seed(db, answers);
    for (const [label, query] of resultsQueries) {
      rows.push([name, answers, label, await latency(() => queryResults(db, query))]);
    }
  };
  const dir = mkdtempSync(join(tmpdir(), 'surveylet-results-'));
  const lite = new PGlite(dir);
  try {
    await measureOn('PGlite (files)', lite as unknown as Db, quick ? 10_000 : 100_000);
  } finally {
    await lite.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.DATABASE_URL;
  if (url) {
    // A schema of its own, dropped afterwards: the tests' tables are never touched.
    const schema = `surveylet_bench_${process.pid}`;
    const admin = new pg.Pool({ connectionString: url, max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    const pool = new pg.Pool({
      connectionString: url,
      max: 10,
      options: `-c search_path=${schema}`,
    });
    try {
      await measureOn('PostgreSQL 15', pool as unknown as Db, quick ? 100_000 : 1_000_000);
    } finally {
      await pool.end();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  }
  return rows;
}

/**
 * Single-answer ingest latency through collector.handle() on PGlite, first alone, then
 * while queryResults runs back to back: PGlite runs one statement at a time, so this is
 * what a results page left open costs the widgets posting answers.
 */
export async function benchIngestDuringResults({ quick = false } = {}) {
  const answers = quick ? 10_000 : 100_000;
  const posts = quick ? 100 : 300;
  const dir = mkdtempSync(join(tmpdir(), 'surveylet-ingest-'));
  const lite = new PGlite(dir);
  const db = lite as unknown as Db;
  await seed(db, answers);
  const collector = await createCollector({ db, rateLimit: false, publicResults: true });
  const ingest = async () => {
    const times: number[] = [];
    for (let i = 0; i < posts; i++) {
      const start = performance.now();
      await post(collector, [response(i % 11)]);
      times.push(performance.now() - start);
    }
    return times;
  };
  await ingest(); // warm up
  const alone = await ingest();
  let running = true;
  let computed = 0;
  const loop = (async () => {
    while (running) {
      await queryResults(db, { surveyId: 'bench' });
      computed++;
    }
  })();
  const busy = await ingest();
  running = false;
  await loop;
  const resultsMs = await latency(() => queryResults(db, { surveyId: 'bench' }));
  await collector.close();
  await lite.close();
  rmSync(dir, { recursive: true, force: true });
  const summary = (times: number[]) => ({ p50: percentile(times, 50), p95: percentile(times, 95) });
  return { answers, posts, alone: summary(alone), busy: summary(busy), computed, resultsMs };
}
