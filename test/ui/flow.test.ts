// @vitest-environment node
// The flow is signals and plain data, no DOM: it runs in Node like the survey code it uses.
import { describe, expect, it, vi } from 'vitest';
import { locales } from '../../src/survey/locales.js';
import { normalizeSurvey } from '../../src/survey/normalize.js';
import type { SurveyDefinition } from '../../src/survey/types.js';
import { wordingOf } from '../../src/survey/wording.js';
import { createFlow } from '../../src/ui/flow.js';

const t0 = Date.UTC(2026, 10, 25, 9, 0, 0);

/** One survey's flow with its hooks recorded, and a clock that is a minute on at the comment. */
function flowOf(definition: SurveyDefinition) {
  const survey = normalizeSurvey(definition);
  const hooks = { answered: vi.fn(), submitted: vi.fn(), closed: vi.fn() };
  const flow = createFlow(
    survey,
    wordingOf(survey, locales.en, undefined),
    () => ({
      id: 'r1',
      now: t0,
      locale: 'en',
      page: { url: 'https://shop.example/checkout', referrer: '' },
      visitorId: 'v1',
      user: null,
    }),
    hooks,
    () => t0 + 60_000,
  );
  return { flow, hooks };
}

describe('the flow of one survey', () => {
  it('goes score → follow-up → thanks, sending the score at once and the comment as revision 2', () => {
    const { flow, hooks } = flowOf({ id: 'nps', type: 'nps' });
    expect(flow.step.value).toBe('score');
    flow.choose(9);
    expect(flow.step.value).toBe('followUp');
    expect(hooks.answered).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'r1', revision: 1, score: 9, category: 'promoter' }),
    );
    expect(hooks.answered.mock.calls[0]?.[0].complete).toBe(false);
    expect(hooks.submitted).not.toHaveBeenCalled();

    flow.submit('  Fast delivery  ');
    expect(flow.step.value).toBe('thanks');
    expect(hooks.submitted.mock.calls).toEqual([
      [
        expect.objectContaining({
          id: 'r1',
          revision: 2,
          score: 9,
          comment: 'Fast delivery',
          complete: true,
          updatedAt: new Date(t0 + 60_000).toISOString(),
        }),
      ],
    ]);
    expect(hooks.closed).not.toHaveBeenCalled();
  });

  it('asks the follow-up question of the chosen score’s category', () => {
    const promoter = flowOf({ id: 'nps', type: 'nps' }).flow;
    const detractor = flowOf({ id: 'nps', type: 'nps' }).flow;
    promoter.choose(10);
    detractor.choose(2);
    expect(promoter.followUpQuestion.value).not.toBe(detractor.followUpQuestion.value);
    expect(detractor.followUpQuestion.value).toBe('What could we do better?');
  });

  it('counts only the first choice: a second click or key press sends nothing more', () => {
    const { flow, hooks } = flowOf({ id: 'nps', type: 'nps' });
    flow.choose(9);
    flow.choose(3);
    expect(hooks.answered).toHaveBeenCalledTimes(1);
    expect(flow.response.value?.score).toBe(9);
  });

  it('thanks at once, with one complete response, when the survey has no follow-up', () => {
    const { flow, hooks } = flowOf({ id: 'ces', type: 'ces', followUp: false });
    flow.choose(6);
    expect(flow.step.value).toBe('thanks');
    const [answered] = hooks.answered.mock.calls[0] ?? [];
    expect(answered).toMatchObject({ revision: 1, score: 6, category: 'easy', complete: true });
    expect(hooks.submitted.mock.calls).toEqual([[answered]]);
    flow.submit('too late');
    expect(hooks.submitted).toHaveBeenCalledTimes(1);
  });

  it('keeps an empty comment as no comment, and ignores a comment before a score', () => {
    const { flow, hooks } = flowOf({ id: 'csat', type: 'csat' });
    flow.submit('before any score');
    expect(flow.step.value).toBe('score');
    expect(hooks.submitted).not.toHaveBeenCalled();
    flow.choose(4);
    flow.submit('   ');
    expect(hooks.submitted.mock.calls[0]?.[0]).toMatchObject({ comment: null, complete: true });
  });

  type Flow = ReturnType<typeof flowOf>['flow'];
  const steps: [string, (flow: Flow) => void][] = [
    ['score', () => {}],
    ['followUp', (flow) => flow.choose(3)],
    [
      'thanks',
      (flow) => {
        flow.choose(3);
        flow.submit('ok');
      },
    ],
  ];
  it.each(steps)('reports closing at the %s step once, and then takes no answer', (step, reach) => {
    const { flow, hooks } = flowOf({ id: 'nps', type: 'nps' });
    reach(flow);
    const answers = hooks.answered.mock.calls.length;
    flow.close();
    flow.close();
    expect(hooks.closed.mock.calls).toEqual([[step]]);
    expect(flow.step.value).toBe('closed');
    flow.choose(10);
    flow.submit('after closing');
    expect(hooks.answered).toHaveBeenCalledTimes(answers);
    expect(flow.step.value).toBe('closed');
  });
});
