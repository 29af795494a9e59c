import type { Survey } from './normalize.js';
import { categorize, scaleOf } from './scoring.js';
import type { SurveyResponse } from './types.js';

/** The widget name and version sent with every response. */
export const widgetVersion = 'surveylet/0.1.0';

/** What a response carries besides the answer itself. */
export interface ResponseContext {
  id: string;
  now: number;
  locale: string;
  page: { url: string; referrer: string };
  visitorId: string;
  user: SurveyResponse['user'];
}

/**
 * Revision 1 of a response: the score, saved the moment it is chosen. It is
 * complete when the survey has no follow-up question.
 */
export function scoreResponse(
  survey: Survey,
  score: number,
  context: ResponseContext,
): SurveyResponse {
  const { variant } = survey;
  const at = new Date(context.now).toISOString();
  return {
    id: context.id,
    revision: 1,
    surveyId: survey.id,
    type: survey.type,
    variant,
    scale: scaleOf(survey.type, variant),
    score,
    category: categorize(survey.type, score, variant),
    comment: null,
    complete: !survey.followUp,
    createdAt: at,
    updatedAt: at,
    attempt: 1,
    locale: context.locale,
    page: context.page,
    visitorId: context.visitorId,
    user: context.user,
    widget: widgetVersion,
  };
}

/** The next revision of a response: the follow-up given (or skipped), flow finished. */
export function commentResponse(
  previous: SurveyResponse,
  comment: string,
  now: number,
): SurveyResponse {
  const trimmed = comment.trim();
  return {
    ...previous,
    revision: previous.revision + 1,
    comment: trimmed === '' ? null : trimmed,
    complete: true,
    updatedAt: new Date(now).toISOString(),
    attempt: 1,
  };
}
