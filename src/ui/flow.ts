import { computed, type ReadonlySignal, signal } from '@preact/signals';
import type { Survey } from '../survey/normalize.js';
import { commentResponse, type ResponseContext, scoreResponse } from '../survey/response.js';
import type { SurveyResponse } from '../survey/types.js';
import type { Wording } from '../survey/wording.js';

/** The steps of a survey on screen. */
export type Step = 'score' | 'followUp' | 'thanks' | 'closed';

/** What the flow tells the controller. */
export interface FlowHooks {
  /** The score was chosen: revision 1, to be queued at once. */
  answered(response: SurveyResponse): void;
  /** The flow finished (score, then comment if any). */
  submitted(response: SurveyResponse): void;
  /** The respondent closed the survey, or it closed itself after the thank-you. */
  closed(step: Exclude<Step, 'closed'>): void;
}

/** The state of one survey on screen, read by the components. */
export interface Flow {
  readonly survey: Survey;
  readonly wording: Wording;
  readonly step: ReadonlySignal<Step>;
  readonly response: ReadonlySignal<SurveyResponse | null>;
  /** The follow-up question for the chosen score's category. */
  readonly followUpQuestion: ReadonlySignal<string>;
  choose(score: number): void;
  submit(comment: string): void;
  close(): void;
}

/** Creates the score → follow-up → thank-you state machine of one survey. */
export function createFlow(
  survey: Survey,
  wording: Wording,
  context: () => ResponseContext,
  hooks: FlowHooks,
  now: () => number = Date.now,
): Flow {
  const step = signal<Step>('score');
  const response = signal<SurveyResponse | null>(null);
  const finish = (finished: SurveyResponse) => {
    step.value = 'thanks';
    hooks.submitted(finished);
  };
  return {
    survey,
    wording,
    step,
    response,
    followUpQuestion: computed(() => wording.followUpFor(response.value?.category ?? 'neutral')),
    choose(score) {
      if (step.value !== 'score') return;
      const answered = scoreResponse(survey, score, context());
      response.value = answered;
      hooks.answered(answered);
      if (answered.complete) finish(answered);
      else step.value = 'followUp';
    },
    submit(comment) {
      const previous = response.value;
      if (step.value !== 'followUp' || !previous) return;
      const revised = commentResponse(previous, comment, now());
      response.value = revised;
      finish(revised);
    },
    close() {
      const current = step.value;
      if (current === 'closed') return;
      step.value = 'closed';
      hooks.closed(current);
    },
  };
}
