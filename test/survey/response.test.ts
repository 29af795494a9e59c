// @vitest-environment node
// Pure code: no DOM, so nothing here passes on a global only happy-dom provides.
import { describe, expect, it } from 'vitest';
import { normalizeSurvey } from '../../src/survey/normalize.js';
import {
  commentResponse,
  type ResponseContext,
  scoreResponse as scoreNormalized,
  widgetVersion,
} from '../../src/survey/response.js';
import type { SurveyDefinition } from '../../src/survey/types.js';

const context = {
  id: '01936c1e-7c4a-7d1e-9a0b-3f2c8e1d4b55',
  now: Date.UTC(2026, 10, 22, 10, 0, 0),
  locale: 'en-US',
  page: { url: 'https://shop.example.com/done', referrer: '' },
  visitorId: 'v-1',
  user: null,
};

/** Revision 1 for a survey as written in config, its defaults resolved as the widget does. */
const scoreResponse = (survey: SurveyDefinition, score: number, at: ResponseContext) =>
  scoreNormalized(normalizeSurvey(survey), score, at);

describe('scoreResponse', () => {
  it('is revision 1 of a partial response with scale and category', () => {
    expect(scoreResponse({ id: 'checkout', type: 'csat' }, 4, context)).toEqual({
      id: context.id,
      revision: 1,
      surveyId: 'checkout',
      type: 'csat',
      variant: null,
      scale: { min: 1, max: 5 },
      score: 4,
      category: 'satisfied',
      comment: null,
      complete: false,
      createdAt: '2026-11-22T10:00:00.000Z',
      updatedAt: '2026-11-22T10:00:00.000Z',
      attempt: 1,
      locale: 'en-US',
      page: context.page,
      visitorId: 'v-1',
      user: null,
      widget: widgetVersion,
    });
  });
  it('is complete at once when the survey has no follow-up', () => {
    expect(scoreResponse({ id: 'x', type: 'nps', followUp: false }, 9, context).complete).toBe(
      true,
    );
  });
  it('records the CES variant and its scale', () => {
    const agreement = scoreResponse({ id: 'x', type: 'ces' }, 6, context);
    expect([agreement.variant, agreement.scale, agreement.category]).toEqual([
      'agreement',
      { min: 1, max: 7 },
      'easy',
    ]);
    const effort = scoreResponse({ id: 'x', type: 'ces', variant: 'effort' }, 5, context);
    expect([effort.variant, effort.scale, effort.category]).toEqual([
      'effort',
      { min: 1, max: 5 },
      'difficult',
    ]);
  });
});

describe('commentResponse', () => {
  const first = scoreResponse({ id: 'x', type: 'nps' }, 3, context);
  it('is the next revision of the same response, complete, with the comment trimmed', () => {
    const later = context.now + 5000;
    const second = commentResponse(first, '  Too slow \n', later);
    expect(second).toMatchObject({
      id: first.id,
      revision: 2,
      comment: 'Too slow',
      complete: true,
      createdAt: first.createdAt,
      updatedAt: new Date(later).toISOString(),
    });
  });
  it('stores an empty comment as null', () => {
    expect(commentResponse(first, '   ', context.now).comment).toBeNull();
  });
});
