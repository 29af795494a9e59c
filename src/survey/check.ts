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

/** One problem: the field as a reader finds it in the config, what it holds, and the rule. */
export type Problem = { path: string; value: unknown } & (
  | { rule: Shape }
  | { rule: 'oneOf'; options: readonly string[] }
  | { rule: 'number'; min: number; max: number }
  /** `value` is the unknown key. */
  | { rule: 'unknown'; known: readonly string[] }
  | { rule: 'category'; type: string; options: readonly string[] }
  /** The field applies to surveys of `type` only. */
  | { rule: 'only'; type: string }
  | { rule: 'unique' }
  | { rule: 'locale' }
);

type Problems = Problem[];

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
const surveyKeys = [
  'id',
  'type',
  'question',
  'style',
  'variant',
  'labels',
  'followUp',
  'thankYou',
  'position',
  'trigger',
  'audience',
  'sample',
  'recontactDays',
  'dismissCooldownDays',
];
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
function fail(
  problems: Problems,
  path: string,
  value: unknown,
  rule: Problem['rule'],
  more?: object,
): false {
  problems.push({ path, value, rule, ...more } as Problem);
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(problems: Problems, path: string, value: object, known: readonly string[]) {
  for (const key of Object.keys(value))
    if (!known.includes(key))
      problems.push({ path: path + key, value: key, rule: 'unknown', known });
}

function oneOf(problems: Problems, path: string, value: unknown, options: readonly string[]) {
  return (
    value === undefined ||
    options.includes(value as string) ||
    fail(problems, path, value, 'oneOf', { options })
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
  return fail(problems, path, value, 'number', { min, max });
}

function strings(problems: Problems, path: string, value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return true;
  return fail(problems, path, value, 'strings');
}

function checkFollowUp(problems: Problems, path: string, value: unknown, type: string): boolean {
  if (value === undefined || value === false) return true;
  if (!isObject(value)) return fail(problems, path, value, 'followUp');
  let ok = text(problems, `${path}.question`, value.question, true);
  ok = bool(problems, `${path}.required`, value.required) && ok;
  ok = number(problems, `${path}.maxLength`, value.maxLength, 1, 10000) && ok;
  const byCategory = value.byCategory;
  if (byCategory === undefined) return ok;
  if (!isObject(byCategory)) return fail(problems, `${path}.byCategory`, byCategory, 'byCategory');
  const options = categoriesByType[type] ?? [];
  for (const [category, question] of Object.entries(byCategory)) {
    const at = `${path}.byCategory.${category}`;
    ok = options.includes(category)
      ? text(problems, at, question, true) && ok
      : fail(problems, at, question, 'category', { type, options });
  }
  return ok;
}

function checkTrigger(problems: Problems, path: string, value: unknown): boolean {
  if (value === undefined) return true;
  if (!isObject(value)) return fail(problems, path, value, 'trigger');
  let ok = number(problems, `${path}.delayMs`, value.delayMs, 0);
  ok = number(problems, `${path}.scrollPercent`, value.scrollPercent, 0, 100) && ok;
  ok = bool(problems, `${path}.exitIntent`, value.exitIntent) && ok;
  ok = text(problems, `${path}.event`, value.event, true) && ok;
  const urls = value.urls;
  if (urls === undefined) return ok;
  if (!isObject(urls)) return fail(problems, `${path}.urls`, urls, 'urls');
  ok = strings(problems, `${path}.urls.include`, urls.include) && ok;
  return strings(problems, `${path}.urls.exclude`, urls.exclude) && ok;
}

function checkAudience(problems: Problems, path: string, value: unknown): boolean {
  if (value === undefined) return true;
  if (!isObject(value)) return fail(problems, path, value, 'audience');
  let ok = true;
  for (const [trait, rule] of Object.entries(value)) {
    const rulePath = `${path}.${trait}`;
    if (!isObject(rule) || Object.keys(rule).length === 0) {
      ok = fail(problems, rulePath, rule, 'rule');
      continue;
    }
    for (const [operator, operand] of Object.entries(rule)) {
      const at = `${rulePath}.${operator}`;
      if (!ruleOperators.includes(operator)) ok = fail(problems, rulePath, rule, 'rule');
      else if (operator === 'in' && !Array.isArray(operand))
        ok = fail(problems, at, operand, 'inList');
      else if (operator === 'exists') ok = bool(problems, at, operand) && ok;
      else if (operator !== 'eq' && operator !== 'in')
        ok = number(problems, at, operand, -Infinity) && ok;
    }
  }
  return ok;
}

/** Checks one survey definition; `null` when it cannot be shown. */
export function checkSurvey(
  input: unknown,
  path: string,
  problems: Problems,
): SurveyDefinition | null {
  if (!isObject(input)) return fail(problems, path, input, 'survey') || null;
  const s = input;
  checkKeys(problems, `${path}.`, s, surveyKeys);
  let ok = typeof s.id === 'string' && s.id.trim() !== '';
  if (!ok) fail(problems, `${path}.id`, s.id, 'id');
  const typeOk = surveyTypes.includes(s.type as never);
  if (!typeOk) ok = fail(problems, `${path}.type`, s.type, 'oneOf', { options: surveyTypes });
  ok = text(problems, `${path}.question`, s.question, true) && ok;
  const onlyFor = (field: 'style' | 'variant', type: string, options: readonly string[]) =>
    s[field] !== undefined && s.type !== type
      ? fail(problems, `${path}.${field}`, s[field], 'only', { type })
      : oneOf(problems, `${path}.${field}`, s[field], options);
  ok = onlyFor('style', 'csat', ['numbers', 'stars', 'emoji']) && ok;
  ok = onlyFor('variant', 'ces', cesVariants) && ok;
  if (s.labels !== undefined) {
    if (!isObject(s.labels)) ok = fail(problems, `${path}.labels`, s.labels, 'labels');
    else {
      ok = text(problems, `${path}.labels.low`, s.labels.low, true) && ok;
      ok = text(problems, `${path}.labels.high`, s.labels.high, true) && ok;
    }
  }
  if (typeOk) ok = checkFollowUp(problems, `${path}.followUp`, s.followUp, s.type as string) && ok;
  ok = text(problems, `${path}.thankYou`, s.thankYou, true) && ok;
  ok = oneOf(problems, `${path}.position`, s.position, positions) && ok;
  ok = checkTrigger(problems, `${path}.trigger`, s.trigger) && ok;
  ok = checkAudience(problems, `${path}.audience`, s.audience) && ok;
  ok = number(problems, `${path}.sample`, s.sample, 0, 1) && ok;
  ok = number(problems, `${path}.recontactDays`, s.recontactDays, 0) && ok;
  ok = number(problems, `${path}.dismissCooldownDays`, s.dismissCooldownDays, 0) && ok;
  return ok ? (s as unknown as SurveyDefinition) : null;
}

/**
 * The endpoint rule: `https:`, the page's own origin, or localhost. Returns the problem,
 * or `null` when the endpoint is allowed.
 */
export function checkUrl(endpoint: unknown, pageOrigin: string, path = 'endpoint'): Problem | null {
  const problem = (rule: Shape): Problem => ({ path, value: endpoint, rule });
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
  const config: SurveyletConfig = {};
  checkKeys(problems, 'config.', c, configKeys);

  const url = (key: 'endpoint' | 'configUrl') => {
    const problem = checkUrl(c[key], pageOrigin, key);
    if (problem) problems.push(problem);
    else config[key] = c[key] as string;
  };
  if (c.endpoint !== undefined || (c.configUrl === undefined && endpointRequired)) url('endpoint');
  if (c.configUrl !== undefined) url('configUrl');

  if (c.surveys !== undefined && !Array.isArray(c.surveys)) {
    fail(problems, 'surveys', c.surveys, 'surveys');
  } else if (Array.isArray(c.surveys)) {
    const seen = new Set<string>();
    config.surveys = [];
    c.surveys.forEach((raw, index) => {
      const survey = checkSurvey(raw, `surveys[${index}]`, problems);
      if (!survey) return;
      if (seen.has(survey.id)) fail(problems, `surveys[${index}].id`, survey.id, 'unique');
      else {
        seen.add(survey.id);
        config.surveys?.push(survey);
      }
    });
  }

  const keep = <K extends keyof SurveyletConfig>(key: K, ok: boolean) => {
    if (ok && c[key] !== undefined) config[key] = c[key] as SurveyletConfig[K];
  };
  keep('brand', text(problems, 'brand', c.brand, true));
  keep('locale', text(problems, 'locale', c.locale, true));
  if (typeof c.locale === 'string' && c.locale.trim() && !builtInLocaleOf(c.locale)) {
    fail(problems, 'locale', c.locale, 'locale');
  }
  keep('colorScheme', oneOf(problems, 'colorScheme', c.colorScheme, ['auto', 'light', 'dark']));
  keep('zIndex', number(problems, 'zIndex', c.zIndex, -2147483647, 2147483647));
  keep('nonce', text(problems, 'nonce', c.nonce, true));
  keep('requireConsent', bool(problems, 'requireConsent', c.requireConsent));
  keep(
    'minDaysBetweenSurveys',
    number(problems, 'minDaysBetweenSurveys', c.minDaysBetweenSurveys, 0),
  );
  keep('debug', bool(problems, 'debug', c.debug));
  keep(
    'onError',
    c.onError === undefined ||
      typeof c.onError === 'function' ||
      fail(problems, 'onError', c.onError, 'function'),
  );
  const headers = c.headers;
  if (headers !== undefined) {
    const forbidden = ['content-type', 'idempotency-key'];
    if (!isObject(headers) || Object.values(headers).some((v) => typeof v !== 'string'))
      fail(problems, 'headers', headers, 'headers');
    else if (Object.keys(headers).some((name) => forbidden.includes(name.toLowerCase())))
      fail(problems, 'headers', headers, 'headerNames');
    else config.headers = headers as Record<string, string>;
  }
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
  return { value: config, problems };
}
