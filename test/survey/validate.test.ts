// @vitest-environment node
// Pure code: no DOM, so nothing here passes on a global only happy-dom provides.
import { describe, expect, it } from 'vitest';
import { checkEndpoint, validateConfig, validateSurvey } from '../../src/survey/validate.js';

const origin = 'https://shop.example.com';
const endpoint = 'https://collect.example.com/responses';

function problemsOf(survey: unknown): string[] {
  const problems: string[] = [];
  validateSurvey(survey, 'surveys[0]', problems);
  return problems;
}

describe('validateConfig', () => {
  it('accepts a full valid config without a word', () => {
    const { value, problems } = validateConfig(
      {
        endpoint,
        brand: 'Acme',
        locale: 'fr',
        colorScheme: 'dark',
        zIndex: 10,
        nonce: 'abc',
        requireConsent: true,
        minDaysBetweenSurveys: 30,
        debug: true,
        onError: () => {},
        strings: { submit: 'Go' },
        theme: { accent: '#0a0' },
        surveys: [
          {
            id: 'nps',
            type: 'nps',
            question: 'Q?',
            labels: { low: 'no', high: 'yes' },
            followUp: {
              question: 'Why?',
              byCategory: { detractor: 'Sorry?' },
              required: true,
              maxLength: 200,
            },
            thankYou: 'Thanks',
            position: 'center',
            trigger: {
              delayMs: 100,
              scrollPercent: 50,
              exitIntent: true,
              event: 'paid',
              urls: { include: ['/a/*'], exclude: [] },
            },
            audience: { plan: { in: ['pro'] }, orders: { gte: 3 }, email: { exists: true } },
            sample: 0.5,
            recontactDays: 90,
            dismissCooldownDays: 14,
          },
          { id: 'csat', type: 'csat', style: 'emoji' },
          { id: 'ces', type: 'ces', variant: 'effort', followUp: false },
        ],
      },
      origin,
    );
    expect(problems).toEqual([]);
    expect(value.surveys?.map((s) => s.id)).toEqual(['nps', 'csat', 'ces']);
    expect(value.colorScheme).toBe('dark');
  });

  it('names the field, the value and the fix for a bad survey type, and keeps the valid surveys', () => {
    const { value, problems } = validateConfig(
      {
        endpoint,
        surveys: [
          { id: 'a', type: 'nps' },
          { id: 'b', type: 'npss' },
        ],
      },
      origin,
    );
    expect(problems).toEqual([
      'surveylet: surveys[1].type must be "nps", "csat" or "ces" (got "npss")',
    ]);
    expect(value.surveys?.map((s) => s.id)).toEqual(['a']);
  });

  it('refuses a config that is not an object', () => {
    expect(validateConfig('nps', origin).problems).toEqual([
      'surveylet: config must be an object like { endpoint: "https://…", surveys: [...] } (got "nps")',
    ]);
  });

  it('asks for an endpoint when there is none', () => {
    expect(validateConfig({ surveys: [] }, origin).problems).toEqual([
      'surveylet: endpoint must be set to where answers are posted: an https: URL, a URL on this site, or a localhost URL (got undefined)',
    ]);
  });

  it('does not need an endpoint when configUrl may provide it', () => {
    const { problems, value } = validateConfig({ configUrl: '/surveys.json' }, origin);
    expect(problems).toEqual([]);
    expect(value.configUrl).toBe('/surveys.json');
  });

  it('refuses surveys that are not an array', () => {
    expect(validateConfig({ endpoint, surveys: { id: 'x' } }, origin).problems).toEqual([
      'surveylet: surveys must be an array of surveys like [{ id: "nps", type: "nps" }] (got {"id":"x"})',
    ]);
  });

  it('keeps the first of two surveys with the same id', () => {
    const { value, problems } = validateConfig(
      {
        endpoint,
        surveys: [
          { id: 'a', type: 'nps' },
          { id: 'a', type: 'csat' },
        ],
      },
      origin,
    );
    expect(problems).toEqual([
      'surveylet: surveys[1].id must be unique (got "a" twice); the later one is ignored',
    ]);
    expect(value.surveys).toEqual([{ id: 'a', type: 'nps' }]);
  });

  it('says when a locale has no built-in wording, and accepts a regional tag of one', () => {
    expect(validateConfig({ endpoint, locale: 'xx' }, origin).problems).toEqual([
      'surveylet: locale "xx" has no built-in wording, so it is not used',
    ]);
    expect(validateConfig({ endpoint, locale: 'es-MX' }, origin).problems).toEqual([]);
  });

  it('suggests the option a misspelt key was meant to be, and ignores it', () => {
    const { problems } = validateConfig({ endpoint, brnad: 'Acme' }, origin);
    expect(problems).toEqual([
      'surveylet: config.brnad is not a known option, so it is ignored; did you mean "brand"?',
    ]);
  });

  it.each([
    ['brand', 3, 'surveylet: brand must be a non-empty string (got 3)'],
    ['locale', '', 'surveylet: locale must be a non-empty string (got "")'],
    ['colorScheme', 'dim', 'surveylet: colorScheme must be "auto", "light" or "dark" (got "dim")'],
    [
      'zIndex',
      'top',
      'surveylet: zIndex must be a number from -2147483647 to 2147483647 (got "top")',
    ],
    ['nonce', false, 'surveylet: nonce must be a non-empty string (got false)'],
    ['requireConsent', 'yes', 'surveylet: requireConsent must be true or false (got "yes")'],
    ['minDaysBetweenSurveys', -1, 'surveylet: minDaysBetweenSurveys must be a number ≥ 0 (got -1)'],
    ['debug', 1, 'surveylet: debug must be true or false (got 1)'],
    ['onError', 'log', 'surveylet: onError must be a function (got "log")'],
    [
      'headers',
      { 'X-Key': 1 },
      'surveylet: headers must be an object of header names to string values (got {"X-Key":1})',
    ],
    [
      'headers',
      { 'content-type': 'application/json' },
      'surveylet: headers must be free of Content-Type and Idempotency-Key, which the widget sets (got {"content-type":"application/json"})',
    ],
    ['strings', 'fr', 'surveylet: strings must be an object of strings (got "fr")'],
    ['theme', [], 'surveylet: theme must be an object of strings (got an array)'],
  ])('reports a bad %s and falls back to its default', (key, bad, message) => {
    const { value, problems } = validateConfig({ endpoint, [key]: bad }, origin);
    expect(problems).toEqual([message]);
    expect(value).not.toHaveProperty(key);
  });

  it('reports a non-string theme value and an unknown theme key', () => {
    expect(
      validateConfig({ endpoint, theme: { accent: 1, colour: 'red' } }, origin).problems,
    ).toEqual([
      'surveylet: theme.colour is not a known option, so it is ignored; known: accent, bg, fg, muted, radius, font, shadow',
      'surveylet: theme.accent must be a string (got 1)',
    ]);
  });
});

describe('validateSurvey', () => {
  it.each([
    [null, 'surveylet: surveys[0] must be an object like { id: "nps", type: "nps" } (got null)'],
    [
      { type: 'nps' },
      'surveylet: surveys[0].id must be a non-empty string that names the survey, like "post-checkout-nps" (got undefined)',
    ],
    [
      { id: 'x', type: 'nps', question: '' },
      'surveylet: surveys[0].question must be a non-empty string (got "")',
    ],
    [
      { id: 'x', type: 'nps', style: 'stars' },
      'surveylet: surveys[0].style must be left out: style applies to csat surveys only (got "stars")',
    ],
    [
      { id: 'x', type: 'csat', style: 'hearts' },
      'surveylet: surveys[0].style must be "numbers", "stars" or "emoji" (got "hearts")',
    ],
    [
      { id: 'x', type: 'csat', variant: 'effort' },
      'surveylet: surveys[0].variant must be left out: variant applies to ces surveys only (got "effort")',
    ],
    [
      { id: 'x', type: 'ces', variant: 'ease' },
      'surveylet: surveys[0].variant must be "agreement" or "effort" (got "ease")',
    ],
    [
      { id: 'x', type: 'nps', labels: 'low' },
      'surveylet: surveys[0].labels must be an object like { low: "…", high: "…" } (got "low")',
    ],
    [
      { id: 'x', type: 'nps', labels: { low: 1 } },
      'surveylet: surveys[0].labels.low must be a non-empty string (got 1)',
    ],
    [
      { id: 'x', type: 'nps', followUp: true },
      'surveylet: surveys[0].followUp must be false or an object like { question: "…" } (got true)',
    ],
    [
      { id: 'x', type: 'nps', followUp: { required: 'yes' } },
      'surveylet: surveys[0].followUp.required must be true or false (got "yes")',
    ],
    [
      { id: 'x', type: 'nps', followUp: { maxLength: 0 } },
      'surveylet: surveys[0].followUp.maxLength must be a number from 1 to 10000 (got 0)',
    ],
    [
      { id: 'x', type: 'nps', followUp: { byCategory: [] } },
      'surveylet: surveys[0].followUp.byCategory must be an object of questions by category (got an array)',
    ],
    [
      { id: 'x', type: 'nps', followUp: { byCategory: { satisfied: 'Why?' } } },
      'surveylet: surveys[0].followUp.byCategory.satisfied is not a nps category; use "detractor", "passive" or "promoter"',
    ],
    [
      { id: 'x', type: 'nps', thankYou: 5 },
      'surveylet: surveys[0].thankYou must be a non-empty string (got 5)',
    ],
    [
      { id: 'x', type: 'nps', position: 'middle' },
      'surveylet: surveys[0].position must be "bottom-right", "bottom-left", "top-right", "top-left", "center" or "inline" (got "middle")',
    ],
    [
      { id: 'x', type: 'nps', trigger: 5000 },
      'surveylet: surveys[0].trigger must be an object like { delayMs: 5000 } (got 5000)',
    ],
    [
      { id: 'x', type: 'nps', trigger: { delayMs: -5 } },
      'surveylet: surveys[0].trigger.delayMs must be a number ≥ 0 (got -5)',
    ],
    [
      { id: 'x', type: 'nps', trigger: { scrollPercent: 150 } },
      'surveylet: surveys[0].trigger.scrollPercent must be a number from 0 to 100 (got 150)',
    ],
    [
      { id: 'x', type: 'nps', trigger: { exitIntent: 'yes' } },
      'surveylet: surveys[0].trigger.exitIntent must be true or false (got "yes")',
    ],
    [
      { id: 'x', type: 'nps', trigger: { event: '' } },
      'surveylet: surveys[0].trigger.event must be a non-empty string (got "")',
    ],
    [
      { id: 'x', type: 'nps', trigger: { urls: '/a' } },
      'surveylet: surveys[0].trigger.urls must be an object like { include: ["/checkout/*"] } (got "/a")',
    ],
    [
      { id: 'x', type: 'nps', trigger: { urls: { include: '/a' } } },
      'surveylet: surveys[0].trigger.urls.include must be an array of strings (got "/a")',
    ],
    [
      { id: 'x', type: 'nps', audience: [] },
      'surveylet: surveys[0].audience must be an object like { plan: { eq: "pro" } } (got an array)',
    ],
    [
      { id: 'x', type: 'nps', audience: { plan: 'pro' } },
      'surveylet: surveys[0].audience.plan must be an object with one of eq, in, gt, gte, lt, lte, exists (got "pro")',
    ],
    [
      { id: 'x', type: 'nps', audience: { plan: { is: 'pro' } } },
      'surveylet: surveys[0].audience.plan must be an object with one of eq, in, gt, gte, lt, lte, exists (got {"is":"pro"})',
    ],
    [
      { id: 'x', type: 'nps', audience: { plan: { in: 'pro' } } },
      'surveylet: surveys[0].audience.plan.in must be an array of allowed values (got "pro")',
    ],
    [
      { id: 'x', type: 'nps', audience: { orders: { gte: '3' } } },
      'surveylet: surveys[0].audience.orders.gte must be a number (got "3")',
    ],
    [
      { id: 'x', type: 'nps', audience: { email: { exists: 1 } } },
      'surveylet: surveys[0].audience.email.exists must be true or false (got 1)',
    ],
    [
      { id: 'x', type: 'nps', sample: 1.5 },
      'surveylet: surveys[0].sample must be a number from 0 to 1 (got 1.5)',
    ],
    [
      { id: 'x', type: 'nps', recontactDays: -1 },
      'surveylet: surveys[0].recontactDays must be a number ≥ 0 (got -1)',
    ],
    [
      { id: 'x', type: 'nps', dismissCooldownDays: '14' },
      'surveylet: surveys[0].dismissCooldownDays must be a number ≥ 0 (got "14")',
    ],
  ])('rejects %j with one message', (survey, message) => {
    expect(problemsOf(survey)).toEqual([message]);
  });

  it('warns about an unknown survey field but keeps the survey', () => {
    const problems: string[] = [];
    const survey = validateSurvey({ id: 'x', type: 'nps', qestion: 'Hi?' }, 'surveys[0]', problems);
    expect(survey).not.toBeNull();
    expect(problems).toEqual([
      'surveylet: surveys[0].qestion is not a known option, so it is ignored; did you mean "question"?',
    ]);
  });
});

describe('checkEndpoint', () => {
  it.each([
    'https://collect.example.com/r',
    '/api/feedback',
    'https://shop.example.com/api',
    'http://localhost:8787/r',
    'http://127.0.0.1/r',
    'http://[::1]:3000/r',
  ])('allows %s', (url) => {
    expect(checkEndpoint(url, origin)).toBeNull();
  });

  it('allows plain http on the page’s own origin', () => {
    expect(checkEndpoint('/collect', 'http://intranet.local')).toBeNull();
  });

  it('refuses plain http to another host, saying what is allowed', () => {
    expect(checkEndpoint('http://collect.example.com/r', origin)).toBe(
      'surveylet: endpoint must be an https: URL, a URL on this site, or a localhost URL; plain http: is allowed only for localhost (got "http://collect.example.com/r")',
    );
  });

  it('refuses other schemes', () => {
    expect(checkEndpoint('javascript:alert(1)', origin)).toMatch(/^surveylet: endpoint must be/);
    expect(checkEndpoint('ftp://example.com', origin)).toMatch(/^surveylet: endpoint must be/);
  });

  it('refuses a URL that cannot be parsed', () => {
    expect(checkEndpoint('https://', origin)).toBe(
      'surveylet: endpoint must be an https: URL, a URL on this site, or a localhost URL (got "https://")',
    );
  });
});

describe('validateConfig strings', () => {
  it('names a misspelt string key and the key it was meant to be', () => {
    expect(validateConfig({ endpoint, strings: { sumbit: 'Go' } }, origin).problems).toEqual([
      'surveylet: strings.sumbit is not a known option, so it is ignored; did you mean "submit"?',
    ]);
  });
});
