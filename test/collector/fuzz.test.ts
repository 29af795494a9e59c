import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Collector, createCollector } from '../../src/collector/collector.js';
import type { Db } from '../../src/collector/store.js';
import type { SurveyResponse } from '../../src/survey/types.js';
import { answer, batch, post } from './fixtures.js';

// A seeded fuzz of the ingest handler: random shapes, sizes and encodings, and
// forgeries of answers already stored. Whatever arrives, the answer is a 2xx or a
// 4xx (never a 5xx: the database is up), and no stored answer changes by forgery.
let db: PGlite;
let collector: Collector;
const seeds = [1, 7, 2026];
const steps = 300;

/** mulberry32: small, fast, and the same sequence for the same seed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  db = new PGlite();
  collector = await createCollector({
    db: db as unknown as Db,
    rateLimit: false,
    maxBodyBytes: 16 * 1024,
  });
}, 60_000);
afterAll(async () => {
  await collector?.close();
  await db?.close();
});

const strange: unknown[] = [
  null,
  true,
  -1,
  0,
  1.5,
  2147483648,
  -2147483649,
  1e308,
  '',
  '\u0000',
  '\uD800',
  '\uDFFF\uD800',
  '𝟘'.repeat(3),
  'x'.repeat(20_000),
  '1',
  '+275760-09-13T00:00:00.000Z',
  '2026-02-30T10:00:00Z',
  [],
  [[[[[[]]]]]],
  {},
  { toString: 'x' },
  JSON.parse('{"__proto__": {"polluted": true}}'),
];

function mutate(next: () => number, base: SurveyResponse): unknown {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T;
  const copy: Record<string, unknown> = structuredClone(base) as unknown as Record<string, unknown>;
  const fields = [...Object.keys(copy), 'extra', 'page.url', 'user.traits', 'user.id', 'scale.min'];
  for (let n = 1 + Math.floor(next() * 3); n > 0; n--) {
    const field = pick(fields);
    const value = next() < 0.1 ? undefined : pick(strange);
    const [head, tail] = field.split('.') as [string, string | undefined];
    if (tail && typeof copy[head] === 'object' && copy[head] !== null) {
      (copy[head] as Record<string, unknown>)[tail] = value;
    } else copy[head] = value;
  }
  return copy;
}

describe('ingest under a seeded fuzz', () => {
  it.each(seeds)(
    'never answers 5xx and never changes a stored answer by forgery (seed %i)',
    async (seed) => {
      const next = random(seed);
      const genuine = Array.from({ length: 20 }, (_, i) =>
        answer(i % 11, { id: `fuzz-${seed}`, type: 'nps' }),
      );
      expect((await collector.handle(post(batch(...genuine)))).status).toBe(204);
      const snapshot = async () =>
        (
          await db.query<{
            id: string;
            revision: number;
            score: number;
            visitor_id: string;
            survey_id: string;
          }>(
            'SELECT id, revision, score, visitor_id, survey_id FROM surveylet_responses WHERE id = ANY($1::uuid[]) ORDER BY id',
            [genuine.map((r) => r.id)],
          )
        ).rows;
      const before = await snapshot();
      const statuses = new Map<number, number>();
      for (let step = 0; step < steps; step++) {
        const kind = next();
        let body: string;
        if (kind < 0.5) {
          const responses = Array.from({ length: 1 + Math.floor(next() * 3) }, () =>
            mutate(next, genuine[Math.floor(next() * genuine.length)] as SurveyResponse),
          );
          body = JSON.stringify({ v: 1, sentAt: new Date().toISOString(), responses });
        } else if (kind < 0.8) {
          // A forgery that passes validation: another visitor, survey or a revision leap.
          const target = genuine[Math.floor(next() * genuine.length)] as SurveyResponse;
          const forged = {
            ...target,
            revision: next() < 0.5 ? 2147483647 : target.revision + 11 + Math.floor(next() * 100),
            score: 0,
            category: 'detractor' as const,
            ...(next() < 0.5 ? { visitorId: `attacker-${step}` } : {}),
            ...(next() < 0.3 ? { surveyId: `other-${step}` } : {}),
          };
          body = JSON.stringify(batch(forged));
        } else {
          const bytes = Array.from({ length: Math.floor(next() * 400) }, () =>
            Math.floor(next() * 256),
          );
          const prefix = next() < 0.5 ? '{"v":1,"responses":[' : '';
          body = prefix + new TextDecoder().decode(new Uint8Array(bytes));
        }
        const reply = await collector.handle(post(body));
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        expect(reply.status, body.slice(0, 200)).toBeLessThan(500);
      }
      expect(await snapshot()).toEqual(before);
      // The fuzz reached the checks, not just the JSON parser.
      expect(statuses.get(422) ?? 0).toBeGreaterThan(steps / 3);
    },
  );
});
