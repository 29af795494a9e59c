// The config rules, and only what decides: which surveys are kept, which options fall back
// to their defaults, and which field each problem is at. The words that explain a problem
// in full live in validate.ts, built on these same rules, so the script tag's loader
// carries the rules and says the full words only when it has something to say.
import { builtInLocaleOf, stringKeys } from './languages.js';
import type { SurveyDefinition, SurveyletConfig } from './types.js';
import type { shapes } from './validate.js';

/**
 * What a field must be, where the full message is one sentence "… must be …": a key of the
 * sentences in validate.ts (a type-only import: the loader carries no sentence).
 */
export type Shape = keyof typeof shapes;

/**
 * One problem: the field as a reader finds it in the config, what it holds (for `unknown`,
 * the unknown key), the rule, and what the rule checked against (kept short: the loader
 * carries every problem it can find).
 */
export type Problem =
  | [path: string, value: unknown, rule: Shape | 'unique' | 'locale']
  | [path: string, value: unknown, rule: 'oneOf', options: readonly string[]]
  | [path: string, value: unknown, rule: 'number', min: number, max: number]
  | [path: string, value: unknown, rule: 'unknown', known: readonly string[]]
  | [path: string, value: unknown, rule: 'category', type: string, options: readonly string[]]
  /** The field applies to surveys of `type` only. */
  | [path: string, value: unknown, rule: 'only', type: string];

type Problems = Problem[];
type Rule = Problem[2];

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
export const ruleOperators = ['eq', 'in', 'gt', 'gte', 'lt', 'lte', 'exists'];
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

/** Records a problem; `false`, so a check can end with it. */
function fail(to: Problems, path: string, value: unknown, rule: Rule, ...more: unknown[]): false {
  to.push([path, value, rule, ...more] as Problem);
  return false;
}

/** Checks one field at `path`, recording what is wrong with it; the arguments follow `value`. */
type Check = (problems: Problems, path: string, value: unknown, ...args: never[]) => unknown;
/** A field of an object: its key, its check and the check's arguments. */
type Field = [key: string, check: Check, ...args: unknown[]];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(problems: Problems, path: string, value: object, known: readonly string[]) {
  for (const key of Object.keys(value))
    if (!known.includes(key)) fail(problems, path + key, key, 'unknown', known);
}

/** Checks each field of `value` in turn. */
function fields(problems: Problems, path: string, value: Record<string, unknown>, list: Field[]) {
  for (const [key, check, ...args] of list)
    check(problems, `${path}.${key}`, value[key], ...(args as never[]));
}

/** An optional object of `list`'s fields, `shape` when it is something else. */
const object =
  (shape: Shape, list: Field[]): Check =>
  (problems, path, value) =>
    value === undefined ||
    (isObject(value) ? fields(problems, path, value, list) : fail(problems, path, value, shape));

function oneOf(problems: Problems, path: string, value: unknown, options: readonly string[]) {
  return (
    value === undefined ||
    options.includes(value as string) ||
    fail(problems, path, value, 'oneOf', options)
  );
}

function text(problems: Problems, path: string, value: unknown, nonEmpty = false): boolean {
  if (value === undefined) return true;
  if (typeof value === 'string' && (!nonEmpty || value.trim() !== '')) return true;
  return fail(problems, path, value, nonEmpty ? 'nonEmpty' : 'text');
}

function bool(problems: Problems, path: string, value: unknown): boolean {
  return value === undefined || typeof value === 'boolean' || fail(problems, path, value, 'bool');
}

function number(problems: Problems, path: string, value: unknown, min: number, max = Infinity) {
  if (value === undefined) return true;
  if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max)
    return true;
  return fail(problems, path, value, 'number', min, max);
}

function strings(problems: Problems, path: string, value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return true;
  return fail(problems, path, value, 'strings');
}

function byCategory(problems: Problems, path: string, value: unknown, type: string) {
  if (value === undefined) return;
  if (!isObject(value)) return fail(problems, path, value, 'byCategory');
  const options = categoriesByType[type] as string[];
  for (const [category, question] of Object.entries(value)) {
    const at = `${path}.${category}`;
    if (options.includes(category)) text(problems, at, question, true);
    else fail(problems, at, question, 'category', type, options);
  }
}

// A follow-up's categories depend on the survey type: without a valid type it is not checked.
const followUp: Check = (problems, path, value, type: string) =>
  value === false ||
  !surveyTypes.includes(type as never) ||
  object('followUp', [
    ['question', text, true],
    ['required', bool],
    ['maxLength', number, 1, 10000],
    ['byCategory', byCategory, type],
  ])(problems, path, value);

const trigger = object('trigger', [
  ['delayMs', number, 0],
  ['scrollPercent', number, 0, 100],
  ['exitIntent', bool],
  ['event', text, true],
  [
    'urls',
    object('urls', [
      ['include', strings],
      ['exclude', strings],
    ]),
  ],
]);

function audience(problems: Problems, path: string, value: unknown) {
  if (value === undefined) return;
  if (!isObject(value)) return fail(problems, path, value, 'audience');
  for (const [trait, rule] of Object.entries(value)) {
    const rulePath = `${path}.${trait}`;
    if (!isObject(rule) || Object.keys(rule).length === 0) fail(problems, rulePath, rule, 'rule');
    else
      for (const [operator, operand] of Object.entries(rule)) {
        const at = `${rulePath}.${operator}`;
        if (!ruleOperators.includes(operator)) fail(problems, rulePath, rule, 'rule');
        else if (operator === 'in') Array.isArray(operand) || fail(problems, at, operand, 'inList');
        else if (operator === 'exists') bool(problems, at, operand);
        else if (operator !== 'eq') number(problems, at, operand, -Infinity);
      }
  }
}

/** Checks one survey definition; `null` when it cannot be shown. */
export function checkSurvey(
  survey: unknown,
  path: string,
  problems: Problems,
): SurveyDefinition | null {
  if (!isObject(survey)) return fail(problems, path, survey, 'survey') || null;
  const only = (field: string, type: string, options: readonly string[]): Field => [
    field,
    (problems, at, value) =>
      value !== undefined && survey.type !== type
        ? fail(problems, at, value, 'only', type)
        : oneOf(problems, at, value, options),
  ];
  // Every field a survey may have, in the order they are checked.
  const list: Field[] = [
    [
      'id',
      (problems, at, id) => (typeof id === 'string' && id.trim()) || fail(problems, at, id, 'id'),
    ],
    [
      'type',
      (problems, at, type) =>
        surveyTypes.includes(type as never) || fail(problems, at, type, 'oneOf', surveyTypes),
    ],
    ['question', text, true],
    only('style', 'csat', ['numbers', 'stars', 'emoji']),
    only('variant', 'ces', cesVariants),
    [
      'labels',
      object('labels', [
        ['low', text, true],
        ['high', text, true],
      ]),
    ],
    ['followUp', followUp, survey.type],
    ['thankYou', text, true],
    ['position', oneOf, positions],
    ['trigger', trigger],
    ['audience', audience],
    ['sample', number, 0, 1],
    ['recontactDays', number, 0],
    ['dismissCooldownDays', number, 0],
  ];
  checkKeys(
    problems,
    `${path}.`,
    survey,
    list.map(([key]) => key),
  );
  // Unknown keys are ignored; any other problem leaves the survey out.
  const known = problems.length;
  fields(problems, path, survey, list);
  return problems.length === known ? (survey as unknown as SurveyDefinition) : null;
}

/**
 * The endpoint rule: `https:`, the page's own origin, or localhost. Returns the problem,
 * or `null` when the endpoint is allowed.
 */
export function checkUrl(endpoint: unknown, pageOrigin: string, path = 'endpoint'): Problem | null {
  const problem = (rule: Shape): Problem => [path, endpoint, rule];
  if (typeof endpoint !== 'string' || endpoint.trim() === '') return problem('endpoint');
  let url: URL;
  try {
    url = new URL(endpoint, pageOrigin);
  } catch {
    return problem('url');
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  const web = url.protocol === 'https:' || url.protocol === 'http:';
  return web && (url.protocol === 'https:' || url.origin === pageOrigin || local)
    ? null
    : problem('http');
}

function headers(problems: Problems, path: string, value: unknown) {
  if (value === undefined) return;
  if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string'))
    return fail(problems, path, value, 'headers');
  // The widget sets these itself.
  const forbidden = ['content-type', 'idempotency-key'];
  if (Object.keys(value).some((name) => forbidden.includes(name.toLowerCase())))
    fail(problems, path, value, 'headerNames');
}

/**
 * Checks a whole config. Valid surveys are kept and invalid ones dropped; an invalid
 * option falls back to its default. Nothing throws.
 */
export function checkConfig(
  input: unknown,
  pageOrigin: string,
  /** A remote config may leave the endpoint to the inline one. */
  endpointRequired = true,
): { value: SurveyletConfig; problems: Problem[] } {
  const problems: Problems = [];
  if (!isObject(input)) {
    fail(problems, 'config', input, 'config');
    return { value: {}, problems };
  }
  const c = input;
  const config: Record<string, unknown> = {};
  checkKeys(problems, 'config.', c, configKeys);
  /** Checks an option, and keeps it when it is set and valid. */
  const keep = (key: string, check: Check, ...args: unknown[]) => {
    const before = problems.length;
    check(problems, key, c[key], ...(args as never[]));
    if (problems.length === before && c[key] !== undefined) config[key] = c[key];
  };
  const url: Check = (problems, key, value) => {
    const problem = checkUrl(value, pageOrigin, key);
    if (problem) problems.push(problem);
  };
  if (c.endpoint !== undefined || (c.configUrl === undefined && endpointRequired))
    keep('endpoint', url);
  if (c.configUrl !== undefined) keep('configUrl', url);

  if (c.surveys !== undefined && !Array.isArray(c.surveys)) {
    fail(problems, 'surveys', c.surveys, 'surveys');
  } else if (Array.isArray(c.surveys)) {
    const seen = new Set<string>();
    const surveys: SurveyDefinition[] = [];
    c.surveys.forEach((raw, index) => {
      const survey = checkSurvey(raw, `surveys[${index}]`, problems);
      if (!survey) return;
      if (seen.has(survey.id)) fail(problems, `surveys[${index}].id`, survey.id, 'unique');
      else {
        seen.add(survey.id);
        surveys.push(survey);
      }
    });
    config.surveys = surveys;
  }

  keep('brand', text, true);
  keep('locale', text, true);
  if (typeof c.locale === 'string' && c.locale.trim() && !builtInLocaleOf(c.locale)) {
    fail(problems, 'locale', c.locale, 'locale');
  }
  keep('colorScheme', oneOf, ['auto', 'light', 'dark']);
  keep('zIndex', number, -2147483647, 2147483647);
  keep('nonce', text, true);
  keep('requireConsent', bool);
  keep('minDaysBetweenSurveys', number, 0);
  keep('debug', bool);
  keep('onError', (problems, key, value) => {
    value === undefined || typeof value === 'function' || fail(problems, key, value, 'function');
  });
  keep('headers', headers);
  for (const key of ['strings', 'theme'] as const) {
    const value = c[key];
    if (value === undefined) continue;
    if (!isObject(value)) {
      fail(problems, key, value, 'stringMap');
      continue;
    }
    checkKeys(problems, `${key}.`, value, key === 'theme' ? themeKeys : stringKeys);
    const entries = Object.entries(value).filter(([name, v]) =>
      text(problems, `${key}.${name}`, v),
    );
    config[key] = Object.fromEntries(entries);
  }
  return { value: config as SurveyletConfig, problems };
}
