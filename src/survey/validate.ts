// The config check: what the widget uses of a config, and a message per problem naming
// the field, the value and the fix. Each sentence is written `full && '…'`: the script
// tag's loader is built without them (see `full` in diagnose.ts) and fetches this check
// in full only when there is something to say.
import { type Checked, full } from './diagnose.js';
import { builtInLocaleOf, stringKeys } from './languages.js';
import { quoted } from './messages.js';
import {
  anyText,
  bool,
  checkFields,
  checkKeys,
  isObject,
  nonEmptyText,
  number,
  object,
  oneOf,
  type Problems,
  problem,
  type Rule,
  said,
  shaped,
  strings,
} from './rules.js';
import type { SurveyDefinition, SurveyletConfig } from './types.js';

export type { Checked } from './diagnose.js';

export const surveyTypes = ['nps', 'csat', 'ces'] as const;
export const cesVariants = ['agreement', 'effort'] as const;
export const positions = [
  'bottom-right',
  'bottom-left',
  'top-right',
  'top-left',
  'center',
  'inline',
];
const categoriesByType: Record<string, string[]> = {
  nps: ['detractor', 'passive', 'promoter'],
  csat: ['dissatisfied', 'neutral', 'satisfied'],
  ces: ['difficult', 'neutral', 'easy'],
};
const ruleOperators = ['eq', 'in', 'gt', 'gte', 'lt', 'lte', 'exists'];
const themeKeys = ['accent', 'bg', 'fg', 'muted', 'radius', 'font', 'shadow'];
const configKeys = [
  'endpoint',
  'surveys',
  'configUrl',
  'brand',
  'locale',
  'strings',
  'theme',
  'colorScheme',
  'zIndex',
  'nonce',
  'requireConsent',
  'minDaysBetweenSurveys',
  'headers',
  'debug',
  'onError',
];

/** A field that only one survey type has: elsewhere it must be left out. */
const onlyFor =
  (field: string, type: string, options: readonly string[]): Rule =>
  (problems, path, value, survey = {}) =>
    value !== undefined && survey.type !== type
      ? problem(problems, path, full && `left out: ${field} applies to ${type} surveys only`, value)
      : oneOf(options)(problems, path, value);

/** `followUp.byCategory`: a question per category of the survey's `type`. */
const byCategory = (type: string) =>
  shaped(full && 'an object of questions by category', (problems, path, value) => {
    const allowed = categoriesByType[type] ?? [];
    let ok = true;
    for (const [category, question] of Object.entries(value as object)) {
      if (!allowed.includes(category)) {
        problems.push(
          said(
            `${path}.${category}`,
            question,
            full && `is not a ${type} category; use ${quoted(allowed)}`,
          ),
        );
        ok = false;
      } else {
        ok = nonEmptyText(problems, `${path}.${category}`, question) && ok;
      }
    }
    return ok;
  });

const anOperator = full && `an object with one of ${ruleOperators.join(', ')}`;

const audience = shaped(
  full && 'an object like { plan: { eq: "pro" } }',
  (problems, path, value) => {
    let ok = true;
    for (const [trait, rule] of Object.entries(value as object)) {
      const rulePath = `${path}.${trait}`;
      if (!isObject(rule) || Object.keys(rule).length === 0) {
        ok = problem(problems, rulePath, anOperator, rule);
        continue;
      }
      for (const [operator, operand] of Object.entries(rule)) {
        const at = `${rulePath}.${operator}`;
        if (!ruleOperators.includes(operator)) {
          ok = problem(problems, rulePath, anOperator, rule);
        } else if (operator === 'in' && !Array.isArray(operand)) {
          ok = problem(problems, at, full && 'an array of allowed values', operand);
        } else if (operator === 'exists') {
          ok = bool(problems, at, operand) && ok;
        } else if (operator !== 'eq' && operator !== 'in') {
          ok = number(-Infinity)(problems, at, operand) && ok;
        }
      }
    }
    return ok;
  },
);

/** Every field of a survey, in the order its problems are said. */
const surveyRules: Record<string, Rule> = {
  id: (problems, path, value) =>
    (typeof value === 'string' && value.trim() !== '') ||
    problem(
      problems,
      path,
      full && 'a non-empty string that names the survey, like "post-checkout-nps"',
      value,
    ),
  type: (problems, path, value) =>
    surveyTypes.includes(value as never) ||
    problem(problems, path, full && quoted(surveyTypes), value),
  question: nonEmptyText,
  style: onlyFor('style', 'csat', ['numbers', 'stars', 'emoji']),
  variant: onlyFor('variant', 'ces', cesVariants),
  labels: object(full && 'an object like { low: "…", high: "…" }', {
    low: nonEmptyText,
    high: nonEmptyText,
  }),
  // Its categories depend on the type: checked only once the type is known.
  followUp: (problems, path, value, survey = {}) =>
    value === false ||
    !surveyTypes.includes(survey.type as never) ||
    object(full && 'false or an object like { question: "…" }', {
      question: nonEmptyText,
      required: bool,
      maxLength: number(1, 10000),
      byCategory: byCategory(survey.type as string),
    })(problems, path, value),
  thankYou: nonEmptyText,
  position: oneOf(positions),
  trigger: object(full && 'an object like { delayMs: 5000 }', {
    delayMs: number(0),
    scrollPercent: number(0, 100),
    exitIntent: bool,
    event: nonEmptyText,
    urls: object(full && 'an object like { include: ["/checkout/*"] }', {
      include: strings,
      exclude: strings,
    }),
  }),
  audience,
  sample: number(0, 1),
  recontactDays: number(0),
  dismissCooldownDays: number(0),
};
const surveyKeys = Object.keys(surveyRules);

const forbiddenHeaders = ['content-type', 'idempotency-key'];
const headerValues = full && 'an object of header names to string values';

/** The config's options kept as they are when they pass, in the order their problems are said. */
const optionRules: Record<string, Rule> = {
  brand: nonEmptyText,
  locale: (problems, path, value) => {
    if (!nonEmptyText(problems, path, value)) return false;
    if (typeof value === 'string' && !builtInLocaleOf(value))
      problems.push(
        said(path, value, full && `"${value}" has no built-in wording, so it is not used`),
      );
    return true;
  },
  colorScheme: oneOf(['auto', 'light', 'dark']),
  zIndex: number(-2147483647, 2147483647),
  nonce: nonEmptyText,
  requireConsent: bool,
  minDaysBetweenSurveys: number(0),
  debug: bool,
  onError: (problems, path, value) =>
    value === undefined ||
    typeof value === 'function' ||
    problem(problems, path, full && 'a function', value),
  headers: shaped(headerValues, (problems, path, value) =>
    Object.values(value as object).some((v) => typeof v !== 'string')
      ? problem(problems, path, headerValues, value)
      : !Object.keys(value as object).some((name) =>
          forbiddenHeaders.includes(name.toLowerCase()),
        ) ||
        problem(
          problems,
          path,
          full && 'free of Content-Type and Idempotency-Key, which the widget sets',
          value,
        ),
  ),
};

/** Checks one survey definition; `null` when it cannot be shown. */
export function validateSurvey(
  input: unknown,
  path: string,
  problems: Problems,
): SurveyDefinition | null {
  if (!isObject(input)) {
    problem(problems, path, full && 'an object like { id: "nps", type: "nps" }', input);
    return null;
  }
  checkKeys(problems, `${path}.`, input, surveyKeys);
  return checkFields(problems, `${path}.`, input, surveyRules)
    ? (input as unknown as SurveyDefinition)
    : null;
}

/**
 * The endpoint rule: `https:`, the page's own origin, or
 * localhost. Returns a problem message, or `null` when the endpoint is allowed.
 */
export function checkEndpoint(
  endpoint: unknown,
  pageOrigin: string,
  path = 'endpoint',
): string | null {
  const problems: Problems = [];
  const expected = full && 'an https: URL, a URL on this site, or a localhost URL';
  if (typeof endpoint !== 'string' || endpoint.trim() === '') {
    problem(problems, path, full && `set to where answers are posted: ${expected}`, endpoint);
    return problems[0] as string;
  }
  let url: URL;
  try {
    url = new URL(endpoint, pageOrigin);
  } catch {
    problem(problems, path, expected, endpoint);
    return problems[0] as string;
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  const sameOrigin = url.origin === pageOrigin;
  const webUrl = url.protocol === 'https:' || url.protocol === 'http:';
  if (webUrl && (url.protocol === 'https:' || sameOrigin || local)) return null;
  problem(
    problems,
    path,
    full && `${expected}; plain http: is allowed only for localhost`,
    endpoint,
  );
  return problems[0] as string;
}

/**
 * Checks a whole config. Valid surveys are kept and invalid ones dropped; an
 * invalid option falls back to its default. Nothing throws.
 */
export function validateConfig(
  input: unknown,
  pageOrigin: string,
  /** A remote config may leave the endpoint to the inline one. */
  endpointRequired = true,
): Checked<SurveyletConfig> {
  const problems: Problems = [];
  if (!isObject(input)) {
    problem(
      problems,
      'config',
      full && 'an object like { endpoint: "https://…", surveys: [...] }',
      input,
    );
    return { value: {}, problems };
  }
  const c = input;
  const config: SurveyletConfig = {};
  checkKeys(problems, 'config.', c, configKeys);

  if (c.endpoint !== undefined || (c.configUrl === undefined && endpointRequired)) {
    const endpointProblem = checkEndpoint(c.endpoint, pageOrigin);
    if (endpointProblem) problems.push(endpointProblem);
    else config.endpoint = c.endpoint as string;
  }
  if (c.configUrl !== undefined) {
    const configUrlProblem = checkEndpoint(c.configUrl, pageOrigin, 'configUrl');
    if (configUrlProblem) problems.push(configUrlProblem);
    else config.configUrl = c.configUrl as string;
  }

  if (c.surveys !== undefined && !Array.isArray(c.surveys)) {
    problem(
      problems,
      'surveys',
      full && 'an array of surveys like [{ id: "nps", type: "nps" }]',
      c.surveys,
    );
  } else if (Array.isArray(c.surveys)) {
    const seen = new Set<string>();
    config.surveys = [];
    c.surveys.forEach((raw, index) => {
      const survey = validateSurvey(raw, `surveys[${index}]`, problems);
      if (!survey) return;
      if (seen.has(survey.id)) {
        problems.push(
          said(
            `surveys[${index}].id`,
            survey.id,
            full && `must be unique (got "${survey.id}" twice); the later one is ignored`,
          ),
        );
        return;
      }
      seen.add(survey.id);
      config.surveys?.push(survey);
    });
  }

  for (const [key, rule] of Object.entries(optionRules)) {
    if (rule(problems, key, c[key]) && c[key] !== undefined)
      (config as Record<string, unknown>)[key] = c[key];
  }
  for (const key of ['strings', 'theme'] as const) {
    const value = c[key];
    if (value === undefined) continue;
    if (!isObject(value)) {
      problem(problems, key, full && 'an object of strings', value);
      continue;
    }
    checkKeys(problems, `${key}.`, value, key === 'theme' ? themeKeys : stringKeys);
    const entries = Object.entries(value).filter(([name, v]) =>
      anyText(problems, `${key}.${name}`, v),
    );
    config[key] = Object.fromEntries(entries);
  }
  return { value: config, problems };
}
