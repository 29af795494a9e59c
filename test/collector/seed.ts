import { expect } from 'vitest';
import type { ResponseStore } from '../../src/collector/store.js';
import { uuidv7 } from '../../src/delivery/uuid.js';
import type { SurveyDefinition, SurveyResponse } from '../../src/survey/types.js';
import { answer } from './fixtures.js';

/** One answer to seed: its score, when the server received it, and what it carried. */
export interface Seed {
  score: number;
  at?: string;
  comment?: string | null;
  traits?: Record<string, unknown> | null;
  url?: string;
  /** The respondent's visitor id; a fresh one if not given. */
  visitorId?: string;
}

// Each test uses survey ids of its own: on PostgreSQL the database is shared with the
// other collector tests, so counts must never include another test's answers.
let serial = 0;
export const fresh = (name: string) => `${name}-${process.pid}-${++serial}`;

/**
 * Stores the answers as the collector does (series first, then the batch), then sets
 * received_at, which the server's clock would have given them.
 */
export async function seedOn(
  store: ResponseStore,
  survey: SurveyDefinition,
  seeds: Seed[],
): Promise<SurveyResponse[]> {
  const responses = seeds.map(({ score, comment = null, traits, url, visitorId }) =>
    answer(score, survey, {
      comment,
      user: traits === null ? null : { id: uuidv7(), traits: traits ?? { plan: 'pro' } },
      ...(url === undefined ? {} : { page: { url, referrer: '' } }),
      ...(visitorId === undefined ? {} : { visitorId }),
    }),
  );
  const [first] = responses;
  if (!first) return responses;
  await store.addSeries([{ surveyId: first.surveyId, type: first.type, variant: first.variant }]);
  const { conflicts } = await store.upsert(responses);
  expect(conflicts).toEqual([]);
  const timed = seeds.flatMap((s, i) => (s.at ? [[responses[i]?.id, s.at]] : []));
  if (timed.length > 0) {
    await store.db.query(
      `UPDATE surveylet_responses AS r SET received_at = t.at
       FROM unnest($1::uuid[], $2::timestamptz[]) AS t(id, at) WHERE r.id = t.id`,
      [timed.map(([id]) => id), timed.map(([, at]) => at)],
    );
  }
  return responses;
}
