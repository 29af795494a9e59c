import type { Survey } from './normalize.js';
import { sentimentOf } from './scoring.js';
import type { Category, Strings } from './types.js';

/** The texts a survey shows, after defaults, locale and host overrides. */
export interface Wording {
  question: string;
  low: string;
  high: string;
  thankYou: string;
  /** The follow-up question for the category the score fell in. */
  followUpFor(category: Category): string;
}

type Key = 'nps' | 'csat' | 'cesAgreement' | 'cesEffort';

function keyOf(survey: Survey): Key {
  if (survey.type !== 'ces') return survey.type;
  return survey.variant === 'effort' ? 'cesEffort' : 'cesAgreement';
}

function defaultQuestion(key: Key, strings: Strings, brand: string | undefined): string {
  if (key === 'csat' || key === 'cesEffort') return strings[`${key}Question`];
  if (!brand) return strings[`${key}QuestionNoBrand`];
  // A function replacement: a brand like "A$1" must be inserted literally.
  return strings[`${key}Question`].replace('{brand}', () => brand);
}

/** The wording of a survey: its own texts first, then the locale's defaults. */
export function wordingOf(survey: Survey, strings: Strings, brand: string | undefined): Wording {
  const key = keyOf(survey);
  const { followUp } = survey;
  return {
    question: survey.question ?? defaultQuestion(key, strings, brand),
    low: survey.labels?.low ?? strings[`${key}Low`],
    high: survey.labels?.high ?? strings[`${key}High`],
    thankYou: survey.thankYou ?? strings.thankYou,
    followUpFor(category) {
      const sentiment = sentimentOf(category);
      const fallback =
        sentiment === 'negative'
          ? strings.followUpNegative
          : sentiment === 'neutral'
            ? strings.followUpNeutral
            : strings.followUpPositive;
      return followUp?.byCategory?.[category] ?? followUp?.question ?? fallback;
    },
  };
}
