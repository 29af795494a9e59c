import { afterAll, beforeAll } from 'vitest';
import { type Collector, createCollector } from '../../src/collector/collector.js';
import type { CollectorOptions } from '../../src/collector/options.js';
import type { Db } from '../../src/collector/store.js';
import { uuidv7 } from '../../src/delivery/uuid.js';
import type { SurveyDefinition, SurveyResponse } from '../../src/survey/types.js';
import { answer, batch, post } from './fixtures.js';

export const token = 'operator-key';
export const base = 'https://collect.example.com/collect';
export const bearer = { Authorization: `Bearer ${token}` };

/** One answer to seed: its score, and optionally when it was received and what it carried. */
export interface Seed {
  score: number;
  at?: string;
  comment?: string;
  userId?: string;
}

/** A collector on `open` for the enclosing describe block, with helpers to seed and ask. */
export function inboxOn(open: () => Promise<Db>, options: Partial<CollectorOptions> = {}) {
  let db: Db | undefined;
  let collector: Collector | undefined;
  beforeAll(async () => {
    db = await open();
    collector = createCollector({ db, readToken: token, rateLimit: false, ...options });
    await collector.ready();
  }, 60_000);
  afterAll(async () => {
    await collector?.close();
    await (db?.end ?? db?.close)?.call(db);
  });
  const the = () => {
    if (!collector || !db) throw new Error('the collector is not open yet');
    return { collector, db };
  };

  /** Posts the answers as a widget would, then gives them the server time `at`. */
  async function seed(survey: SurveyDefinition, seeds: Seed[]): Promise<SurveyResponse[]> {
    const responses = seeds.map(({ score, comment = null, userId }) =>
      answer(score, survey, {
        comment,
        user: { id: userId ?? uuidv7(), traits: { plan: 'pro' } },
      }),
    );
    const reply = await the().collector.handle(post(batch(...responses)));
    if (reply.status !== 204) throw new Error(`seeding failed: ${await reply.text()}`);
    const timed = seeds.flatMap((s, i) => (s.at ? [[responses[i]?.id, s.at]] : []));
    if (timed.length > 0) {
      await the().db.query(
        `UPDATE surveylet_responses AS r SET received_at = t.at
         FROM unnest($1::uuid[], $2::timestamptz[]) AS t(id, at) WHERE r.id = t.id`,
        [timed.map(([id]) => id), timed.map(([, at]) => at)],
      );
    }
    return responses;
  }

  /** `GET …/inbox?<query>` as the operator (or with the headers given). */
  const list = (query: string, headers: Record<string, string> = bearer) =>
    the().collector.handle(new Request(`${base}/inbox?${query}`, { headers }));

  /** `POST …/inbox/<id>` as the results page sends it (or with the headers given). */
  const change = (id: string, body: unknown, headers: Record<string, string> = {}) =>
    the().collector.handle(
      new Request(`${base}/inbox/${id}`, {
        method: 'POST',
        headers: {
          ...bearer,
          'Content-Type': 'application/json',
          'Sec-Fetch-Site': 'same-origin',
          ...headers,
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );

  return { the, seed, list, change };
}

// Each test uses survey ids of its own, so no count includes another test's answers.
let serial = 0;
export const fresh = (name: string) => `${name}-${process.pid}-${++serial}`;
