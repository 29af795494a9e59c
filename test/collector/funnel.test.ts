import { describe, expect, it } from 'vitest';
import { queryResults, type ResultsQuery } from '../../src/collector/results.js';
import type { SurveyDefinition, SurveyEvent, SurveyResponse } from '../../src/survey/types.js';
import { backends, storeOn } from './backends.js';
import { answer, event } from './fixtures.js';
import { fresh } from './seed.js';

// The funnel (shown → scored → commented, and dismissals) from the results API, on
// seeded events and answers, against counts made here from the seeding plan itself.

/** What became of one showing. */
type Outcome = 'ignored' | 'dismissed' | 'scored' | 'scoredThenClosed' | 'commented';
const outcomes: Outcome[] = ['ignored', 'dismissed', 'scored', 'scoredThenClosed', 'commented'];

interface Showing {
  outcome: Outcome;
  plan: string;
  device: 'mobile' | 'desktop';
}

/** 95% Wilson interval in percent, written out here rather than taken from the source. */
function wilsonReference(hits: number, n: number) {
  const z = 1.96;
  const p = hits / n;
  const centre = p + (z * z) / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  const denominator = 1 + (z * z) / n;
  return {
    low: ((centre - spread) / denominator) * 100,
    high: ((centre + spread) / denominator) * 100,
  };
}

/** The funnel of some showings, counted from the plan. */
function reference(showings: Showing[]) {
  const count = (...of: Outcome[]) => showings.filter((s) => of.includes(s.outcome)).length;
  const shown = showings.length;
  const answered = count('scored', 'scoredThenClosed', 'commented');
  return {
    shown,
    dismissed: count('dismissed', 'scoredThenClosed'),
    dismissedAt: { score: count('dismissed'), followUp: count('scoredThenClosed') },
    answered,
    commented: count('commented'),
    responseRate: { value: (answered / shown) * 100, ...wilsonReference(answered, shown) },
    tooFew: shown < 30,
  };
}

const day = '2026-07-01T12:00:00Z';
const range = { from: new Date('2026-07-01T00:00:00Z'), to: new Date('2026-07-02T00:00:00Z') };

describe.each(backends())('the funnel on $name', ({ open }) => {
  const store = storeOn(open);

  /** Stores the answers and events as the collector would, received at `at`. */
  async function seed(answers: SurveyResponse[], events: SurveyEvent[], at = day) {
    const shapes = [...answers, ...events].map(({ surveyId, type, variant }) => ({
      surveyId,
      type,
      variant,
    }));
    await store().addSeries(shapes);
    if (answers.length > 0) expect((await store().upsert(answers)).conflicts).toEqual([]);
    await store().addEvents(events);
    await store().db.query(
      `UPDATE surveylet_responses SET received_at = $2 WHERE id = ANY($1::uuid[])`,
      [answers.map((a) => a.id), at],
    );
    await store().db.query(
      `UPDATE surveylet_events SET received_at = $2 WHERE id = ANY($1::uuid[])`,
      [events.map((e) => e.id), at],
    );
  }

  /** One survey's showings as planned: their events, and the answers that came of them. */
  function play(survey: SurveyDefinition, plan: Showing[]) {
    const answers: SurveyResponse[] = [];
    const events: SurveyEvent[] = [];
    for (const [i, s] of plan.entries()) {
      const comment = s.outcome === 'commented' ? 'Because it is fast' : null;
      const a = answer(i % 11, survey, {
        comment,
        user: { id: `user-${i}`, traits: { plan: s.plan } },
      });
      events.push(event('shown', a, { context: { device: s.device } }));
      if (s.outcome === 'dismissed') events.push(event('dismissed', a));
      if (s.outcome === 'scoredThenClosed') {
        events.push(event('dismissed', a, { step: 'followUp' }));
      }
      if (s.outcome !== 'ignored' && s.outcome !== 'dismissed') answers.push(a);
    }
    return { answers, events };
  }

  const one = async (query: ResultsQuery) => {
    const results = await queryResults(store().db, query);
    expect(results).toHaveLength(1);
    return results[0] as NonNullable<(typeof results)[number]>;
  };

  it('counts each showing once, each step among the showings, with the rate and its interval', async () => {
    const survey = { id: fresh('funnel'), type: 'nps' } as const;
    const plan: Showing[] = Array.from({ length: 73 }, (_, i) => ({
      outcome: outcomes[(i * 7) % 5] as Outcome,
      plan: i % 3 === 0 ? 'free' : 'team',
      device: i % 2 === 0 ? 'mobile' : 'desktop',
    }));
    const { answers, events } = play(survey, plan);
    // A showing reported twice (two tabs) and an event delivered twice count once.
    const first = events[0] as SurveyEvent;
    events.push({ ...first, id: event('shown', answers[0] as SurveyResponse).id }, first);
    // Answers whose showing was never reported: an older widget.
    const unreported = Array.from({ length: 4 }, () => answer(10, survey));
    await seed([...answers, ...unreported], events);

    const { funnel, count } = await one({ surveyId: survey.id, ...range });
    expect(count).toBe(answers.length + unreported.length);
    const expected = reference(plan);
    expect(funnel).toMatchObject({
      ...expected,
      responseRate: { value: expect.closeTo(expected.responseRate.value, 9) },
      answersWithoutShowing: 4,
    });
    expect(funnel?.responseRate.low).toBeCloseTo(expected.responseRate.low, 9);
    expect(funnel?.responseRate.high).toBeCloseTo(expected.responseRate.high, 9);
    expect(funnel?.segments).toBeUndefined();

    // By a trait of the identified user, and by a key of the event's context.
    for (const [segment, key] of [
      ['plan', 'plan'],
      ['context.device', 'device'],
    ] as const) {
      const { funnel: bySegment } = await one({ surveyId: survey.id, ...range, segment });
      const names = [...new Set(plan.map((s) => s[key]))];
      const rows = names
        .map((name) => ({ segment: name, ...reference(plan.filter((s) => s[key] === name)) }))
        .sort((a, b) => b.shown - a.shown);
      expect(
        bySegment?.segments?.map((s) => [s.segment, s.shown, s.answered, s.commented, s.dismissed]),
        segment,
      ).toEqual(rows.map((r) => [r.segment, r.shown, r.answered, r.commented, r.dismissed]));
    }
    // The language answered in is not known of a showing: no made-up breakdown.
    const byLocale = await one({ surveyId: survey.id, ...range, segment: 'context.locale' });
    expect(byLocale.funnel?.segments).toBeNull();
  });

  it('says null when a series never reported a showing, and zero outside the range', async () => {
    const survey = { id: fresh('silent'), type: 'csat' } as const;
    await seed([answer(5, survey)], []);
    expect((await one({ surveyId: survey.id })).funnel).toBeNull();

    const later = { id: fresh('later'), type: 'csat' } as const;
    const shown = answer(4, later);
    await seed([shown], [event('shown', shown)]);
    const before = await one({ surveyId: later.id, to: range.from });
    expect(before.funnel).toMatchObject({
      shown: 0,
      answered: 0,
      responseRate: { value: null, low: null, high: null },
      tooFew: true,
    });
  });

  it('lists a survey shown but not answered yet, with its funnel', async () => {
    const survey = { id: fresh('unanswered'), type: 'ces', variant: 'effort' } as const;
    const showings = [answer(2, survey), answer(3, survey)];
    await seed(
      [],
      [
        ...showings.map((a) => event('shown', a)),
        event('dismissed', showings[0] as SurveyResponse),
      ],
    );
    const listed = (await queryResults(store().db, range)).filter((r) => r.surveyId === survey.id);
    expect(listed.map((r) => [r.count, r.funnel?.shown, r.funnel?.dismissed])).toEqual([[0, 2, 1]]);
  });
});
