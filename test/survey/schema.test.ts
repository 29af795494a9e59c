// @vitest-environment node
// Pure code: no DOM, so nothing here passes on a global only happy-dom provides.
import { describe, expect, it } from 'vitest';
import schema from '../../src/config.schema.json';
import { locales } from '../../src/survey/locales.js';
import type { SurveyDefinition, SurveyletConfig } from '../../src/survey/types.js';
import { validateConfig } from '../../src/survey/validate.js';

// A survey and a config with every field set: the validator must accept both, and
// the shipped JSON Schema must describe exactly the same fields.
const survey: Required<SurveyDefinition> = {
  id: 'nps',
  type: 'nps',
  question: 'Q?',
  style: 'numbers',
  variant: 'agreement',
  labels: { low: 'no', high: 'yes' },
  followUp: { question: 'Why?' },
  thankYou: 'Thanks',
  position: 'center',
  trigger: { delayMs: 1 },
  audience: { plan: { eq: 'pro' } },
  sample: 1,
  recontactDays: 1,
  dismissCooldownDays: 1,
};
const config: Required<SurveyletConfig> = {
  endpoint: 'https://c.example/r',
  surveys: [],
  configUrl: 'https://c.example/surveys.json',
  brand: 'Acme',
  locale: 'en',
  strings: {},
  theme: {},
  colorScheme: 'auto',
  zIndex: 1,
  nonce: 'n',
  requireConsent: false,
  minDaysBetweenSurveys: 1,
  headers: { 'X-Api-Key': 'k' },
  debug: false,
  onError: () => {},
};

describe('config.schema.json', () => {
  it('describes every config option the validator knows (onError is code, not JSON)', () => {
    expect(validateConfig(config, 'https://shop.example').problems).toEqual([]);
    const options = Object.keys(config).filter((key) => key !== 'onError');
    expect(
      Object.keys(schema.properties)
        .filter((key) => key !== '$schema')
        .sort(),
    ).toEqual(options.sort());
  });

  it('describes every survey field the validator knows', () => {
    const problems = validateConfig(
      { endpoint: config.endpoint, surveys: [{ ...survey, style: undefined, variant: undefined }] },
      'https://shop.example',
    ).problems;
    expect(problems).toEqual([]);
    expect(Object.keys(schema.$defs.survey.properties).sort()).toEqual(Object.keys(survey).sort());
  });

  it('lists every overridable string', () => {
    expect(Object.keys(schema.properties.strings.properties).sort()).toEqual(
      Object.keys(locales.en).sort(),
    );
  });
});
