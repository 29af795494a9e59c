// @vitest-environment node
// Pure code: no DOM, so nothing here passes on a global only happy-dom provides.
import { describe, expect, it } from 'vitest';
import { locales } from '../../src/survey/locales.js';
import { normalizeSurvey } from '../../src/survey/normalize.js';
import type { SurveyDefinition } from '../../src/survey/types.js';
import { wordingOf as wordingOfSurvey } from '../../src/survey/wording.js';

const en = locales.en;
/** The wording of a survey as written in config, its defaults resolved as the widget does. */
const wordingOf = (survey: SurveyDefinition, strings = en, brand?: string) =>
  wordingOfSurvey(normalizeSurvey(survey), strings, brand);

describe('wordingOf', () => {
  it('uses the default NPS question with the brand', () => {
    const wording = wordingOf({ id: 'n', type: 'nps' }, en, 'Acme');
    expect(wording.question).toBe('How likely are you to recommend Acme to a friend or colleague?');
    expect([wording.low, wording.high]).toEqual(['Not at all likely', 'Extremely likely']);
  });
  it('says "us" in the sentence’s own grammar without a brand', () => {
    expect(wordingOf({ id: 'n', type: 'nps' }, en, undefined).question).toBe(
      'How likely are you to recommend us to a friend or colleague?',
    );
    expect(wordingOf({ id: 'c', type: 'ces' }, en, undefined).question).toBe(
      'You made it easy for me to handle my issue.',
    );
  });
  it('inserts a brand with $ signs literally', () => {
    expect(wordingOf({ id: 'c', type: 'ces' }, en, 'A$1 $&').question).toBe(
      'A$1 $& made it easy for me to handle my issue.',
    );
  });
  it('has the defaults of each type and variant', () => {
    const csat = wordingOf({ id: 'c', type: 'csat' }, en, 'Acme');
    expect([csat.question, csat.low, csat.high]).toEqual([
      'How satisfied are you with your experience today?',
      'Very dissatisfied',
      'Very satisfied',
    ]);
    const effort = wordingOf({ id: 'e', type: 'ces', variant: 'effort' }, en, 'Acme');
    expect([effort.question, effort.low, effort.high]).toEqual([
      'How much effort did you personally have to put forth?',
      'Very low effort',
      'Very high effort',
    ]);
    const agreement = wordingOf({ id: 'a', type: 'ces' }, en, 'Acme');
    expect([agreement.low, agreement.high]).toEqual(['Strongly disagree', 'Strongly agree']);
  });
  it('prefers the survey’s own texts', () => {
    const wording = wordingOf(
      { id: 'n', type: 'nps', question: 'Q', labels: { low: 'L', high: 'H' }, thankYou: 'T' },
      en,
      'Acme',
    );
    expect([wording.question, wording.low, wording.high, wording.thankYou]).toEqual([
      'Q',
      'L',
      'H',
      'T',
    ]);
  });
  it('asks the follow-up question of the score’s category', () => {
    const plain = wordingOf({ id: 'n', type: 'nps' }, en, undefined);
    expect(plain.followUpFor('detractor')).toBe('What could we do better?');
    expect(plain.followUpFor('passive')).toBe('What would make your experience better?');
    expect(plain.followUpFor('promoter')).toBe('What do you like most?');
    const custom = wordingOf(
      {
        id: 'n',
        type: 'nps',
        followUp: { question: 'Why?', byCategory: { promoter: 'Yay, why?' } },
      },
      en,
      undefined,
    );
    expect(custom.followUpFor('promoter')).toBe('Yay, why?');
    expect(custom.followUpFor('detractor')).toBe('Why?');
  });
});
