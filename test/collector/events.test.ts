import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Collector, createCollector } from '../../src/collector/collector.js';
import { queryResults } from '../../src/collector/results.js';
import type { Db } from '../../src/collector/store.js';
import { backends } from './backends.js';
import { answer, batch, event, eventBatch, post } from './fixtures.js';
import { fresh } from './seed.js';

// Showings, dismissals and context through the collector as a widget posts them, on
// each database: stored once, refused only for the wrong type, and forgotten with the
// respondent.

describe.each(backends())('events and context on $name', ({ open }) => {
  let db: Db;
  let collector: Collector;
  beforeAll(async () => {
    db = await open();
    collector = createCollector({
      db,
      rateLimit: false,
      readToken: 'operator-key',
      surveys: [{ id: 'fixed-csat', type: 'csat' }],
    });
    await collector.ready();
  }, 60_000);
  afterAll(async () => {
    await collector?.close();
    await (db?.end ?? db?.close)?.call(db);
  });
  const send = (body: unknown) =>
    collector.handle(post(body, { Origin: 'https://shop.example.com' }));
  const eventsOf = async (responseId: string) =>
    (
      await db.query<{ kind: string; step: string | null; context: unknown }>(
        'SELECT kind, step, context FROM surveylet_events WHERE response_id = $1 ORDER BY kind',
        [responseId],
      )
    ).rows;

  it('stores a batch of events alone, once however often it comes, and says it accepts them', async () => {
    const showing = answer(9, { id: fresh('alone'), type: 'nps' });
    const body = eventBatch(
      event('shown', showing, { context: { device: 'mobile', path: '/a?token=s3cret' } }),
      event('dismissed', showing),
    );
    for (let i = 0; i < 3; i++) {
      const reply = await send(body);
      expect(reply.status).toBe(204);
      expect(reply.headers.get('Surveylet-Accepts')).toBe('events');
      // A page on another origin may read the header only if it is exposed.
      expect(reply.headers.get('Access-Control-Allow-Origin')).toBe('*');
      expect(reply.headers.get('Access-Control-Expose-Headers')).toBe('Surveylet-Accepts');
    }
    expect(await eventsOf(showing.id)).toEqual([
      { kind: 'dismissed', step: 'score', context: null },
      { kind: 'shown', step: null, context: { device: 'mobile', path: '/a' } },
    ]);
  });

  it('says it accepts events on a batch of answers too, and not on a refusal', async () => {
    const ok = await send(batch(answer(7)));
    expect(ok.headers.get('Surveylet-Accepts')).toBe('events');
    const refused = await send(batch(answer(7, undefined, { score: 11 })));
    expect(refused.status).toBe(422);
    expect(refused.headers.get('Surveylet-Accepts')).toBeNull();
  });

  it('stores the context of an answer, so the results break down by any key of it', async () => {
    const survey = { id: fresh('context'), type: 'csat' } as const;
    const context = {
      path: '/checkout?email=a@b.example#x',
      utm: { source: 'newsletter' },
      device: 'desktop',
      hidden: { plan: 'team' },
    } as const;
    const answers = [answer(5, survey, { context }), answer(1, survey)];
    expect((await send(batch(...answers))).status).toBe(204);
    const { rows } = await db.query<{ body: { context?: unknown } }>(
      'SELECT body FROM surveylet_responses WHERE id = $1',
      [answers[0]?.id],
    );
    // The path is stored as page URLs are: without query and fragment.
    expect(rows[0]?.body.context).toEqual({ ...context, path: '/checkout' });
    for (const [segment, expected] of [
      [
        'context.utm.source',
        [
          ['(none)', 1],
          ['newsletter', 1],
        ],
      ],
      [
        'context.hidden.plan',
        [
          ['(none)', 1],
          ['team', 1],
        ],
      ],
      [
        'context.device',
        [
          ['(none)', 1],
          ['desktop', 1],
        ],
      ],
    ] as const) {
      const [result] = await queryResults(db, { surveyId: survey.id, segment });
      expect(
        result?.segments.map((s) => [s.segment, s.count]),
        segment,
      ).toEqual(expected);
    }
  });

  it('refuses the wrong type naming the field, and stores nothing of that batch', async () => {
    const showing = answer(3);
    const reply = await send({
      ...batch(showing),
      events: [event('shown', showing, { context: { hidden: { plan: 7 } } as never })],
    });
    expect(reply.status).toBe(422);
    expect(await reply.json()).toEqual({
      error: 'events[0].context.hidden.plan must be a string (got 7)',
    });
    expect(await eventsOf(showing.id)).toEqual([]);
  });

  it("holds events to the operator's surveys as it holds answers", async () => {
    const showing = answer(3, { id: 'fixed-csat', type: 'csat' });
    const reply = await send(eventBatch(event('shown', { ...showing, type: 'nps' })));
    expect(reply.status).toBe(422);
    expect(await reply.json()).toEqual({
      error:
        'events[0].type must be "csat", as for every answer to survey "fixed-csat" (got "nps")',
    });
  });

  it('forgets the events of a deleted respondent, by visitor or by user, and old ones on purge', async () => {
    const survey = { id: fresh('forget'), type: 'nps' } as const;
    const byVisitor = answer(9, survey, { user: null });
    const byUser = answer(9, survey, { user: { id: fresh('user'), traits: {} } });
    const kept = answer(9, survey);
    expect(
      (await send(eventBatch(...[byVisitor, byUser, kept].map((a) => event('shown', a))))).status,
    ).toBe(204);
    await collector.deleteRespondent({ visitorId: byVisitor.visitorId });
    await collector.deleteRespondent({ userId: byUser.user?.id as string });
    expect(await eventsOf(byVisitor.id)).toEqual([]);
    expect(await eventsOf(byUser.id)).toEqual([]);
    expect(await eventsOf(kept.id)).toHaveLength(1);
    await db.query(
      `UPDATE surveylet_events SET received_at = now() - interval '40 days' WHERE response_id = $1`,
      [kept.id],
    );
    await collector.purge(30);
    expect(await eventsOf(kept.id)).toEqual([]);
  });
});
