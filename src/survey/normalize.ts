import type { CesVariant, CsatStyle, FollowUp, Position, SurveyDefinition } from './types.js';

/** A follow-up question with its defaults filled in. */
export interface FollowUpQuestion extends FollowUp {
  required: boolean;
  maxLength: number;
}

/**
 * One survey as it is shown and answered: every default resolved here, once, so the
 * wording, the response and the card read the same choice instead of each picking it.
 */
export interface Survey
  extends Omit<SurveyDefinition, 'variant' | 'style' | 'followUp' | 'position'> {
  /** The CES variant; `null` for NPS and CSAT, whose scale has none. */
  variant: CesVariant | null;
  /** How the scale is drawn (only CSAT offers a choice). */
  style: CsatStyle;
  /** `null` when the config turns the follow-up off. */
  followUp: FollowUpQuestion | null;
  position: Position;
}

/**
 * Resolves a survey's defaults, the only place they are written: CES asks agreement,
 * CSAT draws numbers, a follow-up is optional and takes up to 1000 characters, and a
 * survey shows in the bottom-right corner. `position`, when given, overrides the survey's own:
 * the component and the custom element draw every survey `inline`.
 */
export function normalizeSurvey(survey: SurveyDefinition, position?: Position): Survey {
  const followUp = survey.followUp;
  return {
    ...survey,
    variant: survey.type === 'ces' ? (survey.variant ?? 'agreement') : null,
    style: survey.style ?? 'numbers',
    followUp:
      followUp === false
        ? null
        : {
            ...followUp,
            required: followUp?.required ?? false,
            maxLength: followUp?.maxLength ?? 1000,
          },
    position: position ?? survey.position ?? 'bottom-right',
  };
}
